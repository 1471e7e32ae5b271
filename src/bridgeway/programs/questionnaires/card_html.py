"""A participant's profile card as HTML, written in one pass.

The same HTML as the template questionnaires/_profile_card.html, for the pages that show
several cards at once: a mentee's ask page shows five suggested mentors, and a mentor the
process has not kept yet (kept_cards.py) went through the template engine at every view, the
largest part of the page's cost. Every value of the person or the program is escaped as the
template escapes it; the sentences are the template's own messages.
tests/programs/test_card_html.py holds the two to the same output."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bridgeway.core.html_writing import shown as _shown
from bridgeway.core.html_writing import word as _translated
from bridgeway.core.templatetags.content_language import in_language
from bridgeway.core.time_zones import time_zone_label
from bridgeway.programs.questionnaires.selectors import ProfileCard, ProfileRow

# The card's sentences, per language (translations do not change while a process runs).
_WORDS: dict[str, dict[str, str]] = {}


def _words() -> dict[str, str]:
    language = get_language() or ""
    words = _WORDS.get(language)
    if words is None:
        words = _WORDS[language] = {
            "needs": _translated(_("Accessibility and accommodation")),
            "time_zone": _translated(_("Time zone")),
            "unanswered": _translated(_("Not answered yet")),
            "no_questions": _translated(_("The program asks this person no questions.")),
            "required": _("Required questions answered: %(done)s of %(total)s"),
        }
    return words


def _needs(card: ProfileCard, words: dict[str, str]) -> str:
    """The accessibility block, or nothing when the person states no need nor contact."""
    if not (card.needs or card.contact):
        return ""
    level = card.sub_heading_level
    needs = "".join(f"<li>{_shown(need)}</li>" for need in card.needs)
    contact = f"<li>{_shown(card.contact)}</li>" if card.contact else ""
    return (
        f'\n  <div class="needs">\n    <h{level}>{words["needs"]}'
        f"</h{level}>\n    <ul>\n      {needs}\n      {contact}\n    </ul>\n  </div>\n  "
    )


def _required(card: ProfileCard, words: dict[str, str]) -> str:
    if not card.required:
        return ""
    # As {% blocktranslate %} writes it: the values escaped, not the sentence.
    sentence = words["required"] % {
        "done": _shown(card.answered),
        "total": _shown(card.required),
    }
    return f"<p>{sentence}</p>"


def _row(row: ProfileRow, words: dict[str, str]) -> str:
    if row.answered:
        answer = _shown(row.display)
    else:
        answer = f'<span class="unanswered">{words["unanswered"]}</span>'
    return f"\n    <dt>{_shown(row.question.label)}</dt>\n    <dd>{answer}</dd>\n    "


def _answers(card: ProfileCard, words: dict[str, str]) -> str:
    if not card.rows:
        return f'\n  <p class="empty">{words["no_questions"]}</p>\n  '
    rows = "".join(_row(row, words) for row in card.rows)
    return f'\n  <dl class="facts profile-answers">\n    {rows}\n  </dl>\n  '


def profile_card_html(card: ProfileCard) -> SafeString:
    """The card as `{% include "questionnaires/_profile_card.html" %}` writes it."""
    enrollment = card.enrollment
    program = enrollment.program
    pk = _shown(enrollment.pk)
    level = _shown(card.heading_level)
    words = _words()
    parts = [
        f'\n<section class="profile-card" aria-labelledby="profile-{pk}">\n',
        f'  <h{level} id="profile-{pk}">{_shown(enrollment.person.name)}</h{level}>\n',
        f'  <p class="meta">{in_language(program.name, program.content_language)}'
        f" · {_shown(enrollment.get_role_display())}</p>\n  ",
        _needs(card, words),
        f'\n  <dl class="facts">\n    <dt>{words["time_zone"]}</dt>',
        f"<dd>{_shown(time_zone_label(str(enrollment.person.time_zone or '')))}</dd>\n  </dl>\n  ",
        _required(card, words),
        "\n  ",
        _answers(card, words),
        "\n</section>\n",
    ]
    # Every value above is escaped; the sentences and the markup are the project's own.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
