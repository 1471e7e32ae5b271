"""A participant's enrollment cards on the dashboard, with their panels, written in one pass.

Each card was `core/_my_enrollments.html`, and inside it an `{% include %}` per panel (screening,
training, mentor suggestions, mentorships, groups, the waiting line, referrals, a withdrawn
profile): under a profile, the page's templates took about half of its time, the cards and
panels the most of it (docs/benchmarks.md, "The participants' dashboard's cards and panels
written in one pass"). `enrollment_cards_html` writes the same markup in Python: every value
escaped as the template escaped it (`conditional_escape`, so a value marked safe stays as it
is), the words translated as `{% translate %}` and `{% blocktranslate %}` translate them at
render time, the dates through the template's own `date` filter in the reader's time zone, and
each card's addresses reversed once for the page.

A panel whose template has no writer here (one added to BRIDGEWAY_PANELS later) is still
rendered by its template, with `panel`,
`enrollment`, `request` and `user` in its context. The templates stay the description of the
markup: `tests/core/test_dashboard_cards_html.py` compares the two byte for byte (English and
French, two time zones, every state a card or panel shows)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.http import HttpRequest
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from bridgeway.core.html_writing import address
from bridgeway.core.html_writing import day as _day
from bridgeway.core.html_writing import shown as _shown
from bridgeway.core.templatetags.content_language import in_language
from bridgeway.programs.screening.templatetags.screening_text import translated


def _program_name(program: Any) -> str:
    """`{{ program.name|in_language:program.content_language }}`."""
    return str(in_language(program.name, program.content_language))


class _Addresses:
    """Addresses reversed once for the page, each split around where its id goes."""

    def __init__(self) -> None:
        self._split: dict[str, tuple[str, str]] = {}

    def __call__(self, name: str, pk: Any) -> str:
        split = self._split.get(name)
        if split is None:
            split = self._split[name] = address(name)
        return f"{split[0]}{pk}{split[1]}"


def _screening(panel: dict[str, Any], urls: _Addresses) -> str:
    """`screening/panels/enrollment.html`."""
    enrollment = panel["enrollment"]
    parts = ["\n"]
    rows = panel.get("rows")
    if rows:
        heading = gettext("Screening")
        parts.append(f"\n<h4>{heading}</h4>\n<ul>")
        for row in rows:
            item = row.item
            label = _shown(translated(item.label))
            cleared = row.is_cleared
            if cleared:
                state = gettext("done")
            elif row.status == "expired":
                state = gettext("expired — to renew")
            elif row.status == "failed":
                state = gettext("did not pass")
            else:
                state = gettext("to do")
            parts.append(f"\n  <li>{label}: <strong>{state}</strong>\n  ")
            if not cleared and item.instructions:
                parts.append(
                    f'<br><span class="help">{_shown(translated(item.instructions))}</span>'
                )
            parts.append("\n  ")
            if not cleared and item.kind == "reference":
                named = gettext("Name your reference for “%(item)s”") % {"item": label}
                href = urls("screening:references", enrollment.pk)
                parts.append(f'<br><a href="{href}">{named}</a>')
            parts.append("</li>\n")
        parts.append("</ul>\n")
    parts.append("\n")
    if panel.get("assessment"):
        heading = gettext("Mentor self-assessment")
        parts.append(f"\n<h4>{heading}</h4>\n")
        href = urls("screening:self_assessment", enrollment.pk)
        program = _program_name(enrollment.program)
        result = panel.get("result")
        if result:
            score = gettext("Your score: %(score)s out of 100.") % {"score": _shown(result.score)}
            parts.append(f"\n<p>{score}</p>\n")
            advice = panel.get("advice")
            if advice:
                parts.append(f'<p class="help">{_shown(advice)}</p>')
            guide = gettext("Read the mentor orientation guide")
            again = gettext("See or retake the self-assessment for %(program)s") % {
                "program": program
            }
            parts.append(
                f'\n<p><a href="{conditional_escape(reverse("learning:mentor_guide"))}">'
                f'{guide}</a></p>\n<p><a href="{href}">{again}</a></p>\n'
            )
        else:
            fits = gettext(
                "A few questions help you and your coordinator see whether mentoring fits you now."
            )
            take = gettext("Take the self-assessment for %(program)s") % {"program": program}
            parts.append(f'\n<p>{fits}</p>\n<p><a class="button" href="{href}">{take}</a></p>\n')
        parts.append("\n")
    parts.append("\n")
    return "".join(parts)


def _profile(panel: dict[str, Any], urls: _Addresses) -> str:
    """`questionnaires/_panel_profile.html` (with `questionnaires/_completeness.html`)."""
    enrollment = panel["enrollment"]
    answered, required = panel["answered"], panel["required"]
    completeness = ""
    if required:
        values = {"done": _shown(answered), "total": _shown(required)}
        pk = _shown(enrollment.pk)
        answered_words = gettext("Required questions answered: %(done)s of %(total)s") % values
        of_words = gettext("%(done)s of %(total)s") % values
        completeness = (
            f'<div class="completeness">\n  <p id="completeness-{pk}">'
            f"{answered_words}</p>\n"
            f'  <progress max="{values["total"]}" value="{values["done"]}"'
            f' aria-labelledby="completeness-{pk}">{of_words}'
            "</progress>\n</div>"
        )
    name = {"name": _program_name(enrollment.program)}
    if answered < required:
        link = gettext("Complete your profile for %(name)s") % name
    else:
        link = gettext("Your profile for %(name)s") % name
    return (
        f'<div class="panel panel-profile">\n  {completeness}\n\n'
        f'  <p><a href="{urls("questionnaires:profile", enrollment.pk)}">{link}</a></p>\n</div>\n'
    )


def _ready_note(progress: Any) -> str:
    """`learning/_ready_note.html`."""
    enrollment = progress.enrollment
    if enrollment.status == "ready" and progress.is_complete:
        ready = gettext("Your training is complete. You are ready to be matched.")
        return (
            f'\n<p class="message message-success" id="ready-to-match-{_shown(enrollment.pk)}"'
            f" data-ready-to-match>{ready}</p>\n\n"
        )
    if enrollment.status == "matched":
        note = gettext("You are matched. The training stays here for you to read again.")
    elif progress.gates_matching and not progress.is_complete:
        note = gettext("Finish the required modules to be ready for matching.")
    elif not enrollment.program.training_required:
        note = gettext("This training is recommended. It does not hold up matching.")
    else:
        return "\n"
    return f'\n<p class="help">{note}</p>\n\n'


def _training(panel: dict[str, Any], urls: _Addresses) -> str:
    """`learning/_panel_progress.html` (with `_modules_count.html` and `_ready_note.html`)."""
    progress = panel["progress"]
    enrollment = panel["enrollment"]
    count = gettext("Modules complete: %(done)s of %(total)s") % {
        "done": _shown(progress.completed),
        "total": _shown(progress.total),
    }
    following = progress.next_module
    if following:
        href = str(
            conditional_escape(
                reverse("learning:module", args=[enrollment.pk, following.module.pk])
            )
        )
        go = gettext("Continue the training")
    else:
        href = str(conditional_escape(reverse("learning:home")))
        go = gettext("Review the training")
    heading = gettext("Training")
    return (
        f'\n<div class="training-panel">\n  <h4>{heading}</h4>\n'
        f"  <p>{count}\n</p>\n  {_ready_note(progress)}\n  \n"
        f'  <p><a href="{href}">{go}<span class="visually-hidden"> · '
        f"{_program_name(enrollment.program)}</span></a></p>\n  \n</div>\n\n"
    )


def _suggestions(panel: dict[str, Any], urls: _Addresses) -> str:
    """`matching/_panel_suggestions.html`."""
    enrollment = panel["enrollment"]
    if enrollment.program.kind == "group":
        heading = gettext("Your group")
        body = (
            f"\n  <h4>{heading}</h4>\n  <p>"
            + gettext(
                "In this program the staff form small groups of mentees with one or two "
                "mentors. You will be told, here and by email, when you join one."
            )
            + "</p>\n  "
        )
    else:
        heading = gettext("Mentor suggestions")
        see = gettext("See mentors who fit you, and ask them")
        body = (
            f"\n  <h4>{heading}</h4>\n"
            f'  <p><a href="{urls("relationships:ask", enrollment.pk)}">'
            f"{see}"
            f'<span class="visually-hidden"> · {_program_name(enrollment.program)}</span>'
            "</a></p>\n  "
        )
    return f'<div class="matching-panel">\n  {body}\n</div>\n'


def _mentorships(panel: dict[str, Any], urls: _Addresses) -> str:
    """`relationships/_panel.html`."""
    enrollment = panel["enrollment"]
    parts = ['<div class="matching-panel">\n  ']
    requests = panel.get("requests")
    if requests:
        heading = gettext("Requests waiting for your answer")
        parts.append(f"\n  <h4>{heading}</h4>\n  <ul>")
        for item in requests:
            href = conditional_escape(
                reverse("relationships:request", args=[enrollment.pk, item.pk])
            )
            values = {"name": _shown(item.mentee.person.name), "date": _day(item.due_at)}
            if item.mentor_accepted_at:
                text = gettext("%(name)s: you accepted; the mentee answers by %(date)s") % values
            else:
                text = gettext("%(name)s: answer by %(date)s") % values
            parts.append(f'\n    <li><a href="{href}">{text}</a></li>\n  ')
        parts.append("</ul>\n  ")
    parts.append("\n  ")
    to_confirm = panel.get("to_confirm")
    if to_confirm:
        heading = gettext("Proposed mentors waiting for your answer")
        parts.append(f"\n  <h4>{heading}</h4>\n  <ul>")
        for item in to_confirm:
            href = conditional_escape(
                reverse("relationships:mentee_request", args=[enrollment.pk, item.pk])
            )
            text = gettext("%(name)s: answer by %(date)s") % {
                "name": _shown(item.mentor.person.name),
                "date": _day(item.due_at),
            }
            parts.append(f'\n    <li><a href="{href}">{text}</a></li>\n  ')
        parts.append("</ul>\n  ")
    parts.append("\n  ")
    relationships = panel.get("relationships")
    if relationships:
        heading = gettext("My mentorship")
        parts.append(f"\n  <h4>{heading}</h4>\n  <ul>")
        for relationship, flash_step in relationships:
            other = (
                relationship.mentor
                if relationship.mentee_id == enrollment.pk
                else relationship.mentee
            )
            with_whom = gettext("With %(name)s") % {"name": _shown(other.person.name)}
            if flash_step:
                flash = gettext("A flash mentorship: one conversation")
                state = f"{flash}. {_shown(flash_step)}"
            else:
                state = _shown(relationship.get_status_display())
            parts.append(
                f'\n    <li><a href="{urls("relationships:detail", relationship.pk)}">'
                f"{with_whom}</a> · {state}</li>\n  "
            )
        parts.append("</ul>\n  ")
    parts.append("\n</div>\n")
    return "".join(parts)


def _groups(panel: dict[str, Any], urls: _Addresses) -> str:
    """`relationships/group/_panel.html`."""
    rows = "".join(
        f'\n    <li><a href="{urls("relationships:group", group.pk)}">{_shown(group.name)}</a>'
        f" · {_shown(group.get_status_display())}</li>\n  "
        for group in panel["groups"]
    )
    heading = gettext("My group")
    return f'<div class="matching-panel">\n  <h4>{heading}</h4>\n  <ul>{rows}</ul>\n</div>\n'


def _waiting(panel: dict[str, Any], urls: _Addresses) -> str:
    """`programs/_panel_waiting.html`."""
    estimate = panel["estimate"]
    place = gettext("You are number %(place)s of %(waiting)s on the waiting list.") % {
        "place": _shown(estimate.position),
        "waiting": _shown(estimate.waiting),
    }
    weeks = estimate.weeks
    if weeks:
        expected = ngettext(
            "We expect a match in about %(weeks)s week.",
            "We expect a match in about %(weeks)s weeks.",
            weeks,
        ) % {"weeks": _shown(weeks)}
    else:
        expected = gettext(
            "We cannot estimate the wait yet: no one was matched in this program recently."
        )
    return f'<p class="panel">{place}\n{expected}</p>\n'


def _referrals(panel: dict[str, Any], urls: _Addresses) -> str:
    """`intake/_panel_open_referrals.html`."""
    parts = []
    decide = ""
    for referral in panel["referrals"]:
        decide = decide or gettext("See what would be shared and decide")
        program = referral.to_program
        suggests = gettext("Your coordinator suggests “%(program)s” at %(agency)s.") % {
            "program": _program_name(program),
            "agency": _shown(program.organization.name),
        }
        href = conditional_escape(reverse("intake:referral_answer", args=[referral.token]))
        parts.append(f'<p class="panel">{suggests} <a href="{href}">{decide}</a></p>')
    parts.append("\n")
    return "".join(parts)


def _profile_withdrawn(panel: dict[str, Any], urls: _Addresses) -> str:
    """`consent/_panel_profile_withdrawn.html`."""
    href = conditional_escape(reverse("consent:mine"))
    agreed = gettext("What you agreed to")
    return (
        f'<p class="panel">{_shown(panel["note"])} <a href="{href}#purpose-matching_profile">'
        f"{agreed}</a></p>\n"
    )


PanelWriter = Callable[[dict[str, Any], _Addresses], str]

# The panels' templates written here, by template name.
WRITERS: dict[str, PanelWriter] = {
    "screening/panels/enrollment.html": _screening,
    "questionnaires/_panel_profile.html": _profile,
    "learning/_panel_progress.html": _training,
    "matching/_panel_suggestions.html": _suggestions,
    "relationships/_panel.html": _mentorships,
    "relationships/group/_panel.html": _groups,
    "programs/_panel_waiting.html": _waiting,
    "intake/_panel_open_referrals.html": _referrals,
    "consent/_panel_profile_withdrawn.html": _profile_withdrawn,
}

# An enrollment status the person can still withdraw from: the template's `in "…"` (a test
# on a piece of the sentence, kept as it was).
_WITHDRAWABLE = "applied screening training ready waitlisted"


def _panel_html(
    template: str, panel: dict[str, Any], enrollment: Any, urls: _Addresses, request: HttpRequest
) -> str:
    writer = WRITERS.get(template)
    if writer is not None:
        return writer(panel, urls)
    context = Context(
        {
            "panel": panel,
            "enrollment": enrollment,
            "request": request,
            "user": getattr(request, "user", None),
        }
    )
    return str(get_template(template).template.render(context))  # type: ignore[attr-defined]


def enrollment_cards_html(
    cards: Iterable[tuple[Any, Sequence[tuple[str, dict[str, Any]]]]], request: HttpRequest
) -> SafeString:
    """The cards of `core/_my_enrollments.html` for (enrollment, [(panel template, panel
    context)]), each enrollment with its program (and the program's agency) read."""
    urls = _Addresses()
    status_word = ""
    parts = ['\n<ul class="cards">\n']
    for enrollment, panels in cards:
        status_word = status_word or gettext("Status:")
        program = enrollment.program
        pk = _shown(enrollment.pk)
        status = enrollment.status
        reason = (
            f'<p class="help">{_shown(enrollment.status_reason)}</p>'
            if enrollment.status_reason
            else ""
        )
        shown_panels = "".join(
            _panel_html(template, panel, enrollment, urls, request) for template, panel in panels
        )
        write = ""
        if status != "withdrawn":
            write_word = gettext("Write to the program's staff")
            write = (
                f'<p><a href="{urls("messaging:write_to_staff", enrollment.pk)}">'
                f"{write_word}</a></p>"
            )
        invite = ""
        if (
            status != "withdrawn"
            and status != "declined"
            and (enrollment.role == "mentor" or status == "alumni")
        ):
            colleague = gettext("Invite a colleague")
            invite = (
                f'<p><a href="{urls("programs:colleague_invite", enrollment.program_id)}">'
                f"{colleague}</a></p>"
            )
        withdraw = ""
        if status in _WITHDRAWABLE:
            leave = gettext("Withdraw from %(program)s") % {"program": _program_name(program)}
            href = urls("programs:withdraw", enrollment.pk)
            withdraw = f'\n    <p><a class="button secondary" href="{href}">{leave}</a></p>\n    '

        parts.append(
            f'\n  <li class="card" id="enrollment-{pk}">\n'
            f"    <h3>{_program_name(program)}</h3>\n"
            f'    <p class="meta">{_shown(program.organization.name)}</p>\n'
            f'    <p>{status_word} <strong class="status status-{_shown(status)}"'
            f' data-enrollment-status="{pk}">{_shown(enrollment.get_status_display())}'
            f"</strong></p>\n    {reason}\n    {shown_panels}\n    {write}\n    {invite}\n"
            f"    {withdraw}\n  </li>\n"
        )
    parts.append("\n</ul>\n")
    # Every value above is escaped, or translated words the template writes as they are.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
