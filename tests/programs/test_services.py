from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail

from bridgeway.core.models import AuditEvent
from bridgeway.core.services import DomainError
from bridgeway.notifications.models import Notification
from bridgeway.programs import services
from bridgeway.programs.models import Enrollment, EnrollmentStatus, StatusChange
from tests.factories import EnrollmentFactory, PersonFactory, ProgramFactory
from tests.learning.conftest import make_module

S = EnrollmentStatus
pytestmark = pytest.mark.django_db


def test_it_moves_an_enrollment_along_the_pipeline_and_audits_it(world: SimpleNamespace) -> None:
    enrollment = Enrollment.objects.get(person=world.erin)
    for status in (S.SCREENING, S.TRAINING):
        services.enrollment_set_status(enrollment=enrollment, status=status, by=world.bob)
    # Nothing holds Erin back (no checklist, training modules or profile questions): from
    # training she is ready to match at once.
    enrollment.refresh_from_db()
    assert enrollment.status == S.READY
    for status in (S.MATCHED, S.CLOSED, S.ALUMNI):
        services.enrollment_set_status(enrollment=enrollment, status=status, by=world.bob)
    enrollment.refresh_from_db()
    assert enrollment.status == S.ALUMNI
    events = AuditEvent.objects.filter(action="enrollment.status", organization=world.agency_a)
    assert [event.actor for event in events.order_by("pk")] == [
        world.bob,
        world.bob,
        None,
        world.bob,
        world.bob,
        world.bob,
    ]


def test_it_refuses_a_jump_the_pipeline_does_not_allow(world: SimpleNamespace) -> None:
    enrollment = Enrollment.objects.get(person=world.erin)
    with pytest.raises(DomainError) as error:
        services.enrollment_set_status(enrollment=enrollment, status=S.MATCHED, by=world.bob)
    assert error.value.field == "status"
    enrollment.refresh_from_db()
    assert enrollment.status == S.APPLIED
    assert not AuditEvent.objects.filter(action="enrollment.status").exists()


def test_declining_needs_a_reason_the_person_will_see(world: SimpleNamespace) -> None:
    enrollment = Enrollment.objects.get(person=world.erin)
    with pytest.raises(DomainError):
        services.enrollment_set_status(enrollment=enrollment, status=S.DECLINED, by=world.bob)
    services.enrollment_set_status(
        enrollment=enrollment, status=S.DECLINED, by=world.bob, reason="The program is full."
    )
    enrollment.refresh_from_db()
    assert enrollment.status_reason == "The program is full."


def test_one_person_can_be_mentee_in_one_agency_and_mentor_in_another(
    world: SimpleNamespace,
) -> None:
    person = PersonFactory()
    services.enrollment_apply(person=person, program=world.program_a, role="mentee")
    services.enrollment_apply(person=person, program=world.program_b, role="mentor")
    roles = set(Enrollment.objects.filter(person=person).values_list("program__slug", "role"))
    assert roles == {("hosts", "mentee"), ("career", "mentor")}


def test_applying_twice_in_the_same_role_is_refused(world: SimpleNamespace) -> None:
    with pytest.raises(DomainError):
        services.enrollment_apply(person=world.erin, program=world.program_a, role="mentee")
    assert Enrollment.objects.filter(person=world.erin).count() == 1


def test_an_unlisted_program_takes_no_application(world: SimpleNamespace) -> None:
    hidden = ProgramFactory(organization=world.agency_a, is_published=False)
    with pytest.raises(DomainError):
        services.enrollment_apply(person=world.mallory, program=hidden, role="mentee")
    assert not Enrollment.objects.filter(program=hidden).exists()


def test_a_withdrawn_person_can_apply_again(world: SimpleNamespace) -> None:
    enrollment = Enrollment.objects.get(person=world.erin)
    services.enrollment_withdraw(enrollment=enrollment, by=world.erin)
    again = services.enrollment_apply(person=world.erin, program=world.program_a, role="mentee")
    assert again.pk == enrollment.pk
    assert again.status == S.APPLIED


def test_a_mentor_gets_the_programs_default_capacity(world: SimpleNamespace) -> None:
    world.program_b.mentor_capacity_default = 3
    world.program_b.save()
    enrollment = services.enrollment_apply(
        person=world.mallory, program=world.program_b, role="mentor"
    )
    assert enrollment.capacity == 3


def test_program_short_names_are_unique_within_an_agency(world: SimpleNamespace) -> None:
    with pytest.raises(DomainError) as error:
        services.program_create(
            organization=world.agency_a,
            by=world.alice,
            name="Again",
            slug="hosts",
            summary="x",
        )
    assert error.value.field == "slug"
    # Another agency may use the same short name.
    program = services.program_create(
        organization=world.agency_b,
        by=world.carol,
        name="H",
        slug="hosts",
        summary="x",
    )
    assert program.organization == world.agency_b


def test_program_update_records_what_changed(world: SimpleNamespace) -> None:
    services.program_update(program=world.program_a, by=world.alice, mentor_response_days=7)
    event = AuditEvent.objects.get(action="program.update")
    assert event.data["changes"]["mentor_response_days"] == ["14", "7"]


def test_allowed_next_statuses_follow_the_pipeline() -> None:
    enrollment = EnrollmentFactory.build(status=S.READY)
    assert services.allowed_next_statuses(enrollment) == [
        S.SCREENING,
        S.WAITLISTED,
        S.MATCHED,
        S.WITHDRAWN,
    ]


def test_turning_training_off_makes_those_waiting_only_for_it_ready(
    world: SimpleNamespace,
) -> None:
    make_module(world.program_a)
    waiting = EnrollmentFactory(program=world.program_a, role="mentor", status=S.TRAINING)
    screening = EnrollmentFactory(program=world.program_a, role="mentor", status=S.SCREENING)
    outsider = EnrollmentFactory(program=world.program_b, role="mentor", status=S.TRAINING)
    services.program_update(program=world.program_a, by=world.alice, training_required=False)
    change = StatusChange.objects.get(enrollment=waiting)
    assert (change.from_status, change.to_status) == (S.TRAINING, S.READY)
    assert change.reason == (
        "Training requirement removed: the program no longer requires training."
    )
    for other, status in ((screening, S.SCREENING), (outsider, S.TRAINING)):
        other.refresh_from_db()
        assert other.status == status
        assert not StatusChange.objects.filter(enrollment=other).exists()


def test_a_release_tells_each_person_made_ready_once_after_commit(
    world: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    make_module(world.program_a)
    waiting = EnrollmentFactory(program=world.program_a, role="mentor", status=S.TRAINING)
    with django_capture_on_commit_callbacks(execute=True):
        services.program_update(program=world.program_a, by=world.alice, training_required=False)
        assert not mail.outbox  # nothing leaves before the change is committed
    [message] = mail.outbox
    assert message.to == [waiting.person.email]
    assert message.subject == "You are ready to be matched"
    assert "Training requirement removed" in message.body
    assert Notification.objects.filter(person=waiting.person).count() == 1
