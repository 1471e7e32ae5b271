"""A space's list of topics and a topic's replies, written in one pass.

A forum space lists 20 topics a page and a topic 20 replies, and Django's template walked each
card: a `{% url %}`, a date, two or three `{% blocktranslate %}`, the post's state through
`community/_post_state.html` and, for a reply, its notes, files, helpful form and links (an
`{% include %}` each, a `{% csrf_token %}` a reply). That was most of the pages' CPU after
their reads (docs/benchmarks.md, "The forum space and topic pages, their cards in one pass").
`topic_cards_html` and `reply_cards_html` write the same markup in Python: every value escaped
as the template escaped it (`conditional_escape`, so a value marked safe stays as it is), the
words translated as `{% translate %}` and `{% blocktranslate %}` translate them (the words as
they are, the values escaped), the dates through the template's own `date` filter in the
reader's time zone, and each card's addresses reversed once a page. A reply's files, rare,
still go through `community/_files.html`. `community/_topic_cards.html` and
`community/_reply_cards.html` stay the description of the cards:
`tests/community/test_posts_html.py` compares the two byte for byte (English and French, two
time zones, pinned and locked topics, held, refused and hidden posts, a former participant's
posts, files, the reader's own posts and a moderator's view)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from bridgeway.core.html_writing import address as _address
from bridgeway.core.html_writing import shown as _shown
from bridgeway.core.html_writing import when as _when


def _words(message: str) -> str:
    """`{% translate "message" %}`: translated, and written as it is (a literal of the
    template is safe, and so is its translation)."""
    return str(gettext(message))


def _link(address: tuple[str, str], pk: Any) -> str:
    return f"{address[0]}{_shown(pk)}{address[1]}"


def post_state_html(post: Any) -> str:
    """`community/_post_state.html`: the tags of a held, refused or hidden post."""
    parts = []
    if post.state == "held":
        parts.append(f'<span class="tag">{_words("Waiting for review")}</span> ')
    elif post.state == "rejected":
        parts.append(f'<span class="tag">{_words("Not approved")}</span> ')
    if post.hidden_at:
        parts.append(f'<span class="tag">{_words("Hidden by a moderator")}</span> ')
    return "".join(parts)


def post_notes_html(post: Any, reader_id: Any) -> str:
    """`community/_post_notes.html`: what the author (and the moderators) read about a post's
    moderation."""
    parts = []
    own = post.author_id == reader_id
    if post.state == "held":
        said = (
            _words(
                "Your post waits for a moderator's approval: until then only you and the "
                "moderators can read it."
            )
            if own
            else _words("This post waits for a moderator's approval.")
        )
        parts.append(f'<p class="notice">{said}</p>')
    elif post.state == "rejected":
        refused = _words(
            "A moderator did not approve this post: only its author and the moderators can read it."
        )
        reason = gettext("Reason: %(reason)s") % {"reason": _shown(post.review_note)}
        parts.append(f'<p class="notice">{refused} {reason}</p>')
    if post.hidden_at:
        said = (
            _words("A moderator hid your post: others see that it is hidden, not what it says.")
            if own
            else _words("Hidden by a moderator: readers do not see what it says.")
        )
        reason = gettext("Reason: %(reason)s") % {"reason": _shown(post.hidden_reason)}
        parts.append(f'<p class="notice">{said} {reason}</p>')
    return "".join(parts)


def topic_cards_html(topics: Iterable[Any]) -> SafeString:
    """A space's topics (each with its author), as `community/_topic_cards.html` writes them."""
    parts: list[str] = []
    link: tuple[str, str] | None = None
    pinned = locked = ""
    for topic in topics:
        if link is None:
            link = _address("community:topic")
            pinned = f'<span class="tag">{_words("Pinned")}</span> '
            locked = f'<span class="tag">{_words("Locked")}</span> '
        by = gettext("by %(name)s, %(date)s") % {
            "name": _shown(topic.author.name),
            "date": _when(topic.created_at, "DATE_FORMAT"),
        }
        count = topic.reply_count
        replies = ngettext("%(counter)s reply", "%(counter)s replies", count) % {
            "counter": _shown(count)
        }
        parts.append(
            f'\n  <li class="card">\n    <h3><a href="{_link(link, topic.pk)}">'
            f"{_shown(topic.title)}</a></h3>\n"
            f'    <p class="meta">{pinned if topic.pinned else ""}'
            f"{locked if topic.locked else ''}{post_state_html(topic)}{by} · {replies}</p>\n"
            "  </li>\n  "
        )
    # Every value above is escaped, or translated words the template writes as they are.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703


