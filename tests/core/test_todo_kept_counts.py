"""The coordinators' to-do counts that depend on the moment (screening's expired checks, the
mentees past the activation window, the requests for personal data near their limit) are read
by SQL compiled once per process, run with the agency's id and the moment. Each counts exactly
what the rule says, on either side of its edge, for its own agency only."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from bridgeway.core.dashboard import agency_todo
from bridgeway.privacy.exports import selectors as export_selectors
from bridgeway.privacy.exports.models import ExportRequest
from bridgeway.privacy.exports.services import NEARING_DAYS
from bridgeway.programs.models import Enrollment
from bridgeway.programs.screening import selectors as screening_selectors
from bridgeway.programs.screening.models import Reference, ScreeningCheck, ScreeningItem
from bridgeway.relationships import activation
from bridgeway.relationships.models import Relationship
from bridgeway.reports.partners import selectors as partner_selectors
from bridgeway.reports.recognition import selectors as recognition_selectors
from bridgeway.reports.recognition.models import LetterRequest
from tests.factories import EnrollmentFactory, PersonFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def _texts(agency: Any) -> dict[str, int]:
    return {item.text: item.count for item in agency_todo(organization=agency)}


def _waiting_since(program: Any, moment: Any, status: str = "ready") -> Enrollment:
    enrollment = EnrollmentFactory(program=program, role="mentee", status=status)
    Enrollment.objects.filter(pk=enrollment.pk).update(status_changed_at=moment)
    enrollment.refresh_from_db()
    return enrollment


def test_mentees_past_the_window_are_counted_per_program_on_either_side_of_its_end(
    world: SimpleNamespace,
) -> None:
    now = timezone.now()
    short = ProgramFactory(organization=world.agency_a, name="A short window")
    short.mentee_activation_days = 10
    short.save(update_fields=["mentee_activation_days"])
    long = ProgramFactory(organization=world.agency_a, name="B long window")
    long.mentee_activation_days = 90
    long.save(update_fields=["mentee_activation_days"])
    hour = timedelta(hours=1)
    # The short program: two past its end (one on the waiting list), one an hour before it.
    _waiting_since(short, now - timedelta(days=10) - hour)
    _waiting_since(short, now - timedelta(days=10) - hour, status="waitlisted")
    _waiting_since(short, now - timedelta(days=10) + hour)
    # Matched, or in an open mentorship: not waiting. A closed mentorship does not count.
    _waiting_since(short, now - timedelta(days=40), status="matched")
    mentor = EnrollmentFactory(program=short, role="mentor", status="matched")
    started = _waiting_since(short, now - timedelta(days=40))
    Relationship.objects.create(
        program=short, mentee=started, mentor=mentor, status="active", planned_end=now.date()
    )
    ended = _waiting_since(short, now - timedelta(days=40))
    Relationship.objects.create(
        program=short, mentee=ended, mentor=mentor, status="closed", planned_end=now.date()
    )
    # The long program: 40 days is within its window, 91 past it.
    _waiting_since(long, now - timedelta(days=40))
    _waiting_since(long, now - timedelta(days=91))
    # Another agency's late mentees.
    _waiting_since(ProgramFactory(organization=world.agency_b), now - timedelta(days=400))

    items = [item for item in agency_todo(organization=world.agency_a) if "in time" in item.text]
    assert [(item.program.name, item.count, item.text) for item in items] == [
        ("A short window", 3, "3 mentees have not started a mentorship in time"),
        ("B long window", 1, "1 mentee has not started a mentorship in time"),
    ]
    assert items[0].url == reverse("relationships:staff_list", args=[short.pk])
    # The same mentees as `deadline`, the rule the daily sweep applies, says are late.
    in_mentorship = set(
        Relationship.objects.exclude(status="closed").values_list("mentee_id", flat=True)
    )
    by_rule: dict[int, int] = {}
    for mentee in Enrollment.objects.filter(
        program__organization=world.agency_a, role="mentee", status__in=activation.WAITING
    ):
        if mentee.pk not in in_mentorship and activation.deadline(mentee, mentee.program) <= now:
            by_rule[mentee.program_id] = by_rule.get(mentee.program_id, 0) + 1
    assert {item.program.pk: item.count for item in items} == by_rule
    assert activation._kept_late_programs.compiled() is not None


def test_screening_counts_each_queue_only_and_expired_checks_by_the_moment(
    world: SimpleNamespace,
) -> None:
    now = timezone.now()
    program = ProgramFactory()
    agency = program.organization
    reference_item = ScreeningItem.objects.create(
        program=program, label={"en": "Reference"}, kind="reference"
    )
    check_item = ScreeningItem.objects.create(
        program=program, label={"en": "Police check"}, kind="document", required=True
    )
    EnrollmentFactory(program=program, status="applied")
    named = EnrollmentFactory(program=program, status="screening")
    Reference.objects.create(
        enrollment=named, item=reference_item, name="Sam", relationship="Manager", email="s@x.org"
    )
    checked = EnrollmentFactory(program=program, status="screening")
    Reference.objects.create(
        enrollment=checked, item=reference_item, name="Kim", relationship="Coach", email="k@x.org"
    )
    ScreeningCheck.objects.create(enrollment=checked, item=reference_item, status="passed")
    expired = EnrollmentFactory(program=program, status="screening")
    ScreeningCheck.objects.create(
        enrollment=expired, item=check_item, status="passed", expires_at=now - timedelta(hours=1)
    )
    marked = EnrollmentFactory(program=program, status="applied")
    ScreeningCheck.objects.create(enrollment=marked, item=check_item, status="expired")
    valid = EnrollmentFactory(program=program, status="screening")
    ScreeningCheck.objects.create(
        enrollment=valid, item=check_item, status="passed", expires_at=now + timedelta(hours=1)
    )
    # Out of the queue: matched, with an expired check; and another agency's queue.
    gone = EnrollmentFactory(program=program, status="matched")
    ScreeningCheck.objects.create(enrollment=gone, item=check_item, status="expired")
    EnrollmentFactory(program=world.program_b, status="applied")

    counts = screening_selectors.todo_counts(organization=agency)
    assert counts == {"applied": 2, "screening": 4, "references": 1, "expired": 2}
    assert screening_selectors._kept_todo_counts.compiled() is not None
    texts = _texts(agency)
    assert texts["2 people in the queue have an expired check to renew"] == 2
    assert texts["4 people in screening: checks to record, then approve or decline"] == 4
    # An agency with an empty queue: every count is zero, no screening item on its list.
    assert screening_selectors.todo_counts(organization=ProgramFactory().organization) == {
        "applied": 0,
        "screening": 0,
        "references": 0,
        "expired": 0,
    }


def test_requests_for_personal_data_near_their_limit_are_the_agency_s_own(
    world: SimpleNamespace,
) -> None:
    now = timezone.now()

    def ask(days: float, **fields: Any) -> ExportRequest:
        person = EnrollmentFactory(program=fields.pop("program", world.program_a)).person
        return ExportRequest.objects.create(
            person=person, asked_by=person, asked_at=now - timedelta(days=days), **fields
        )

    ask(NEARING_DAYS + 1)  # a participant's, past the limit's warning
    ask(NEARING_DAYS + 5, status="ready")
    ask(NEARING_DAYS - 1)  # not yet
    ask(NEARING_DAYS + 3, status="ready", delivered_at=now)  # delivered
    staff_asked = PersonFactory()
    ExportRequest.objects.create(
        person=staff_asked,
        asked_by=world.bob,
        organization=world.agency_a,
        asked_at=now - timedelta(days=NEARING_DAYS + 2),
    )
    ask(NEARING_DAYS + 4, program=world.program_b)  # another agency's participant

    texts = _texts(world.agency_a)
    assert texts["3 requests for personal data are close to their 30-day limit"] == 3
    assert export_selectors.exports_nearing_deadline(world.agency_a, days=NEARING_DAYS).count() == 3
    assert export_selectors._kept_nearing_ids.compiled() is not None
    assert _texts(world.agency_b)["1 request for personal data is close to its 30-day limit"] == 1


def test_letters_asked_are_counted_per_program_of_the_agency(world: SimpleNamespace) -> None:
    second = ProgramFactory(organization=world.agency_a, name="Second")

    def ask(program: Any, status: str = "pending") -> None:
        LetterRequest.objects.create(
            enrollment=EnrollmentFactory(program=program, role="mentor"),
            recipient_name="Boss",
            recipient_email="boss@example.org",
            employer="Somewhere",
            language="en",
            status=status,
        )

    ask(world.program_a)
    ask(second)
    ask(second)
    ask(second, status=LetterRequest.Status.ISSUED)
    ask(world.program_b)
    items = [item for item in agency_todo(organization=world.agency_a) if "letter" in item.text]
    assert [(item.program, item.count, item.text, item.url) for item in items] == [
        (
            world.program_a,
            1,
            "1 mentor asks for a letter to their employer",
            reverse("reports:recognition_program", args=[world.program_a.pk]),
        ),
        (
            second,
            2,
            "2 mentors ask for a letter to their employer",
            reverse("reports:recognition_program", args=[second.pk]),
        ),
    ]
    assert recognition_selectors._kept_programs_with_letters_asked.compiled() is not None
    assert partner_selectors._kept_named_partner_count.compiled() is not None
    assert not [item for item in agency_todo(organization=world.agency_b) if "2 m" in item.text]
