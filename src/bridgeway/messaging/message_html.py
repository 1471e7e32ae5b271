"""A page's messages written in one pass.

A conversation page shows up to 50 messages, and Django's template walked
`messaging/_message.html` for each (an `{% include %}`, a dozen variables, two dates, a
`{% url %}` or two and the `{% translate %}` words): most of what the page cost after its reads
(docs/benchmarks.md, "Mixed traffic"). `messages_html` writes the same markup in Python: every
value escaped as the template escaped it, the words translated as `{% translate %}` and
`{% blocktranslate %}` translate them, the dates through the template's own `date` filter in the
reader's time zone, and a message's files through `messaging/_attachments.html` (rare, and
shared with the community's posts). `messaging/_message.html` stays the description of one
message: `tests/messaging/test_message_html.py` compares the two byte for byte (English and
French, the reader's and the others' messages, edited, deleted, events with and without a text,
files, receipts, a closed conversation, staff reading)."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from bridgeway.core.html_writing import date_text, local_time
from bridgeway.messaging.models import Conversation, Message

# A message id no conversation reaches: reversed once per page, then replaced by each id.
_SLOT = 987654321987654321


def _escape(value: Any) -> str:
    return html.escape(str(value))


def _when(moment: Any) -> str:
    """`<time>` as the template wrote it: `date:'c'` and `date:"DATETIME_FORMAT"`, local."""
    local = local_time(moment)
    # `date:'c'` is the datetime's isoformat (django.utils.dateformat), without parsing "c".
    machine, shown = local.isoformat(), date_text(local, "DATETIME_FORMAT")
    return f'<time datetime="{_escape(machine)}">{_escape(shown)}</time>'


class _Links:
    """The page's addresses of a message (change, delete, its edits) reversed once each."""

    def __init__(self, conversation_pk: int) -> None:
        self.conversation_pk = conversation_pk
        self.kept: dict[str, tuple[str, str]] = {}

    def __call__(self, name: str, message_pk: int) -> str:
        parts = self.kept.get(name)
        if parts is None:
            address = _escape(reverse(name, args=[self.conversation_pk, _SLOT]))
            before, _slot, after = address.partition(str(_SLOT))
            parts = self.kept[name] = (before, after)
        return f"{parts[0]}{message_pk}{parts[1]}"


def messages_html(
    items: Iterable[dict[str, Any]],
    *,
    conversation: Conversation,
    staff_view: bool = False,
) -> SafeString:
    """The `<li>` of each item of `views.shown` (with its `seen_by` when the page has
    receipts), as `messaging/_message.html` writes them one after the other."""
    links = _Links(conversation.pk)
    report = None
    words: dict[str, str] = {}
    is_open = conversation.status == "open"
    parts: list[str] = []
    for item in items:
        message: Message = item["message"]
        pk = message.pk
        mine, text, body = item["mine"], item["text"], item["html"]
        parts.append(
            f'<li id="m{pk}" class="message{" mine" if mine else ""}'
            f'{" message-event" if text else ""}" data-message="{pk}">\n  '
        )
        if message.kind == "event":
            said = f"<strong>{_escape(text)}</strong>" if body else _escape(text)
            parts.append(f'\n    <p class="meta">{said} {_when(message.created_at)}</p>\n    ')
            if body:
                parts.append(f'<div class="message-body">{body}</div>')
            parts.append("\n  ")
        else:
            if not words:
                words = {
                    "you": gettext("You"),
                    "former": gettext("A former participant"),
                    "edited": gettext("edited"),
                    "change": gettext("Change"),
                    "delete": gettext("Delete"),
                    "report": gettext("Report this message"),
                }
            if mine:
                who = words["you"]
            elif message.author is not None:
                who = _escape(message.author.name)
            else:
                who = words["former"]
            edited = ""
            if item["edited"]:
                edited = f' · <a href="{links("messaging:history", pk)}">{words["edited"]}</a>'
            parts.append(
                f'\n    <p class="message-head"><strong>{who}</strong>\n      <span class="meta">'
                f"{_when(message.created_at)}{edited}</span></p>\n    "
            )
            if text:
                parts.append(f'<p class="meta"><em>{_escape(text)}</em></p>')
            parts.append("\n    ")
            if body:
                parts.append(f'<div class="message-body">{body}</div>')
            parts.append("\n    ")
            if item["files"]:
                parts.append(_files(item["files"], conversation, staff_view))
            parts.append("\n    ")
            plain = not message.deleted_at and message.kind == "text"
            if item["editable"] and is_open:
                parts.append(
                    f'\n      <p class="message-actions"><a href="{links("messaging:edit", pk)}">'
                    f'{words["change"]}</a> · <a href="{links("messaging:delete", pk)}">'
                    f"{words['delete']}</a></p>\n    "
                )
            elif mine and plain:
                parts.append(
                    f'\n      <p class="message-actions"><a href="{links("messaging:delete", pk)}">'
                    f"{words['delete']}</a></p>\n    "
                )
            elif not mine and plain and not staff_view:
                if report is None:
                    report = _escape(reverse("concerns:my_new"))
                parts.append(
                    f'\n      <p class="message-actions"><a href="{report}?message={pk}">'
                    f"{words['report']}</a></p>\n    "
                )
            parts.append("\n    ")
            seen_by = item.get("seen_by")
            if seen_by:
                names = ", ".join(_escape(name) for name in seen_by)
                seen = gettext("Seen by %(names)s") % {"names": names}
                parts.append(f'<p class="meta receipt">{seen}</p>')
            parts.append("\n  ")
        parts.append("\n</li>\n")
    # Every value above is escaped, or safe HTML (sanitized messages, translated words).
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703


def _files(files: list[Any], conversation: Conversation, staff_view: bool) -> str:
    """A message's files, by the template the community's posts share."""
    return get_template("messaging/_attachments.html").render(
        {"files": files, "conversation": conversation, "staff_view": staff_view}
    )
