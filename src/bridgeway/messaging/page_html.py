"""The conversation page and the inbox's rows written in one pass.

A person opens a conversation five times in the mixed traffic's seventeen requests (to read it,
and before each message they send), and their inbox three times. Django's template walked
`messaging/conversation.html` around the messages (a dozen `{% url %}`, `{% translate %}` and
`{% if %}`), and the compose form through `partials/form.html` and the widgets' templates (the
form alone cost more than the messages' markup, docs/benchmarks.md). Here the same markup is
written in Python, as `messaging/message_html.py` writes the messages: every value escaped as
the template escaped it (`{% url %}` escapes what it writes, `{% translate %}` of a literal
does not), the dates
through the template's own `date` filter in the reader's time zone.

`messaging/conversation.html` and `messaging/inbox.html` stay the description of the two pages:
`tests/messaging/test_page_html.py` renders them beside these (English and French, two time
zones, open, closed, a blocked pair, a call under way, files, staff notice, no message yet,
with and without errors in the form) and compares the pages byte for byte. A form sent back
with errors (a rare page) is still written by `partials/form.html`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from bridgeway.core.html_writing import date_text, local_time
from bridgeway.messaging.forms import ACCEPT, ComposeForm
from bridgeway.messaging.models import MAX_BODY, Conversation, Member

# The unbound compose form in one language and attachment limit: words and addresses only,
# with a slot for the form's own key. A few languages times a few limits.
_COMPOSE: dict[tuple[str, int], tuple[str, str]] = {}
_KEY_SLOT = "\x00client-key\x00"
_LABEL_SUFFIX = ":"


def _t(message: str) -> str:
    """A word as `{% translate %}` writes it: translated, as it is (a literal of the
    template, safe; its translations are ours)."""
    return gettext(message)


def _e(value: Any) -> str:
    """A value as `{{ value }}` writes it."""
    return str(conditional_escape(value))


def csrf_input(token: str) -> str:
    """What `{% csrf_token %}` writes."""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{_e(token)}">'


def _compose_fields(limit_mb: int) -> tuple[str, str]:
    """`partials/form.html` for an unbound ComposeForm, before and after its key."""
    language = get_language() or ""
    kept = _COMPOSE.get((language, limit_mb))
    if kept is not None:
        return kept
    # Django's label suffix in the form's language, from Django's own catalog (a name, not a
    # literal, so that our catalog does not take the string in: Django translates it).
    suffix = gettext(_LABEL_SUFFIX)
    body_help = _e(
        gettext("**bold**, _italic_, [a link](https://…), lists with - at the start of a line.")
    )
    files_help = _e(
        gettext(
            "Documents, images, video or audio, up to %(limit)d MB each (the limit of this "
            "program)."
        )
        % {"limit": limit_mb}
    )
    text = (
        f'\n<input type="hidden" name="client_key" value="{_KEY_SLOT}" id="id_client_key">\n\n'
        '<div class="field">\n  \n    '
        f'<label for="id_body">{_e(gettext("Your message"))}{_e(suffix)}</label>'
        f'<textarea name="body" cols="40" rows="3" maxlength="{MAX_BODY}" '
        'aria-describedby="id_body_helptext" id="id_body">\n</textarea>\n  \n  '
        f'<div class="help" id="id_body_helptext">{body_help}</div>\n  \n  \n</div>\n\n'
        '<div class="field">\n  \n    '
        f'<label for="id_attachments">{_e(gettext("Attach files"))}{_e(suffix)}</label>'
        f'<input type="file" name="attachments" multiple accept="{_e(ACCEPT)}" '
        'aria-describedby="id_attachments_helptext" id="id_attachments">\n  \n  '
        f'<div class="help" id="id_attachments_helptext">{files_help}</div>\n  \n  \n</div>\n\n'
    )
    before, _slot, after = text.partition(_KEY_SLOT)
    if len(_COMPOSE) < 64:
        _COMPOSE[(language, limit_mb)] = (before, after)
    return before, after


def compose_fields_html(form: ComposeForm | None, *, client_key: str, limit_mb: int) -> str:
    """The compose form's fields: written here when it is new (`form` None), by
    `partials/form.html` when it comes back with what was sent (and its errors)."""
    if form is not None:
        return get_template("partials/form.html").render({"form": form})
    before, after = _compose_fields(limit_mb)
    return f"{before}{_e(client_key)}{after}"


def conversation_content(
    *,
    member: Member,
    conversation: Conversation,
    title: str,
    items: list[dict[str, Any]],
    items_html: str,
    older: int | None,
    newest: int,
    members: list[Member],
    form: ComposeForm | None,
    client_key: str,
    call: Any,
    refusal: str,
    limit_mb: int,
    csrf_token: str,
) -> tuple[SafeString, SafeString]:
    """The page's title and its `content` block, as `messaging/conversation.html` writes them."""
    pk = conversation.pk
    csrf = csrf_input(csrf_token)
    parts: list[str] = [f'\n<h1>{_e(title)}</h1>\n<p class="meta">']
    parts.append(_e(conversation.get_kind_display()))  # type: ignore[attr-defined]
    program = conversation.program
    if program:
        parts.append(f" · {_e(program.name)}")
    parts.append(" · ")
    last = len(members) - 1
    for n, m in enumerate(members):
        parts.append(_e(m.person.name))
        if m.role != "participant":
            parts.append(f" ({_e(m.get_role_display())})")  # type: ignore[attr-defined]
        if n != last:
            parts.append(", ")
    parts.append('</p>\n<p class="notice">')
    if conversation.kind == "staff":
        parts.append(_t("Your program's staff read and answer this conversation."))
    else:
        parts.append(
            _t(
                "Messages are kept for the program's records. Program staff may read this "
                "conversation when they have a reason, such as a concern; each time is recorded."
            )
        )
    parts.append("</p>\n")
    if conversation.status == "open" and not refusal:
        call_url = _e(reverse("messaging:call", args=[pk]))
        parts.append("\n")
        if call:
            said = (
                _t("A voice call is under way.")
                if call.audio_only
                else _t("A video call is under way.")
            )
            parts.append(
                f'<p class="notice call-now" data-call="{_e(call.pk)}">{said} '
                f'<a class="button" href="{call_url}">{_t("Join the call")}</a></p>'
            )
        parts.append(
            f'\n<p class="call-actions"{" hidden" if call else ""}>'
            f'<a class="button secondary" href="{call_url}">{_t("Start a video call")}</a> '
            f'<a class="button secondary" href="{call_url}?audio=1">'
            f"{_t('Start a voice call')}</a></p>\n"
        )
    parts.append("\n")
    if older:
        parts.append(f'<p><a href="?before={_e(older)}">{_t("Older messages")}</a></p>')
    parts.append(
        '\n<section aria-labelledby="messages-heading">\n'
        f'  <h2 id="messages-heading" class="visually-hidden">{_t("Messages")}</h2>\n  '
    )
    if not items:
        parts.append(f"<p data-empty>{_t('No message yet. Say hello!')}</p>")
    parts.append(
        f'\n  <ol class="messages" id="message-list" data-newest="{_e(newest)}" '
        f'data-new-url="{_e(reverse("messaging:new", args=[pk]))}" data-conversation="{pk}" '
        f'aria-live="polite" aria-relevant="additions">\n    {items_html}\n  </ol>\n'
        "</section>\n"
    )
    if not refusal:
        fields = compose_fields_html(form, client_key=client_key, limit_mb=limit_mb)
        parts.append(
            f'\n<form method="post" id="compose" '
            f'action="{_e(reverse("messaging:conversation", args=[pk]))}" '
            f'enctype="multipart/form-data" novalidate data-compose>{csrf}\n  {fields}\n'
            f'  <button type="submit">{_t("Send")}</button>\n</form>\n'
        )
    else:
        parts.append(f'\n<p class="notice">{_e(refusal)}</p>\n')
    parts.append("\n")
    if member.role != "participant":
        parts.append(
            f'\n<form method="post" action="{_e(reverse("messaging:leave", args=[pk]))}">'
            f'{csrf}\n  <button type="submit" class="secondary">'
            f"{_t('Leave the conversation')}</button>\n</form>\n"
        )
    parts.append("\n")
    relationship = conversation.relationship
    if relationship:
        address = _e(reverse("relationships:detail", args=[relationship.pk]))
        parts.append(f'<p><a href="{address}">{_t("Our mentorship")}</a></p>')
    parts.append(
        f'\n<p><a href="{_e(reverse("messaging:inbox"))}">{_t("All my conversations")}</a></p>\n'
        f'<script src="{_e(static("bridgeway/conversation.js"))}" defer></script>\n'
    )
    page_title = f"{_e(title)} · {_t('Messages')}"
    # Every value above is escaped, or safe HTML (the messages, translated words, the form).
    content = "".join(parts)
    return mark_safe(page_title), mark_safe(content)  # noqa: S308  # nosec B308 B703


