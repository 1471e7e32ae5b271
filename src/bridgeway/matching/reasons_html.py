"""A list of reasons as HTML, written in one pass.

The same HTML as the template matching/_reasons.html, for a page that shows many lists at
once: the ask page shows five suggested mentors with seven reasons or so each, and including
the template for each list rendered about 35 items through the template engine on every view.
The marks and their words are built once per process and language; each reason's own text and
points are escaped as the template escapes them. tests/matching/test_reasons_html.py holds the
two to the same output."""

from __future__ import annotations

from collections.abc import Iterable

from django.template.defaultfilters import floatformat
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bridgeway.core.html_writing import word as _translated
from bridgeway.matching.reasons import ShownReason

# The words beside each level's mark, per language (translations do not change while a
# process runs).
_MARKS: dict[str, dict[str, str]] = {}
# Points as floatformat writes them, per language: a few weights and their fractions recur in
# every list, and floatformat goes through Decimal each time.
_POINTS: dict[tuple[str, type, float], str] = {}
POINTS_KEPT = 4096


def _marks() -> dict[str, str]:
    language = get_language() or ""
    marks = _MARKS.get(language)
    if marks is None:
        # level: (mark, its word, the element around the word), as the template writes them
        shown = {
            "broken": ("✗", _("Rule broken:"), "strong"),
            "met": ("✓", _("Met:"), 'span class="visually-hidden"'),
            "partly": ("◐", _("Partly met:"), "strong"),
            "unmet": ("○", _("Not met:"), "strong"),
        }
        marks = {
            level: f'<span class="mark" aria-hidden="true">{mark}</span> '
            f"<{element}>{_translated(word)}</{element.split()[0]}>"
            for level, (mark, word, element) in shown.items()
        }
        _MARKS[language] = marks
    return marks


def _points(value: float, language: str) -> str:
    """`value|floatformat:"-1"`, escaped, kept for plain numbers."""
    if type(value) not in (int, float):
        return str(conditional_escape(floatformat(value, "-1")))
    key = (language, type(value), value)
    written = _POINTS.get(key)
    if written is None:
        written = str(conditional_escape(floatformat(value, "-1")))
        if len(_POINTS) >= POINTS_KEPT:
            _POINTS.clear()
        _POINTS[key] = written
    return written


def reasons_list_html(reasons: Iterable[ShownReason]) -> SafeString:
    """The reasons as matching/_reasons.html writes them (without its empty text): a list with
    each reason's mark, text and points; an empty string and a line end when there are none."""
    reasons = list(reasons)
    if not reasons:
        return mark_safe("\n")  # nosec B308 B703 - a line end
    marks = _marks()
    language = get_language() or ""
    points_words = _("(points: %(points)s of %(max)s)")
    parts = ['<ul class="reasons">\n  ']
    for reason in reasons:
        level = reason.level or "info"
        parts.append(f'<li class="reason reason-{conditional_escape(level)}">')
        parts.append(marks.get(level, ""))
        parts.append(" ")
        parts.append(str(conditional_escape(reason.text)))
        if reason.max_points:
            # As {% blocktranslate %} writes it: the values escaped, not the sentence.
            words = points_words % {
                "points": _points(reason.points, language),
                "max": _points(reason.max_points, language),
            }
            parts.append(f' <span class="points">{words}</span>')
        parts.append("</li>")
    parts.append("\n</ul>\n")
    # Every value above is escaped; the marks and the sentence are the project's own words.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
