"""The dashboard's enrollments read with what each panel needs to know first
(dashboard/reads.py): for people in every state, the panels show what they show when they read
everything themselves (the enrollments as any other caller reads them), the page is the same,
each panel with nothing to show reads nothing more, and nothing of another person is read."""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.core.dashboard import enrollment_panels
from bridgeway.dashboard import reads, views
from bridgeway.learning.models import LessonCompletion
from bridgeway.privacy.consent.models import Purpose
from bridgeway.privacy.consent.services import consent_give, consent_withdraw
from bridgeway.programs.intake.models import Referral
from bridgeway.programs.models import Enrollment, WaitlistEntry
from bridgeway.programs.questionnaires.models import Answer, Question
from bridgeway.programs.screening.models import (
    ScreeningCheck,
    ScreeningItem,
    SelfAssessment,
    SelfAssessmentQuestion,
)
from bridgeway.programs.selectors import enrollments_of_person
from bridgeway.relationships.groups.models import GroupMember, MentoringGroup
from tests.factories import (
    EnrollmentFactory,
    OrganizationFactory,
    PersonFactory,
    ProgramFactory,
    mentor_request,
    mentorship,
)
from tests.learning.conftest import make_module

pytestmark = pytest.mark.django_db


def _full_program(network: Any) -> Any:
    """A program where every app has something to ask of both roles."""
    agency = OrganizationFactory(network=network, slug="full")
    program = ProgramFactory(organization=agency, name="Full")
    ScreeningItem.objects.create(program=program, label={"en": "Police check"})
    ScreeningItem.objects.create(
        program=program, label={"en": "Reference"}, kind="reference", audience="mentor"
    )
    for key, audience, required in (("goal", "both", True), ("why", "mentor", True)):
        Question.objects.create(
            program=program,
            key=key,
            kind="text",
            audience=audience,
            is_required=required,
            text={"en": key},
        )
    Question.objects.create(
        program=program, key="hobby", kind="text", is_required=False, text={"en": "hobby"}
    )
    make_module(program, audience="mentee", title="Mentee basics", lessons=2)
    make_module(program, audience="mentor", title="Mentor basics", lessons=1)
    assessment = SelfAssessment.objects.create(program=program, threshold=1)
    SelfAssessmentQuestion.objects.create(assessment=assessment, text={"en": "Why mentor?"})
    return program


def _bare_program(network: Any) -> Any:
    """A program that asks nothing: no checklist, questions, training or self-assessment."""
    agency = OrganizationFactory(network=network, slug="bare")
    return ProgramFactory(organization=agency, name="Bare")


def _enroll(program: Any, role: str, status: str, person: Person | None = None) -> Enrollment:
    enrollment: Enrollment = EnrollmentFactory(
        program=program, role=role, status=status, **({"person": person} if person else {})
    )
    return enrollment


def _refer(enrollment: Enrollment, to_program: Any, **more: Any) -> Referral:
    return Referral.objects.create(
        from_enrollment=enrollment,
        to_program=to_program,
        expires_at=more.pop("expires_at", Referral.default_expiry()),
        **more,
    )


def _people(network: Any) -> dict[str, Person]:
    """One person in each state, in a program that asks everything and in one that asks
    nothing, and around them other people's rows they must not be shown."""
    full, bare = _full_program(network), _bare_program(network)
    people: dict[str, Person] = {"no enrollment": PersonFactory()}
    for name, program in (("full", full), ("bare", bare)):
        ahead = _enroll(program, "mentee", "waitlisted")
        WaitlistEntry.objects.create(program=program, enrollment=ahead, position=1)
        waiting = _enroll(program, "mentee", "waitlisted")
        WaitlistEntry.objects.create(program=program, enrollment=waiting, position=2)
        people[f"waiting ({name})"] = waiting.person

        screening = _enroll(program, "mentee", "screening")
        people[f"screening pending ({name})"] = screening.person

        mentor = _enroll(program, "mentor", "matched")
        mentee = _enroll(program, "mentee", "matched")
        mentorship(mentee, mentor)
        people[f"matched mentee ({name})"] = mentee.person
        people[f"matched mentor ({name})"] = mentor.person

        closed = _enroll(program, "mentee", "closed")
        mentorship(closed, _enroll(program, "mentor", "ready"), status="closed")
        people[f"closed ({name})"] = closed.person

        member = _enroll(program, "mentee", "matched")
        leader = _enroll(program, "mentor", "matched")
        group = MentoringGroup.objects.create(
            program=program,
            name=f"Circle {name}",
            status="active",
            planned_end=date.today() + timedelta(days=90),
        )
        GroupMember.objects.create(group=group, enrollment=member, role="mentee")
        GroupMember.objects.create(group=group, enrollment=leader, role="mentor")
        people[f"group member ({name})"] = member.person

        referred = _enroll(program, "mentee", "ready")
        _refer(referred, full if program is bare else bare)
        _refer(
            referred,
            ProgramFactory(organization=program.organization),
            expires_at=timezone.now() - timedelta(minutes=1),
        )
        people[f"referral ({name})"] = referred.person

        withdrawn = _enroll(program, "mentee", "ready")
        consent_give(person=withdrawn.person, purpose=Purpose.MATCHING_PROFILE, source="test")
        consent_withdraw(person=withdrawn.person, purpose=Purpose.MATCHING_PROFILE, source="test")
        people[f"consent withdrawn ({name})"] = withdrawn.person

        asked = _enroll(program, "mentor", "ready")
        mentor_request(_enroll(program, "mentee", "ready"), asked)
        people[f"mentor asked ({name})"] = asked.person

        proposed = _enroll(program, "mentee", "ready")
        mentor_request(proposed, _enroll(program, "mentor", "ready"), mentee_confirms=True)
        people[f"proposal to confirm ({name})"] = proposed.person

    # Someone in both programs, in both roles, with a little of everything done.
    gina = PersonFactory(display_name="Gina")
    as_mentor = _enroll(full, "mentor", "training", person=gina)
    as_mentee = _enroll(bare, "mentee", "matched", person=gina)
    mentorship(as_mentee, _enroll(bare, "mentor", "matched"))
    item = ScreeningItem.objects.filter(program=full).order_by("pk").first()
    assert item is not None
    ScreeningCheck.objects.create(
        enrollment=as_mentor,
        item=item,
        status=ScreeningCheck.Status.PASSED,
        completed_at=timezone.now() - timedelta(days=400),
        expires_at=timezone.now() - timedelta(days=1),
    )
    for question in Question.objects.filter(program=full, key__in=["goal", "hobby"]):
        Answer.objects.create(enrollment=as_mentor, question=question, value="yes")
    lesson = as_mentor.program.training_modules.get(audience="mentor").lessons.first()
    LessonCompletion.objects.create(enrollment=as_mentor, lesson=lesson)
    people["in two programs"] = gina
    # Answers of someone else in the same program are not the person's.
    other = _enroll(full, "mentor", "training")
    for question in Question.objects.filter(program=full):
        Answer.objects.create(enrollment=other, question=question, value="no")
    return people