def inbox_rows_html(rows: Iterable[tuple[Member, str]]) -> SafeString:
    """The inbox's list of conversations, as `messaging/inbox.html` wrote it."""
    words: dict[str, str] = {}
    parts = ['<ul class="conversation-list">\n  ']
    slot = 987654321987654321
    before, _slot, after = _e(reverse("messaging:conversation", args=[slot])).partition(str(slot))
    for member, title in rows:
        chat = member.conversation
        parts.append(f'\n  <li>\n    <a href="{before}{chat.pk}{after}">{_e(title)}</a>\n    ')
        unread = getattr(member, "unread", None)
        if unread:
            if "unread" not in words:
                words["unread"] = _t("unread")
            parts.append(
                f'<span class="badge">{_e(unread)}</span>'
                f'<span class="visually-hidden"> {words["unread"]}</span>'
            )
        parts.append(f'\n    <span class="meta">· {_e(chat.get_kind_display())}')  # type: ignore[attr-defined]
        if chat.status == "closed":
            if "closed" not in words:
                words["closed"] = _t("closed")
            parts.append(f" · {words['closed']}")
        if chat.last_message_at:
            shown = date_text(local_time(chat.last_message_at), "DATETIME_FORMAT")
            parts.append(f" · {_e(shown)}")
        parts.append("</span>\n  </li>\n  ")
    parts.append("\n</ul>")
    # Every value above is escaped, or a translated word.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
