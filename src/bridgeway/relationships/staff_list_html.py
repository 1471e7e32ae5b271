"""The rows of a program's mentorships page for coordinators, written in one pass.

The page lists up to 50 pairs (and a group program's circles) and 25 requests, and Django's
template walked each row: a dozen variables, two dates, a `{% url %}`, the reasons to act, and
for each request its thread of questions through `relationships/_thread.html` (an
`{% include %}` per request). That was about a third of the page's CPU after its reads
(docs/benchmarks.md, "Mixed traffic"). `pair_rows_html` and `request_rows_html` write the same
markup in Python: every value escaped as the template escaped it (`conditional_escape`, so a
value marked safe stays as it is), the words translated as `{% translate %}` and
`{% blocktranslate %}` translate them, the dates through the template's own `date` filter in
the reader's time zone, and each row's address reversed once for the page.
`relationships/_staff_pair_rows.html` and `relationships/_staff_request_rows.html` stay the
description of the rows: `tests/relationships/test_staff_list_html.py` compares the two byte
for byte (English and French, every status and reason, groups, threads, names and texts that
need escaping, in the reader's time zone)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from bridgeway.core.html_writing import address as _address
from bridgeway.core.html_writing import date_text, local_time
from bridgeway.core.html_writing import day as _written_day
from bridgeway.core.html_writing import shown as _shown


class _Days:
    """`{{ value|date:"DATE_FORMAT" }}` for the dates of one page: a format of the day alone,
    so each day (in the reader's time zone) is written once for the page, however many rows
    start or end on it."""

    def __init__(self) -> None:
        self.written: dict[date, str] = {}

    def __call__(self, value: datetime | date) -> str:
        day = local_time(value).date() if isinstance(value, datetime) else value
        if day not in self.written:
            self.written[day] = _written_day(value)
        return self.written[day]


def _reasons_cells(risks: list[Any] | None, late: list[Any] | None) -> str:
    """The "needs attention" and "overdue" cells: `join:"; "` and a list, as the template."""
    attention = ""
    if risks is not None:
        attention = "<strong>" + "; ".join(str(conditional_escape(r)) for r in risks) + "</strong>"
    overdue = ""
    if late is not None:
        overdue = "<ul>" + "".join(f"<li>{_shown(reason)}</li>" for reason in late) + "</ul>"
    return f"<td>{attention}</td><td>{overdue}</td>"


def pair_rows_html(groups: Iterable[Any], pairs: Iterable[Any]) -> SafeString:
    """The table's rows: each group (with `listed_risks`, `listed_late`, `mentor_names` and
    `mentee_count`), then each pair (with `listed_status`, `listed_risks`, `listed_late`), as
    `relationships/_staff_pair_rows.html` writes them."""
    parts: list[str] = []
    _day = _Days()
    group_link: tuple[str, str] | None = None
    for group in groups:
        if group_link is None:
            group_link = _address("relationships:staff_group")
        named = gettext("Group “%(name)s”") % {"name": _shown(group.name)}
        count = group.mentee_count
        size = ngettext("a group of %(count)s mentee", "a group of %(count)s mentees", count) % {
            "count": _shown(count)
        }
        parts.append(
            f'\n    <tr><td><a href="{group_link[0]}{group.pk}{group_link[1]}">{named}</a>'
            f"<br><small>{size}</small></td><td>{_shown(group.mentor_names)}</td>"
            f"<td>{_shown(group.get_status_display())}</td><td>{_day(group.started_at)}</td>"
            f"<td>{_day(group.planned_end)}</td>"
            f"{_reasons_cells(group.listed_risks, group.listed_late)}</tr>\n  "
        )
    pair_link: tuple[str, str] | None = None
    for pair in pairs:
        if pair_link is None:
            pair_link = _address("relationships:staff_relationship")
        parts.append(
            f'\n    <tr><td><a href="{pair_link[0]}{pair.pk}{pair_link[1]}">'
            f"{_shown(pair.mentee.person.name)}</a></td>"
            f"<td>{_shown(pair.mentor.person.name)}</td><td>{_shown(pair.listed_status)}</td>"
            f"<td>{_day(pair.started_at)}</td><td>{_day(pair.planned_end)}</td>"
            f"{_reasons_cells(pair.listed_risks, pair.listed_late)}</tr>\n  "
        )
    # Every value above is escaped, or translated words the template writes as they are.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703


def _thread_html(thread: list[Any], mentor_request: Any) -> str:
    """A request's questions, as `relationships/_thread.html` writes them."""
    mentor_said = gettext("%(name)s, the mentor") % {
        "name": _shown(mentor_request.mentor.person.name)
    }
    mentee_said = gettext("%(name)s, the mentee") % {
        "name": _shown(mentor_request.mentee.person.name)
    }
    parts = ['\n<ol class="thread">\n']
    for item in thread:
        local = local_time(item.created_at)
        machine = _shown(date_text(local, "c"))
        shown = _shown(date_text(local, "DATETIME_FORMAT"))
        said = mentor_said if item.side == "mentor" else mentee_said
        parts.append(
            f'\n  <li><p class="meta">{said} · <time datetime="{machine}">{shown}</time></p>\n'
            f"  <blockquote><p>{linebreaksbr(item.text, autoescape=True)}</p></blockquote></li>\n"
        )
    parts.append("\n</ol>\n\n")  # the include ends with the file's last line
    return "".join(parts)


def request_rows_html(requests: Iterable[Any]) -> SafeString:
    """The requests' rows (each with `listed_status`, `listed_source` and its thread of
    questions as `listed_thread`), as `relationships/_staff_request_rows.html` writes them."""
    words: dict[str, str] = {}
    parts: list[str] = []
    _day = _Days()
    for item in requests:
        if not words:
            words = {
                "both": gettext("both confirm"),
                "mentor": gettext("the mentor accepted"),
                "mentee": gettext("the mentee accepted"),
                "declined": gettext("The mentee declined:"),
                "none": gettext("none"),
            }
        status = _shown(item.listed_status)
        if item.source != "mentee":
            confirms = ""
            if item.mentee_confirms:
                confirms = f" · {words['both']}"
                if item.mentor_accepted_at:
                    confirms += f" · {words['mentor']}"
                if item.mentee_accepted_at:
                    confirms += f" · {words['mentee']}"
            status += f"<br><small>{_shown(item.listed_source)}{confirms}</small>"
        due = _day(item.due_at) if item.due_at else ""
        reason = ""
        if item.decline_reason:
            if item.declined_by == "mentee":
                reason = f"{words['declined']} "
            reason += _shown(item.decline_label())
            if item.decline_note:
                reason += f": {_shown(item.decline_note)}"
        thread = item.listed_thread
        if thread:
            n = len(thread)
            summary = ngettext("%(n)s message", "%(n)s messages", n) % {"n": _shown(n)}
            questions = (
                f"<details><summary>{summary}</summary>{_thread_html(thread, item)}</details>"
            )
        else:
            questions = words["none"]
        parts.append(
            f"\n    <tr><td>{_shown(item.mentee.person.name)}</td>"
            f"<td>{_shown(item.mentor.person.name)}</td><td>{status}</td><td>{due}</td>"
            f"<td>{reason}</td><td>{questions}</td></tr>\n  "
        )
    # Every value above is escaped, or translated words the template writes as they are.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
