"""Staff changes to training modules that take a requirement away move on the people it alone
held back, as if they had finished the module; adding a requirement moves nobody back.

Frank (a mentor of program A) has read the lessons of "Mentor basics" but not passed its quiz,
and has finished "Safety online". Gina, another mentor of A, has finished neither."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail

from bridgeway.core.models import AuditEvent
from bridgeway.learning import quizzes, services
from bridgeway.learning.models import TrainingModule
from bridgeway.learning.progress import lesson_complete
from bridgeway.programs.models import EnrollmentStatus
from bridgeway.programs.screening.models import ScreeningItem
from tests.factories import EnrollmentFactory, PersonFactory
from tests.learning.conftest import make_module
from tests.requirements import assert_moved_on, current_status, status_history

S = EnrollmentStatus
pytestmark = pytest.mark.django_db

DELETED = "Training requirement removed: the module “Mentor basics” was deleted."


@pytest.fixture
def waiting(training: SimpleNamespace) -> SimpleNamespace:
    safety = make_module(training.program_a, title="Safety online", lessons=1, order=3)
    for lesson in [*training.lessons, safety.lessons.get()]:
        lesson_complete(enrollment=training.frank_enrollment, lesson=lesson)
    gina = EnrollmentFactory(
        program=training.program_a,
        person=PersonFactory(email="gina@example.org"),
        role="mentor",
        status=S.TRAINING,
    )
    mail.outbox.clear()
    return SimpleNamespace(**vars(training), safety=safety, gina=gina)


def test_deleting_the_last_missing_module_makes_the_person_ready(
    waiting: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.module_delete(module=waiting.module, by=waiting.alice)
    assert_moved_on(
        waiting.frank_enrollment,
        DELETED,
        organization=waiting.agency_a,
        by=waiting.alice,
        staff_action="training.module.delete",
    )
    # The same email as when a person finishes the module.
    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("You are ready to be matched", ["frank@example.org"])
    ]


def test_a_person_still_missing_another_module_stays_in_training(
    waiting: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.module_delete(module=waiting.module, by=waiting.alice)
    assert current_status(waiting.gina) == S.TRAINING  # "Safety online" is still to do
    assert status_history(waiting.gina) == []
    assert all("gina@example.org" not in m.to for m in mail.outbox)


def test_a_person_still_waiting_for_a_screening_check_stays_in_training(
    waiting: SimpleNamespace,
) -> None:
    ScreeningItem.objects.create(
        program=waiting.program_a, kind=ScreeningItem.Kind.REFERENCE, label={"en": "Reference"}
    )
    services.module_delete(module=waiting.module, by=waiting.alice)
    assert current_status(waiting.frank_enrollment) == S.TRAINING
    assert status_history(waiting.frank_enrollment) == []


def test_another_agencys_people_are_not_touched(waiting: SimpleNamespace) -> None:
    # Nothing blocks this mentor of agency B: a re-check of their program would move them on.
    outsider = EnrollmentFactory(program=waiting.program_b, role="mentor", status=S.TRAINING)
    services.module_delete(module=waiting.module, by=waiting.alice)
    assert current_status(waiting.frank_enrollment) == S.READY
    assert current_status(outsider) == S.TRAINING
    assert status_history(outsider) == []
    assert not AuditEvent.objects.filter(organization=waiting.agency_b).exists()


def test_the_reason_is_written_in_the_persons_language(waiting: SimpleNamespace) -> None:
    waiting.frank.preferred_language = "fr"
    waiting.frank.save(update_fields=["preferred_language"])
    services.module_delete(module=waiting.module, by=waiting.alice)
    assert status_history(waiting.frank_enrollment) == [
        (
            S.TRAINING,
            S.READY,
            "Exigence de formation retirée : le module « Mentor basics (fr) » a été supprimé.",
        )
    ]


def test_making_the_module_optional_makes_the_person_ready(waiting: SimpleNamespace) -> None:
    data = {
        name: getattr(waiting.module, name)
        for name in ("audience", "title", "summary", "required", "pass_mark")
    }
    services.module_update(module=waiting.module, by=waiting.alice, **{**data, "required": False})
    assert status_history(waiting.frank_enrollment) == [
        (
            S.TRAINING,
            S.READY,
            "Training requirement removed: the module “Mentor basics” is now optional.",
        )
    ]
    assert current_status(waiting.gina) == S.TRAINING


def test_giving_the_module_to_mentees_only_makes_the_mentor_ready(
    waiting: SimpleNamespace,
) -> None:
    data = {
        name: getattr(waiting.module, name)
        for name in ("audience", "title", "summary", "required", "pass_mark")
    }
    services.module_update(
        module=waiting.module, by=waiting.alice, **{**data, "audience": "mentee"}
    )
    assert status_history(waiting.frank_enrollment) == [
        (
            S.TRAINING,
            S.READY,
            "Training requirement removed: the module “Mentor basics” is no longer part of "
            "this role's training.",
        )
    ]


def test_an_edit_that_lifts_nothing_moves_nobody(waiting: SimpleNamespace) -> None:
    data = {
        name: getattr(waiting.module, name)
        for name in ("audience", "title", "summary", "required", "pass_mark")
    }
    services.module_update(module=waiting.module, by=waiting.alice, **{**data, "pass_mark": 50})
    assert current_status(waiting.frank_enrollment) == S.TRAINING


def test_deleting_the_quiz_makes_whoever_read_every_lesson_ready(
    waiting: SimpleNamespace,
) -> None:
    first, last = waiting.module.questions.order_by("order")
    quizzes.question_delete(question=first, by=waiting.alice)
    assert current_status(waiting.frank_enrollment) == S.TRAINING  # one question is still a quiz
    quizzes.question_delete(question=last, by=waiting.alice)
    assert status_history(waiting.frank_enrollment) == [
        (
            S.TRAINING,
            S.READY,
            "Training requirement removed: the quiz of the module “Mentor basics” was deleted.",
        )
    ]
    assert current_status(waiting.gina) == S.TRAINING


def test_deleting_the_last_unread_lesson_makes_the_person_ready(world: SimpleNamespace) -> None:
    enrollment = EnrollmentFactory(program=world.program_a, role="mentor", status=S.TRAINING)
    module = make_module(world.program_a, lessons=2)
    first, second = module.lessons.order_by("order")
    lesson_complete(enrollment=enrollment, lesson=first)
    services.lesson_delete(lesson=second, by=world.alice)
    assert status_history(enrollment) == [
        (
            S.TRAINING,
            S.READY,
            "Training requirement removed: a lesson of the module “Mentor basics” was deleted.",
        )
    ]


@pytest.mark.parametrize("status", [S.READY, S.WAITLISTED, S.MATCHED])
def test_adding_a_required_module_moves_nobody_back(world: SimpleNamespace, status: str) -> None:
    enrollment = EnrollmentFactory(program=world.program_a, role="mentor", status=status)
    data = {
        "audience": "both",
        "title": {"en": "New rules"},
        "summary": {},
        "required": False,
        "pass_mark": 80,
    }
    module = services.module_create(program=world.program_a, by=world.alice, **data)
    services.module_update(module=module, by=world.alice, **{**data, "required": True})
    services.orientation_copy(program=world.program_a, by=world.alice, audience="mentor")
    assert TrainingModule.objects.filter(program=world.program_a, required=True).count() == 2
    assert current_status(enrollment) == status
    assert status_history(enrollment) == []
