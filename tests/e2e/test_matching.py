"""Browser test of the match board: a coordinator of the demo network runs the proposed
assignment, accepts a pair, and sets another pair by hand with the live preview and a reason,
all with the keyboard. axe-core finds no violation on the board, a mentee's suggestions and a
mentor's "why this mentee" page at 1280 and 320 px."""

from __future__ import annotations

from typing import Any

import pytest

from bridgeway.accounts.models import Person
from bridgeway.matching.models import MatchProposal
from bridgeway.programs.models import Enrollment, Program
from bridgeway.programs.questionnaires.models import Answer, Question
from bridgeway.programs.questionnaires.services import questionnaire_start
from tests.e2e.browser import DESKTOP, PHONE, axe_violations, describe_violations, email, sign_in
from tests.factories import EnrollmentFactory, PersonFactory

pytestmark = pytest.mark.e2e

AVAILABLE = ["mon-evening", "tue-evening", "sat-morning"]


def _problems(page: Any, name: str) -> list[str]:
    """axe at both widths, and nothing wider than a 320 px phone."""
    found = []
    for width, viewport in (("1280 px", DESKTOP), ("320 px", PHONE)):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        if violations:
            found.append(f"{name} at {width} ({page.url}):\n{describe_violations(violations)}")
        if viewport is PHONE:
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > PHONE["width"]:
                found.append(f"{name} at 320 px ({page.url}): the page is {scroll_width} px wide")
    page.set_viewport_size(DESKTOP)
    return found


def _tab_to(page: Any, selector: str, limit: int = 200) -> None:
    target = page.locator(selector).first.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(el) => document.activeElement === el", target):
            return
    raise AssertionError(f"Tab never reaches {selector} on {page.url}")


def _choose(page: Any, selector: str, text: str) -> None:
    """Choose an option of a focused select with the arrow keys."""
    _tab_to(page, selector)
    for _ in range(30):
        chosen = page.evaluate(
            "(s) => s.options[s.selectedIndex].text", page.locator(selector).element_handle()
        )
        if text in chosen:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {text!r} in {selector}")


def _answer(enrollment: Enrollment, answers: dict[str, Any]) -> None:
    questions = {q.key: q for q in Question.objects.filter(program=enrollment.program)}
    Answer.objects.bulk_create(
        Answer(enrollment=enrollment, question=questions[k], value=v) for k, v in answers.items()
    )


@pytest.fixture
def cohort(demo: dict[str, Any]) -> Program:
    """The demo's professional cohort with the professional questionnaire and answers: two
    waiting mentees, Daniel (one place), and a mentor in another field."""
    program = Program.objects.get(slug="professional-bridge")
    admin = Person.objects.get(email=email("maple.admin"))
    questionnaire_start(program=program, by=admin, starter="professional")
    base = {
        "occupation": "3",
        "career_goals": ["licensing", "job_search"],
        "languages": {"en": "fluent"},
        "time_zone": "America/Toronto",
        "availability": AVAILABLE,
    }
    for local in ("mentee.jose", "mentee.priya"):
        _answer(Enrollment.objects.get(program=program, person__email=email(local)), base)
    daniel = Enrollment.objects.get(program=program, person__email=email("mentor.daniel"))
    daniel.capacity = 1
    daniel.save()
    _answer(daniel, {**base, "languages": {"en": "native"}})
    for name, occupation in (("Ana Lima", "3"), ("Ben Ortiz", "2")):
        mentor = EnrollmentFactory(
            program=program,
            person=PersonFactory(display_name=name, accessibility_needs=["captions"]),
            role="mentor",
            status="ready",
            capacity=1,
        )
        _answer(mentor, {**base, "occupation": occupation, "career_goals": ["interviews"]})
    return program


def test_a_coordinator_runs_the_board_accepts_and_sets_a_pair_by_hand(
    cohort: Program, new_page: Any
) -> None:
    page = new_page()
    sign_in(page, email("maple.coordinator"))
    found: list[str] = []
    page.goto(f"/manage/programs/{cohort.pk}/match/")
    found += _problems(page, "match board")

    _tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".run-result").count() == 1
    found += _problems(page, "match board with a proposed assignment")

    _tab_to(page, "input[name=pair]")
    page.keyboard.press("Space")
    _tab_to(page, "button[name=accept][value=selected]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "1 pair is proposed." in page.locator(".messages").inner_text()
    accepted = MatchProposal.objects.get()
    assert accepted.source == "bulk"

    waiting = "Priya" if "Jose" in accepted.mentee.person.name else "Jose"
    page.locator("main h1").focus()
    _choose(page, "#id_mentee", waiting)
    _choose(page, "#id_mentor", "Ben Ortiz")
    preview = page.locator("#pair-preview")
    preview.get_by_text("breaks a rule that must be met").wait_for()
    assert "out of 100" in preview.inner_text()
    found += _problems(page, "match board with a live preview")

    _tab_to(page, "#id_reason")
    page.keyboard.type("Ben worked in a hospital lab before moving to software.")
    _tab_to(page, "form.manual-pair button:not([formmethod])")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "The pair is proposed." in page.locator(".messages").inner_text()
    manual = MatchProposal.objects.get(source="manual")
    assert manual.breaks_hard_rule
    assert manual.override_reason.startswith("Ben worked")
    found += _problems(page, "match board with open proposals")
    assert not found, "\n\n".join(found)


def test_suggestions_and_why_this_mentee_pass_axe(cohort: Program, new_page: Any) -> None:
    priya = Enrollment.objects.get(program=cohort, person__email=email("mentee.priya"))
    daniel = Enrollment.objects.get(program=cohort, person__email=email("mentor.daniel"))
    found: list[str] = []
    page = new_page()
    sign_in(page, email("mentee.priya"))
    page.goto(f"/my/enrollments/{priya.pk}/suggestions/")
    assert "Daniel" in page.locator("main").inner_text()
    found += _problems(page, "suggestions")

    from bridgeway.matching.services import proposal_set

    coordinator = Person.objects.get(email=email("maple.coordinator"))
    proposal = proposal_set(
        program=cohort, by=coordinator, mentee_id=priya.pk, mentor_id=daniel.pk, reason="ok"
    )
    page = new_page(language="fr")
    sign_in(page, email("mentor.daniel"))
    page.goto(f"/my/enrollments/{daniel.pk}/proposals/{proposal.pk}/")
    assert "Priya" in page.locator("h1").inner_text()
    found += _problems(page, "why this mentee")
    assert not found, "\n\n".join(found)
