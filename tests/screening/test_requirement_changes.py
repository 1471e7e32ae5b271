"""Staff changes to the screening checklist that take a requirement away move on the people in
training it alone held back, as if their check had passed; adding a requirement moves nobody
back.

Program A asks mentors for a police check and everyone for an interview. Frank (a mentor in
training) has passed his interview but has no police check; Gina, another mentor in training,
has neither."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from bridgeway.core.models import AuditEvent
from bridgeway.core.services import DomainError
from bridgeway.programs.models import Enrollment, EnrollmentStatus, StatusChange
from bridgeway.programs.questionnaires.models import Question
from bridgeway.programs.screening import checklists, services
from bridgeway.programs.screening.forms import ScreeningItemForm
from bridgeway.programs.screening.models import ScreeningCheck, ScreeningItem
from tests.factories import EnrollmentFactory, PersonFactory
from tests.learning.conftest import make_module
from tests.requirements import (
    assert_moved_on,
    current_status,
    live_events,
    ready_event,
    status_history,
)

S = EnrollmentStatus
pytestmark = pytest.mark.django_db

DELETED = "Screening requirement removed: “Police check” was deleted from the checklist."


def _item(program: Any, label: str, audience: str, **data: Any) -> ScreeningItem:
    kind = "police_check" if label == "Police check" else "interview"
    french = {"Police check": "Vérification de police", "Interview": "Entrevue"}[label]
    return ScreeningItem.objects.create(
        program=program, kind=kind, label={"en": label, "fr": french}, audience=audience, **data
    )


def _in_training(program: Any, email: str, role: str = "mentor") -> Enrollment:
    person = PersonFactory(email=email, display_name=email.split("@")[0].title())
    return EnrollmentFactory(program=program, person=person, role=role, status=S.TRAINING)


def _pass(enrollment: Enrollment, item: ScreeningItem, by: Any) -> None:
    services.check_record(
        enrollment=enrollment,
        item=item,
        status="passed",
        completed_on=timezone.localdate(),
        by=by,
    )


@pytest.fixture
def waiting(world: SimpleNamespace) -> SimpleNamespace:
    police = _item(world.program_a, "Police check", "mentor", order=1)
    interview = _item(world.program_a, "Interview", "both", order=2)
    frank = Enrollment.objects.get(person=world.frank)
    frank.status = S.TRAINING
    frank.save(update_fields=["status"])
    _pass(frank, interview, world.bob)
    gina = _in_training(world.program_a, "gina@example.org")
    mail.outbox.clear()
    return SimpleNamespace(
        **vars(world), police=police, interview=interview, frank_enrollment=frank, gina=gina
    )


def _item_data(item: ScreeningItem, **changes: Any) -> dict[str, Any]:
    return {**{name: getattr(item, name) for name in ScreeningItemForm.base_fields}, **changes}


def test_deleting_the_last_missing_item_makes_the_person_ready(
    waiting: SimpleNamespace, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    events = live_events(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        checklists.item_delete(item=waiting.police, by=waiting.alice)
    assert_moved_on(
        waiting.frank_enrollment,
        DELETED,
        organization=waiting.agency_a,
        by=waiting.alice,
        staff_action="screening.item_delete",
    )
    assert events == [ready_event(waiting.frank_enrollment)]  # Frank's page updates live
    # and Frank hears it by email, with the reason; Gina, still missing her interview, does not.
    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("You are ready to be matched", ["frank@example.org"])
    ]
    assert DELETED in mail.outbox[0].body
    assert "asks of you before matching is done" in mail.outbox[0].body


def test_a_person_still_missing_another_check_stays_in_training(
    waiting: SimpleNamespace,
) -> None:
    checklists.item_delete(item=waiting.police, by=waiting.alice)
    assert current_status(waiting.gina) == S.TRAINING  # the interview is still to do
    assert status_history(waiting.gina) == []


def test_a_person_still_missing_training_stays_in_training(waiting: SimpleNamespace) -> None:
    make_module(waiting.program_a)  # a required mentor module Frank has not started
    checklists.item_delete(item=waiting.police, by=waiting.alice)
    assert current_status(waiting.frank_enrollment) == S.TRAINING
    assert status_history(waiting.frank_enrollment) == []


def test_a_person_still_missing_a_profile_answer_stays_in_training(
    waiting: SimpleNamespace,
) -> None:
    Question.objects.create(
        program=waiting.program_a,
        key="offer",
        kind="text",
        text={"en": "What can you offer?"},
        is_required=True,
    )
    checklists.item_delete(item=waiting.police, by=waiting.alice)
    assert current_status(waiting.frank_enrollment) == S.TRAINING
    assert status_history(waiting.frank_enrollment) == []


def test_another_agencys_people_are_not_touched(waiting: SimpleNamespace) -> None:
    # Nothing blocks this mentor of agency B: a re-check of their program would move them on.
    outsider = EnrollmentFactory(program=waiting.program_b, role="mentor", status=S.TRAINING)
    _item(waiting.program_b, "Police check", "mentor", required=False)
    checklists.item_delete(item=waiting.police, by=waiting.alice)
    assert current_status(waiting.frank_enrollment) == S.READY
    assert current_status(outsider) == S.TRAINING
    assert status_history(outsider) == []
    assert not AuditEvent.objects.filter(organization=waiting.agency_b).exists()


def test_the_reason_is_written_in_the_persons_language(
    waiting: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    waiting.frank.preferred_language = "fr"
    waiting.frank.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        checklists.item_delete(item=waiting.police, by=waiting.alice)
    reason = (
        "Exigence de vérification retirée : l’étape « Vérification de police » a été "
        "supprimée de la liste."
    )
    assert status_history(waiting.frank_enrollment) == [(S.TRAINING, S.READY, reason)]
    # The email too: subject, reason and message in French.
    [email] = mail.outbox
    assert email.subject == "Vous êtes prêt à être jumelé"
    assert reason in email.body
    assert "vous demande avant le jumelage est fait" in email.body


def test_making_the_item_not_required_makes_the_person_ready(waiting: SimpleNamespace) -> None:
    checklists.item_update(
        item=waiting.police, by=waiting.alice, **_item_data(waiting.police, required=False)
    )
    assert status_history(waiting.frank_enrollment) == [
        (
            S.TRAINING,
            S.READY,
            "Screening requirement removed: “Police check” is no longer required.",
        )
    ]
    assert current_status(waiting.gina) == S.TRAINING


def test_giving_the_item_to_mentees_only_makes_the_mentor_ready(
    waiting: SimpleNamespace,
) -> None:
    erin = Enrollment.objects.get(person=waiting.erin)
    erin.status = S.READY
    erin.save(update_fields=["status"])
    checklists.item_update(
        item=waiting.police, by=waiting.alice, **_item_data(waiting.police, audience="mentee")
    )
    assert status_history(waiting.frank_enrollment) == [
        (
            S.TRAINING,
            S.READY,
            "Screening requirement removed: “Police check” is no longer part of this role's "
            "checklist.",
        )
    ]
    # The check is now asked of Erin, a ready mentee: she stays ready.
    assert current_status(erin) == S.READY
    assert status_history(erin) == []


def test_taking_an_item_off_one_role_does_not_move_the_other(waiting: SimpleNamespace) -> None:
    mentee = _in_training(waiting.program_a, "ines@example.org", role="mentee")
    checklists.item_update(
        item=waiting.interview,
        by=waiting.alice,
        **_item_data(waiting.interview, audience="mentee"),
    )
    # Gina still lacks her police check; the mentee still needs the interview.
    assert current_status(waiting.gina) == S.TRAINING
    assert current_status(mentee) == S.TRAINING
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"label": {"en": "Police record check"}},
        {"valid_for_days": 365},
        {"kind": "other"},
        {"instructions": {"en": "Bring two pieces of ID."}},
    ],
)
def test_an_edit_that_lifts_nothing_moves_nobody(
    waiting: SimpleNamespace, changes: dict[str, Any]
) -> None:
    unblocked = _unblocked_mentee(waiting)
    checklists.item_update(
        item=waiting.police, by=waiting.alice, **_item_data(waiting.police, **changes)
    )
    assert AuditEvent.objects.filter(action="screening.item_update").exists()
    assert current_status(waiting.frank_enrollment) == S.TRAINING
    assert current_status(unblocked) == S.TRAINING
    assert not StatusChange.objects.exists()


def test_deleting_an_optional_item_moves_nobody(waiting: SimpleNamespace) -> None:
    unblocked = _unblocked_mentee(waiting)
    optional = _item(waiting.program_a, "Interview", "mentor", required=False, order=3)
    checklists.item_delete(item=optional, by=waiting.alice)
    assert current_status(waiting.frank_enrollment) == S.TRAINING
    assert current_status(unblocked) == S.TRAINING
    assert not StatusChange.objects.exists()


def _unblocked_mentee(waiting: SimpleNamespace) -> Enrollment:
    """A mentee in training whom nothing blocks (staff moved her there): a change that lifts
    nothing from her must not move her on with a "requirement removed" reason."""
    mentee = _in_training(waiting.program_a, "jade@example.org", role="mentee")
    ScreeningCheck.objects.create(enrollment=mentee, item=waiting.interview, status="waived")
    return mentee


def test_an_item_with_recorded_checks_cannot_be_deleted_and_moves_nobody(
    waiting: SimpleNamespace,
) -> None:
    with pytest.raises(DomainError, match="Make it not required instead"):
        checklists.item_delete(item=waiting.interview, by=waiting.alice)
    assert current_status(waiting.gina) == S.TRAINING
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize("status", [S.READY, S.WAITLISTED, S.MATCHED])
def test_adding_a_requirement_moves_nobody_back(world: SimpleNamespace, status: str) -> None:
    enrollment = EnrollmentFactory(program=world.program_a, role="mentor", status=status)
    checklists.items_add_defaults(program=world.program_a, by=world.alice)
    data = {"kind": "other", "label": {"en": "Home visit"}, "audience": "mentee", "required": False}
    item = checklists.item_create(program=world.program_a, by=world.alice, **data)
    checklists.item_update(
        item=item, by=world.alice, **{**data, "audience": "both", "required": True}
    )
    required = ScreeningItem.objects.filter(program=world.program_a, required=True)
    assert required.count() == 5
    assert current_status(enrollment) == status
    assert status_history(enrollment) == []


def test_people_still_in_screening_wait_for_staff_approval(waiting: SimpleNamespace) -> None:
    in_screening = _in_training(waiting.program_a, "lea@example.org")
    Enrollment.objects.filter(pk=in_screening.pk).update(status=S.SCREENING)
    checklists.item_delete(item=waiting.police, by=waiting.alice)
    assert current_status(in_screening) == S.SCREENING
    assert status_history(in_screening) == []
