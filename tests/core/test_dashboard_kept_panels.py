"""The dashboard's mentorships and groups panels and the coordinators' to-do list, their reads
compiled once per process (core.kept_queries): each answers what the apps' selectors and
counts answer, for a person in several programs and for an agency with one of everything,
and nothing of another person or agency."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.concerns.models import Concern
from bridgeway.concerns.selectors import waiting_count
from bridgeway.core.dashboard import agency_todo
from bridgeway.matching.models import MatchProposal
from bridgeway.messaging.models import Conversation, Flag, Member, Message
from bridgeway.programs.intake.models import Referral
from bridgeway.programs.intake.selectors import referral_list_incoming
from bridgeway.programs.models import Enrollment, WaitlistEntry
from bridgeway.programs.selectors import enrollments_of_person
from bridgeway.relationships.groups.models import GroupMember, MentoringGroup
from bridgeway.relationships.groups.panels import group_panel
from bridgeway.relationships.groups.selectors import groups_for_enrollments
from bridgeway.relationships.panels import enrollment_panel
from bridgeway.relationships.selectors import (
    proposals_to_confirm_for_mentees,
    relationships_for_enrollments,
    waiting_requests_for_mentors,
)
from tests.factories import (
    EnrollmentFactory,
    PersonFactory,
    ProgramFactory,
    mentor_request,
    mentorship,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gina(world: SimpleNamespace) -> SimpleNamespace:
    """Gina, a mentor in program A and a mentee in program B, with a mentorship on each side,
    a closed one, two requests waiting for her as a mentor, a proposal to confirm as a mentee,
    an open group and one she left; and Hugo, whose own rows she must not see."""
    gina = PersonFactory(email="gina@example.org", display_name="Gina")
    hugo = PersonFactory(email="hugo@example.org", display_name="Hugo")
    as_mentor = EnrollmentFactory(program=world.program_a, person=gina, role="mentor")
    as_mentee = EnrollmentFactory(program=world.program_b, person=gina, role="mentee")
    hugo_mentee = EnrollmentFactory(program=world.program_a, person=hugo, role="mentee")
    hugo_mentor = EnrollmentFactory(program=world.program_b, person=hugo, role="mentor")
    others = [
        EnrollmentFactory(program=world.program_a, role="mentee", status="matched")
        for _ in range(3)
    ]
    mentorship(others[0], as_mentor)
    mentorship(others[1], as_mentor, status="closed")
    mentorship(as_mentee, hugo_mentor, status="agreement")
    mentorship(hugo_mentee, EnrollmentFactory(program=world.program_a, role="mentor"))
    mentor_request(others[2], as_mentor)
    mentor_request(hugo_mentee, as_mentor, mentor_accepted_at=timezone.now())
    mentor_request(
        EnrollmentFactory(program=world.program_b, role="mentee"), hugo_mentor, mentee_confirms=True
    )
    mentor_request(as_mentee, hugo_mentor, mentee_confirms=True)
    for name, status, left in (("Open", "active", None), ("Left", "active", timezone.now())):
        group = MentoringGroup.objects.create(
            program=world.program_b,
            name=name,
            status=status,
            planned_end=date.today() + timedelta(days=90),
        )
        GroupMember.objects.create(group=group, enrollment=as_mentee, role="mentee", left_at=left)
        GroupMember.objects.create(group=group, enrollment=hugo_mentor, role="mentor")
    return SimpleNamespace(person=gina, hugo=hugo, as_mentor=as_mentor, as_mentee=as_mentee)


def _pks(found: dict[int, list[Any]]) -> dict[int, list[int]]:
    return {pk: [row.pk for row in rows] for pk, rows in found.items() if rows}


def test_the_mentorships_panel_shows_what_the_selectors_read(gina: SimpleNamespace) -> None:
    enrollments = enrollments_of_person(person=gina.person)
    shown = enrollment_panel(enrollments=enrollments, person=gina.person)
    ids = [e.pk for e in enrollments]
    mentors = [e.pk for e in enrollments if e.role == "mentor"]
    mentees = [e.pk for e in enrollments if e.role == "mentee"]
    expected = {
        "relationships": _pks(relationships_for_enrollments(enrollment_ids=ids)),
        "requests": _pks(waiting_requests_for_mentors(mentor_ids=mentors)),
        "to_confirm": _pks(proposals_to_confirm_for_mentees(mentee_ids=mentees)),
    }
    for key, by_enrollment in expected.items():
        got = {
            pk: [(row[0] if key == "relationships" else row).pk for row in context[key]]
            for pk, context in shown.items()
            if context[key]
        }
        assert got == by_enrollment, key
    # One mentorship on each side (the closed one left out), two requests, one proposal.
    assert [
        len(shown[gina.as_mentor.pk]["relationships"]),
        len(shown[gina.as_mentor.pk]["requests"]),
    ] == [1, 2]
    assert len(shown[gina.as_mentee.pk]["relationships"]) == 1
    assert len(shown[gina.as_mentee.pk]["to_confirm"]) == 1


def test_the_groups_panel_shows_what_the_selector_reads(gina: SimpleNamespace) -> None:
    enrollments = enrollments_of_person(person=gina.person)
    shown = group_panel(enrollments=enrollments, person=gina.person)
    expected = groups_for_enrollments(enrollment_ids=[e.pk for e in enrollments])
    assert {pk: [g.pk for g in c["groups"]] for pk, c in shown.items()} == _pks(expected)
    assert [g.name for g in shown[gina.as_mentee.pk]["groups"]] == ["Open"]


def test_the_panels_given_someone_elses_enrollment_read_it_as_before(
    gina: SimpleNamespace,
) -> None:
    """A list holding another person's enrollment is read by the enrollments' ids."""
    hugo = list(Enrollment.objects.filter(person=gina.hugo))
    enrollments = [gina.as_mentor, *hugo]
    shown = enrollment_panel(enrollments=enrollments, person=gina.person)
    hugo_mentee = next(e for e in hugo if e.role == "mentee")
    assert len(shown[hugo_mentee.pk]["relationships"]) == 1
    assert len(shown[gina.as_mentor.pk]["requests"]) == 2
    groups = group_panel(enrollments=enrollments, person=gina.person)
    assert {g.name for e in hugo for g in groups.get(e.pk, {}).get("groups", [])} == {
        "Open",
        "Left",
    }


def test_the_dashboard_names_each_party(client: Client, gina: SimpleNamespace) -> None:
    client.force_login(gina.person)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "With Hugo" in page
    assert "Requests waiting for your answer" in page
    assert "Proposed mentors waiting for your answer" in page
    assert "Hugo: you accepted; the mentee answers by" in page
    assert "My group" in page
    assert ">Open</a>" in page
    assert ">Left</a>" not in page


def _everything(world: SimpleNamespace, agency: Any, program: Any) -> None:
    """One of each thing messaging, concerns, intake and matching put on the to-do list."""
    person = EnrollmentFactory(program=program, role="mentee", status="matched")
    conversation = Conversation.objects.create(
        organization=agency, program=program, kind="staff", last_message_at=timezone.now()
    )
    Member.objects.create(conversation=conversation, person=person.person)
    answered = Conversation.objects.create(
        organization=agency, program=program, kind="staff", last_message_at=timezone.now()
    )
    Member.objects.create(conversation=answered, person=person.person)
    Member.objects.create(conversation=answered, person=PersonFactory(), role="staff")
    message = Message.objects.create(conversation=conversation, author=person.person, body="Hi")
    Flag.objects.create(message=message, organization=agency, words=["hi"])
    handled = Message.objects.create(conversation=conversation, author=person.person, body="Hi")
    Flag.objects.create(
        message=handled, organization=agency, words=["hi"], handled_at=timezone.now()
    )
    Concern.objects.create(
        organization=agency,
        program=program,
        reporter=person.person,
        category="conduct",
        description="Something happened",
    )
    Referral.objects.create(
        from_enrollment=EnrollmentFactory(program=world.program_b, status="matched"),
        to_program=program,
        status=Referral.Status.CONSENTED,
        expires_at=timezone.now() + timedelta(days=30),
    )
    waiting = EnrollmentFactory(program=program, role="mentee", status="ready")
    WaitlistEntry.objects.create(program=program, enrollment=waiting, position=1)
    declined = EnrollmentFactory(program=program, role="mentee", status="ready")
    mentor = EnrollmentFactory(program=program, role="mentor", status="ready")
    MatchProposal.objects.create(
        program=program,
        mentee=declined,
        mentor=mentor,
        score=60,
        source="manual",
        status=MatchProposal.Status.DECLINED,
    )


def test_the_todo_counts_what_each_app_counts(world: SimpleNamespace) -> None:
    _everything(world, world.agency_a, world.program_a)
    other = ProgramFactory(organization=world.agency_b, name="Elsewhere")
    _everything(world, world.agency_b, other)
    _everything(world, world.agency_b, other)
    items = {item.text: item.count for item in agency_todo(organization=world.agency_a)}
    assert items["1 participant wrote to staff and waits for an answer"] == 1
    assert items["1 flagged message to look at"] == 1
    assert items["1 concern is waiting for staff"] == waiting_count(organization=world.agency_a)
    incoming = referral_list_incoming(
        organization=world.agency_a, status=Referral.Status.CONSENTED
    ).count()
    assert items["1 referral from another agency waiting for your answer"] == incoming == 1
    assert items["1 mentee to match again: a mentor declined"] == 1
    assert items["1 person on the waiting list to place with a mentor"] == 1
    counts_b = {item.text: item.count for item in agency_todo(organization=world.agency_b)}
    assert counts_b["2 flagged messages to look at"] == 2
    assert counts_b["2 concerns are waiting for staff"] == 2
    assert counts_b["2 referrals from other agencies waiting for your answer"] == 2
    assert all(item.count for item in agency_todo(organization=world.agency_b))


def test_an_agency_with_nothing_waiting_has_no_items(world: SimpleNamespace) -> None:
    assert agency_todo(organization=world.agency_b) == []
