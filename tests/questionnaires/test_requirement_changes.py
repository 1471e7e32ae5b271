"""Staff changes to a questionnaire that take a profile requirement away move on the people in
training it alone held back, as if they had answered the question; adding a requirement moves
nobody back.

Program A requires everyone to answer "What help?" and "Your time zone". Frank (a mentor in
training) has answered what help he offers but not his time zone; Gina, another mentor in
training, has answered neither."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail

from bridgeway.core.models import AuditEvent
from bridgeway.programs.models import Enrollment, EnrollmentStatus, StatusChange
from bridgeway.programs.questionnaires import profiles, services
from bridgeway.programs.questionnaires.models import Question
from bridgeway.programs.screening.models import ScreeningItem
from tests.factories import EnrollmentFactory, PersonFactory
from tests.learning.conftest import make_module
from tests.questionnaires.conftest import make_question
from tests.requirements import (
    assert_moved_on,
    current_status,
    live_events,
    ready_event,
    status_history,
)

S = EnrollmentStatus
pytestmark = pytest.mark.django_db

DELETED = "Profile requirement removed: the question “Your time zone” was deleted."
HELP_CHOICES = [
    {"value": "housing", "label": {"en": "Housing", "fr": "Logement"}},
    {"value": "banking", "label": {"en": "Banking", "fr": "Banque"}},
]


def _in_training(program: Any, email: str, role: str = "mentor") -> Enrollment:
    person = PersonFactory(email=email, display_name=email.split("@")[0].title())
    return EnrollmentFactory(program=program, person=person, role=role, status=S.TRAINING)


@pytest.fixture
def waiting(world: SimpleNamespace) -> SimpleNamespace:
    help_question = make_question(
        world,
        "multiple_choice",
        key="help",
        is_required=True,
        text={"en": "What help?", "fr": "Quelle aide?"},
        choices=HELP_CHOICES,
    )
    time_zone = make_question(
        world,
        "time_zone",
        is_required=True,
        text={"en": "Your time zone", "fr": "Votre fuseau horaire"},
    )
    frank = Enrollment.objects.get(person=world.frank)
    frank.status = S.TRAINING
    frank.save(update_fields=["status"])
    profiles.profile_save(enrollment=frank, by=world.frank, answers={"help": ["housing"]})
    gina = _in_training(world.program_a, "gina@example.org")
    return SimpleNamespace(
        **vars(world),
        help=help_question,
        time_zone=time_zone,
        frank_enrollment=frank,
        gina=gina,
    )


def _answered(waiting: SimpleNamespace, email: str, role: str, status: str) -> Enrollment:
    """Someone who has answered every required question, in `status` (answers written while in
    screening, so that saving them moves nobody)."""
    enrollment = _in_training(waiting.program_a, email, role=role)
    Enrollment.objects.filter(pk=enrollment.pk).update(status=S.SCREENING)
    answers = {"help": ["housing", "banking"], "time_zone": "America/Toronto"}
    profiles.profile_save(enrollment=enrollment, by=enrollment.person, answers=answers)
    Enrollment.objects.filter(pk=enrollment.pk).update(status=status)
    return enrollment


def _unblocked_mentee(waiting: SimpleNamespace) -> Enrollment:
    """A mentee in training whom nothing blocks (staff moved her there): a change that lifts
    nothing from her must not move her on with a "requirement removed" reason."""
    return _answered(waiting, "jade@example.org", "mentee", S.TRAINING)


def test_deleting_the_last_missing_question_makes_the_person_ready(
    waiting: SimpleNamespace, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    events = live_events(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        services.question_delete(question=waiting.time_zone, by=waiting.alice)
    assert_moved_on(
        waiting.frank_enrollment,
        DELETED,
        organization=waiting.agency_a,
        by=waiting.alice,
        staff_action="question.delete",
    )
    assert events == [ready_event(waiting.frank_enrollment)]  # Frank's page updates live
    # and Frank hears it by email, with the reason.
    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("You are ready to be matched", ["frank@example.org"])
    ]
    assert DELETED in mail.outbox[0].body


def test_a_person_still_missing_another_answer_stays_in_training(
    waiting: SimpleNamespace,
) -> None:
    services.question_delete(question=waiting.time_zone, by=waiting.alice)
    assert current_status(waiting.gina) == S.TRAINING  # "What help?" is still unanswered
    assert status_history(waiting.gina) == []


def test_a_person_still_missing_training_stays_in_training(waiting: SimpleNamespace) -> None:
    make_module(waiting.program_a)  # a required mentor module Frank has not started
    services.question_delete(question=waiting.time_zone, by=waiting.alice)
    assert current_status(waiting.frank_enrollment) == S.TRAINING
    assert status_history(waiting.frank_enrollment) == []


def test_a_person_still_waiting_for_a_screening_check_stays_in_training(
    waiting: SimpleNamespace,
) -> None:
    ScreeningItem.objects.create(
        program=waiting.program_a, kind=ScreeningItem.Kind.REFERENCE, label={"en": "Reference"}
    )
    services.question_delete(question=waiting.time_zone, by=waiting.alice)
    assert current_status(waiting.frank_enrollment) == S.TRAINING
    assert status_history(waiting.frank_enrollment) == []


def test_another_agencys_people_are_not_touched(waiting: SimpleNamespace) -> None:
    # Nothing blocks this mentor of agency B: a re-check of their program would move them on.
    outsider = EnrollmentFactory(program=waiting.program_b, role="mentor", status=S.TRAINING)
    services.question_delete(question=waiting.time_zone, by=waiting.alice)
    assert current_status(waiting.frank_enrollment) == S.READY
    assert current_status(outsider) == S.TRAINING
    assert status_history(outsider) == []
    assert not AuditEvent.objects.filter(organization=waiting.agency_b).exists()


def test_the_reason_is_written_in_the_persons_language(waiting: SimpleNamespace) -> None:
    waiting.frank.preferred_language = "fr"
    waiting.frank.save(update_fields=["preferred_language"])
    services.question_delete(question=waiting.time_zone, by=waiting.alice)
    assert status_history(waiting.frank_enrollment) == [
        (
            S.TRAINING,
            S.READY,
            "Exigence de profil retirée : la question « Votre fuseau horaire » a été supprimée.",
        )
    ]


def test_a_long_question_is_shortened_in_the_reason(waiting: SimpleNamespace) -> None:
    services.question_update(
        question=waiting.time_zone,
        by=waiting.alice,
        text={"en": "Where " + "really " * 60 + "are you?"},
        is_required=False,
    )
    [(_from, _to, reason)] = status_history(waiting.frank_enrollment)
    assert reason.startswith("Profile requirement removed: the question “Where really")
    assert reason.endswith("…” is now optional.")


def test_making_the_question_optional_makes_the_person_ready(waiting: SimpleNamespace) -> None:
    services.question_update(question=waiting.time_zone, by=waiting.alice, is_required=False)
    assert status_history(waiting.frank_enrollment) == [
        (
            S.TRAINING,
            S.READY,
            "Profile requirement removed: the question “Your time zone” is now optional.",
        )
    ]
    assert current_status(waiting.gina) == S.TRAINING
    event = AuditEvent.objects.get(action="question.update", actor=waiting.alice)
    assert event.data["changes"] == ["is_required"]


def test_asking_the_question_of_mentees_only_makes_the_mentor_ready(
    waiting: SimpleNamespace,
) -> None:
    # Erin, a ready mentee, is now asked the question too: she stays ready.
    erin = Enrollment.objects.get(person=waiting.erin)
    erin.status = S.READY
    erin.save(update_fields=["status"])
    services.question_update(question=waiting.time_zone, by=waiting.alice, audience="mentee")
    assert status_history(waiting.frank_enrollment) == [
        (
            S.TRAINING,
            S.READY,
            "Profile requirement removed: the question “Your time zone” is no longer asked of "
            "this role.",
        )
    ]
    assert current_status(erin) == S.READY
    assert status_history(erin) == []


@pytest.mark.parametrize(
    "changes",
    [
        {"text": {"en": "Which time zone do you live in?"}},
        {"help_text": {"en": "Where you live now."}},
        {"key": "tz"},
        {"rule": "max_distance", "rule_params": {"max_distance": 3}},
    ],
)
def test_an_edit_that_lifts_nothing_moves_nobody(
    waiting: SimpleNamespace, changes: dict[str, Any]
) -> None:
    unblocked = _unblocked_mentee(waiting)
    services.question_update(question=waiting.time_zone, by=waiting.alice, **changes)
    assert AuditEvent.objects.filter(action="question.update").exists()
    assert current_status(waiting.frank_enrollment) == S.TRAINING
    assert current_status(unblocked) == S.TRAINING
    assert not StatusChange.objects.exists()


def test_deleting_an_optional_question_moves_nobody(waiting: SimpleNamespace) -> None:
    unblocked = _unblocked_mentee(waiting)
    optional = make_question(waiting, "text", key="offer")
    services.question_delete(question=optional, by=waiting.alice)
    assert current_status(waiting.frank_enrollment) == S.TRAINING
    assert current_status(unblocked) == S.TRAINING
    assert not StatusChange.objects.exists()


def test_a_question_someone_has_answered_lifts_nothing_from_them(
    waiting: SimpleNamespace,
) -> None:
    # Frank answered "What help?"; Gina, who did not, still lacks her time zone.
    services.question_delete(question=waiting.help, by=waiting.alice)
    assert current_status(waiting.frank_enrollment) == S.TRAINING
    assert current_status(waiting.gina) == S.TRAINING
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize("status", [S.READY, S.WAITLISTED, S.MATCHED])
def test_adding_a_requirement_moves_nobody_back(waiting: SimpleNamespace, status: str) -> None:
    enrollment = _answered(waiting, "kim@example.org", "mentor", status)
    offer = make_question(waiting, "text", key="offer", audience="mentee")
    make_question(waiting, "city", key="city", is_required=True)
    services.question_update(question=offer, by=waiting.alice, is_required=True, audience="both")
    # A removed choice takes it out of the answers: Kim's profile is no longer complete.
    profiles.profile_save(
        enrollment=enrollment, by=enrollment.person, answers={"help": ["banking"]}
    )
    school = {"value": "school", "label": {"en": "School"}}
    services.question_update(
        question=waiting.help, by=waiting.alice, choices=[HELP_CHOICES[0], school]
    )
    assert not enrollment.answers.filter(question=waiting.help).exists()
    required = Question.objects.filter(program=waiting.program_a, is_required=True)
    assert required.count() == 4
    assert current_status(enrollment) == status
    assert not StatusChange.objects.exists()


def test_people_still_in_screening_wait_for_staff_approval(waiting: SimpleNamespace) -> None:
    in_screening = _in_training(waiting.program_a, "lea@example.org")
    Enrollment.objects.filter(pk=in_screening.pk).update(status=S.SCREENING)
    services.question_delete(question=waiting.time_zone, by=waiting.alice)
    assert current_status(in_screening) == S.SCREENING
    assert status_history(in_screening) == []