def _plain(value: Any) -> Any:
    """What a panel's context shows, compared by value: rows by kind and id."""
    if isinstance(value, Model):
        return (type(value).__name__, value.pk)
    if is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__name__,
            {f.name: _plain(getattr(value, f.name)) for f in fields(value)},
        )
    if isinstance(value, dict):
        return {key: _plain(found) for key, found in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(found) for found in value]
    if isinstance(value, set):
        return sorted(_plain(found) for found in value)
    return value


def _panels(enrollments: list[Enrollment], person: Person) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as queries:
        shown = enrollment_panels(enrollments=enrollments, person=person)
    return _plain(shown), len(queries)


def test_every_state_shows_what_the_panels_read_themselves(network: Any) -> None:
    people = _people(network)
    for state, person in people.items():
        hinted = reads.dashboard_enrollments(person=person)
        plain = enrollments_of_person(person=person)
        assert [e.pk for e in hinted] == [e.pk for e in plain], state
        assert all(e.person_id == person.pk for e in hinted), state
        new, new_reads = _panels(hinted, person)
        old, old_reads = _panels(plain, person)
        assert new == old, state
        assert new_reads <= old_reads, state


def _page(client: Client) -> str:
    html = client.get(reverse("core:dashboard")).content.decode()
    return re.sub(r'(csrfmiddlewaretoken" value=|data-csrf=|nonce=)"[^"]*"', r'\1""', html)


def test_every_state_gets_the_same_page(network: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    people = _people(network)
    client = Client()
    for state, person in people.items():
        client.force_login(person)
        new = _page(client)
        with monkeypatch.context() as patched:
            patched.setattr(views, "dashboard_enrollments", enrollments_of_person)
            old = _page(client)
        assert new == old, state


# The panels' reads after the enrollments, for each state: a panel with nothing to show reads
# nothing more (before: 9 or 10 reads for anyone with one enrollment).
PANEL_READS = {
    "no enrollment": 0,
    "waiting (bare)": 1,  # the place on the waiting list
    "screening pending (bare)": 0,
    "matched mentee (bare)": 1,  # the mentorship
    "matched mentor (bare)": 1,
    "closed (bare)": 0,
    "group member (bare)": 1,  # the group
    # A mentee ready to match has a place on the waiting list to read as well.
    "referral (bare)": 2,  # the referral, the place
    "consent withdrawn (bare)": 1,  # the place; the consent answered with the enrollments
    "mentor asked (bare)": 1,  # the request
    "proposal to confirm (bare)": 2,  # the proposal, the place
}


def test_a_panel_with_nothing_to_show_reads_nothing_more(network: Any) -> None:
    people = _people(network)
    for state, expected in PANEL_READS.items():
        person = people[state]
        with CaptureQueriesContext(connection) as queries:
            enrollments = reads.dashboard_enrollments(person=person)
        assert len(queries) == 1, state
        assert _panels(enrollments, person)[1] == expected, state


def test_the_enrollments_with_hints_are_compiled_once(network: Any) -> None:
    person = PersonFactory()
    reads.dashboard_enrollments(person=person)
    assert reads._kept_enrollments.compiled() is not None


def test_the_counts_and_the_withdrawn_consent_are_the_persons_own(network: Any) -> None:
    people = _people(network)
    gina = people["in two programs"]
    as_mentor = next(e for e in reads.dashboard_enrollments(person=gina) if e.role == "mentor")
    # goal and why asked of mentors and required, goal answered; hobby asked, not required.
    assert (
        as_mentor.panel_profile_total,  # type: ignore[attr-defined]
        as_mentor.panel_profile_required,  # type: ignore[attr-defined]
        as_mentor.panel_profile_answered,  # type: ignore[attr-defined]
    ) == (3, 2, 1)
    assert as_mentor.panel_profile_withdrawn_at is None  # type: ignore[attr-defined]
    withdrawn = people["consent withdrawn (full)"]
    (enrollment,) = reads.dashboard_enrollments(person=withdrawn)
    assert enrollment.panel_profile_withdrawn_at is not None  # type: ignore[attr-defined]
