"""A person who finished their profile and training while still in screening is ready to match
as soon as they are approved, and is told so: not sent to training they have already done."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail

from bridgeway.learning.progress import lesson_complete
from bridgeway.programs.models import Enrollment, StatusChange
from bridgeway.programs.questionnaires.models import Question
from bridgeway.programs.questionnaires.profiles import profile_save
from bridgeway.programs.screening import services
from bridgeway.programs.services import enrollment_set_status
from tests.learning.conftest import make_module
from tests.screening.conftest import pass_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def done_early(checklist: list[Any], mentor: Enrollment, world: SimpleNamespace) -> Enrollment:
    """Frank, in screening with every check passed, who has also answered the required profile
    question and finished the one required training module before anyone approved him."""
    Question.objects.create(
        program=world.program_a,
        key="offer",
        kind="text",
        text={"en": "What can you offer?"},
        is_required=True,
    )
    module = make_module(world.program_a, lessons=1)
    profile_save(enrollment=mentor, by=world.frank, answers={"offer": "Advice on trades."})
    lesson_complete(enrollment=mentor, lesson=module.lessons.get())
    pass_all(mentor, checklist, world.bob)
    mentor.refresh_from_db()
    assert mentor.status == "screening"  # nothing moves anyone out of screening but staff
    return mentor


def _history(enrollment: Enrollment) -> list[tuple[str, str]]:
    return [
        (change.from_status, change.to_status)
        for change in StatusChange.objects.filter(enrollment=enrollment).order_by("pk")
    ]


def test_it_makes_a_person_who_finished_everything_early_ready_on_approval(
    done_early: Enrollment, world: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        approved = services.screening_approve(enrollment=done_early, by=world.bob)
    assert approved.status == "ready"
    done_early.refresh_from_db()
    assert done_early.status == "ready"
    assert _history(done_early)[-2:] == [("screening", "training"), ("training", "ready")]
    # One email, the approval, saying they are ready: not "complete the training".
    [message] = mail.outbox
    assert message.to == ["frank@example.org"]
    assert "approved you for" in message.body
    assert "You are ready to be matched." in message.body
    assert "training" not in message.body


def test_it_tells_a_person_in_french_that_approval_made_them_ready(
    done_early: Enrollment, world: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    world.frank.preferred_language = "fr"
    world.frank.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.screening_approve(enrollment=done_early, by=world.bob)
    [message] = mail.outbox
    assert "Vous êtes prêt pour le jumelage." in message.body
    assert "formation" not in message.body


def test_it_keeps_in_training_a_person_whose_training_is_not_done(
    checklist: list[Any],
    mentor: Enrollment,
    world: SimpleNamespace,
    django_capture_on_commit_callbacks: Any,
) -> None:
    make_module(world.program_a, lessons=1)
    pass_all(mentor, checklist, world.bob)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.screening_approve(enrollment=mentor, by=world.bob).status == "training"
    [message] = mail.outbox
    assert "Finish the required training: 1 module left." in message.body


def test_any_move_into_training_makes_a_person_with_nothing_left_ready_and_tells_them(
    done_early: Enrollment, world: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    # A coordinator moves Frank on from the enrollment page or the API, not by approval.
    with django_capture_on_commit_callbacks(execute=True):
        moved = enrollment_set_status(enrollment=done_early, status="training", by=world.bob)
    assert moved.status == "ready"
    assert _history(done_early)[-2:] == [("screening", "training"), ("training", "ready")]
    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("You are ready to be matched", ["frank@example.org"])
    ]


def test_a_person_sent_back_to_screening_and_approved_again_is_ready_again(
    done_early: Enrollment, world: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.screening_approve(enrollment=done_early, by=world.bob)
        enrollment_set_status(
            enrollment=done_early, status="screening", by=world.bob, reason="New reference needed"
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.screening_approve(enrollment=done_early, by=world.bob).status == "ready"
    [message] = mail.outbox
    assert "You are ready to be matched." in message.body