def _files_html(files: list[Any]) -> str:
    """`{% include "community/_files.html" with files=reply.files.all %}`: a reply's files are
    rare, so they still go through the template (nothing but its last line for none)."""
    if not files:
        return "\n"
    return str(get_template("community/_files.html").render({"files": files}))


def _files_of(reply: Any) -> list[Any]:
    """A reply's files: as the topic's page read them (`selectors.files_for_page`), else
    through the reply."""
    files = getattr(reply, "file_list", None)
    return list(reply.files.all()) if files is None else list(files)


def reply_cards_html(
    replies: Iterable[Any],
    *,
    reader_id: Any,
    moderator: bool,
    csrf_token: str,
    full_path: str,
) -> SafeString:
    """A topic's replies (each with `html`, its author, its files and `mine`, the reader's
    helpful mark), as `community/_reply_cards.html` writes them for the reader (`reader_id`),
    a moderator or not, on the page at `full_path` with the request's `csrf_token`."""
    parts: list[str] = []
    links: dict[str, tuple[str, str]] = {}
    words: dict[str, str] = {}
    token = _shown(csrf_token)
    back = _shown(full_path)
    for reply in replies:
        if not links:
            links = {
                name: _address(f"community:{name}")
                for name in ("helpful", "reply_report", "reply_moderate")
            }
            words = {
                "hidden": _words("Hidden by a moderator."),
                "take_back": _words("Take back my “helpful”"),
                "helpful": _words("Helpful"),
                "report": _words("Report"),
                "moderate": _words("Moderate"),
            }
        pk = _shown(reply.pk)
        name = _shown(reply.author.name)
        said = gettext("%(name)s, %(date)s") % {
            "name": name,
            "date": _when(reply.created_at, "DATETIME_FORMAT"),
        }
        parts.append(
            f'\n    <li class="card" id="reply-{pk}">\n'
            f'      <p class="meta">{post_state_html(reply)}{said}</p>\n      '
        )
        own = reply.author_id == reader_id
        if reply.hidden_at and not moderator and not own:
            parts.append(f'\n      <p class="notice">{words["hidden"]}</p>\n      ')
        else:
            parts.append(
                f"\n      {post_notes_html(reply, reader_id)}\n"
                f'      <div class="message-body">{reply.html}</div>'
                f"\n      {_files_html(_files_of(reply))}\n      "
            )
            shown = reply.state == "published" and not reply.hidden_at
            if shown:
                found = ngettext(
                    "%(counter)s person found this helpful",
                    "%(counter)s people found this helpful",
                    reply.helpful_count,
                ) % {"counter": _shown(reply.helpful_count)}
                button = ""
                if not own:
                    pressed = "true" if reply.mine else "false"
                    label = words["take_back"] if reply.mine else words["helpful"]
                    button = (
                        f'<button type="submit" class="link-button" aria-pressed="{pressed}">'
                        f"{label}</button>"
                    )
                parts.append(
                    f'\n      <form method="post" action="{_link(links["helpful"], reply.pk)}" '
                    f'class="inline-form"><input type="hidden" name="csrfmiddlewaretoken" '
                    f'value="{token}">\n'
                    f'        <input type="hidden" name="next" value="{back}#reply-{pk}">\n'
                    f'        <span class="meta">{found}</span>\n'
                    f"        {button}\n      </form>\n      "
                )
            the_reply = gettext("the reply by %(name)s") % {"name": name}
            report = moderate = ""
            if not own and shown:
                report = (
                    f'<a href="{_link(links["reply_report"], reply.pk)}">{words["report"]}'
                    f'<span class="visually-hidden"> {the_reply}</span></a>'
                )
            if moderator:
                moderate = (
                    f' <a href="{_link(links["reply_moderate"], reply.pk)}">{words["moderate"]}'
                    f'<span class="visually-hidden"> {the_reply}</span></a>'
                )
            parts.append(f'\n      <p class="inline-links">{report}{moderate}</p>\n      ')
        parts.append("\n    </li>\n    ")
    # Every value above is escaped, or translated words the template writes as they are; a
    # reply's html is the sanitised markdown the template wrote with `|safe`.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
