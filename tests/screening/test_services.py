from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from bridgeway.core.models import AuditEvent
from bridgeway.core.services import DomainError
from bridgeway.programs.models import Enrollment
from bridgeway.programs.questionnaires.models import Question
from bridgeway.programs.screening import assessments, checklists, services
from bridgeway.programs.screening.models import (
    ScreeningCheck,
    ScreeningItem,
    SelfAssessmentResult,
)
from bridgeway.programs.services import enrollment_set_status
from tests.learning.conftest import make_module
from tests.screening.conftest import best_answers, pass_all, worst_answers

pytestmark = pytest.mark.django_db


def test_the_suggested_checklist_has_references_an_interview_and_a_3_year_police_check(
    checklist: list[Any], world: SimpleNamespace
) -> None:
    kinds = [item.kind for item in checklist]
    assert kinds == ["reference", "reference", "interview", "police_check"]
    assert checklist[-1].valid_for_days == 1095
    assert all(item.audience == "mentor" and item.required for item in checklist)
    with pytest.raises(DomainError, match="already has a checklist"):
        checklists.items_add_defaults(program=world.program_a, by=world.alice)


def test_approval_is_refused_while_a_required_check_is_missing(
    checklist: list[Any], mentor: Enrollment, world: SimpleNamespace
) -> None:
    pass_all(mentor, checklist[:3], world.bob)
    with pytest.raises(DomainError, match="“Police check” is not done yet"):
        services.screening_approve(enrollment=mentor, by=world.bob)
    mentor.refresh_from_db()
    assert mentor.status == "screening"
    assert not mail.outbox


def test_an_approved_mentor_moves_to_training_and_is_told_in_french(
    checklist: list[Any],
    mentor: Enrollment,
    world: SimpleNamespace,
    django_capture_on_commit_callbacks: Any,
) -> None:
    world.frank.preferred_language = "fr"
    world.frank.save(update_fields=["preferred_language"])
    make_module(world.program_a)  # training Frank has not done yet holds him in training
    pass_all(mentor, checklist, world.bob)
    with django_capture_on_commit_callbacks(execute=True):
        approved = services.screening_approve(enrollment=mentor, by=world.bob)
    assert approved.status == "training"
    assert AuditEvent.objects.filter(action="screening.approve", actor=world.bob).exists()
    [message] = mail.outbox
    assert message.to == ["frank@example.org"]
    assert world.program_a.name in message.subject


@pytest.fixture
def checked(checklist: list[Any], mentor: Enrollment, world: SimpleNamespace) -> Enrollment:
    """Frank, every check passed, in a program without training."""
    world.program_a.training_required = False
    world.program_a.save(update_fields=["training_required"])
    pass_all(mentor, checklist, world.bob)
    return mentor


def test_without_training_an_approved_mentor_is_ready_to_match(
    checked: Enrollment, world: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert services.screening_approve(enrollment=checked, by=world.bob).status == "ready"
    # One email, the approval, which says they are ready: not a second one saying it again.
    [message] = mail.outbox
    assert "approved you for" in message.body
    assert "You are ready to be matched." in message.body


def test_the_approval_email_names_what_is_left_before_matching(
    checked: Enrollment, world: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    # No training in this program, but a required profile question Frank has not answered.
    Question.objects.create(
        program=world.program_a,
        key="offer",
        kind="text",
        text={"en": "What can you offer?"},
        is_required=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.screening_approve(enrollment=checked, by=world.bob).status == "training"
    [message] = mail.outbox
    assert "Before you can be matched, on your dashboard:" in message.body
    assert "- 1 required profile question is not answered yet." in message.body
    assert "training" not in message.body


def test_the_last_check_cleared_makes_the_person_ready_and_tells_them(
    checked: Enrollment, world: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    # Frank is past screening; then the agency adds a required check, which holds him back
    # until it is recorded.
    Enrollment.objects.filter(pk=checked.pk).update(status="training")
    extra = ScreeningItem.objects.create(
        program=world.program_a, kind="reference", label={"en": "Third reference"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.check_record(
            enrollment=checked,
            item=extra,
            status="passed",
            completed_on=timezone.localdate(),
            by=world.bob,
        )
    checked.refresh_from_db()
    assert checked.status == "ready"
    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("You are ready to be matched", ["frank@example.org"])
    ]


def test_a_waived_check_counts_but_a_failed_one_blocks(
    checklist: list[Any], mentor: Enrollment, world: SimpleNamespace
) -> None:
    pass_all(mentor, checklist[:3], world.bob)
    today = timezone.localdate()
    services.check_record(
        enrollment=mentor, item=checklist[3], status="failed", completed_on=today, by=world.bob
    )
    with pytest.raises(DomainError, match="did not pass"):
        services.screening_approve(enrollment=mentor, by=world.bob)
    services.check_record(
        enrollment=mentor, item=checklist[3], status="waived", completed_on=today, by=world.bob
    )
    make_module(world.program_a)  # training Frank has not done yet holds him in training
    assert services.screening_approve(enrollment=mentor, by=world.bob).status == "training"


def test_a_mentor_below_the_threshold_is_not_approved(
    checklist: list[Any], mentor: Enrollment, assessment: Any, world: SimpleNamespace
) -> None:
    pass_all(mentor, checklist, world.bob)
    with pytest.raises(DomainError, match="not taken the self-assessment"):
        services.screening_approve(enrollment=mentor, by=world.bob)
    result = assessments.assessment_submit(enrollment=mentor, answers=worst_answers(assessment))
    assert result.score == 0
    with pytest.raises(DomainError, match="score is 0; this program needs 60"):
        services.screening_approve(enrollment=mentor, by=world.bob)
    assessments.assessment_submit(enrollment=mentor, answers=best_answers(assessment))
    make_module(world.program_a)  # training Frank has not done yet holds him in training
    assert services.screening_approve(enrollment=mentor, by=world.bob).status == "training"


def test_the_self_assessment_scores_from_0_to_100(mentor: Enrollment, assessment: Any) -> None:
    answers = best_answers(assessment)
    first = assessment.questions.all()[0]
    # "2 to 4 hours" is worth 2 of 3 points on the first question: 23 of 24 in all.
    answers[first.pk] = next(c for c in first.choices.all() if c.points == 2).pk
    result = assessments.assessment_submit(enrollment=mentor, answers=answers)
    assert result.score == round(100 * 23 / 24)
    assert len(result.answers) == 8
    assert result.answers[0]["points"] == 2


def test_an_unanswered_question_saves_nothing(mentor: Enrollment, assessment: Any) -> None:
    answers = best_answers(assessment)
    answers.popitem()
    with pytest.raises(DomainError, match="Choose an answer"):
        assessments.assessment_submit(enrollment=mentor, answers=answers)
    assert not SelfAssessmentResult.objects.exists()


def test_an_answer_from_another_question_is_refused(mentor: Enrollment, assessment: Any) -> None:
    questions = list(assessment.questions.all())
    answers = best_answers(assessment)
    answers[questions[0].pk] = answers[questions[1].pk]
    with pytest.raises(DomainError):
        assessments.assessment_submit(enrollment=mentor, answers=answers)


def test_mentees_do_not_take_the_mentor_self_assessment(
    assessment: Any, world: SimpleNamespace
) -> None:
    mentee = Enrollment.objects.get(person=world.erin)
    with pytest.raises(DomainError, match="for mentors"):
        assessments.assessment_submit(enrollment=mentee, answers=best_answers(assessment))


def test_declining_needs_a_reason_and_emails_it(
    mentor: Enrollment, world: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    with pytest.raises(DomainError) as error:
        services.screening_decline(enrollment=mentor, by=world.bob, reason="  ")
    assert error.value.field == "reason"
    with django_capture_on_commit_callbacks(execute=True):
        services.screening_decline(
            enrollment=mentor, by=world.bob, reason="We need mentors who live in Ontario."
        )
    mentor.refresh_from_db()
    assert mentor.status == "declined"
    assert "We need mentors who live in Ontario." in mail.outbox[0].body


def test_a_ready_mentor_cannot_be_ready_without_the_checks(
    checklist: list[Any], mentor: Enrollment, world: SimpleNamespace
) -> None:
    enrollment_set_status(enrollment=mentor, status="training", by=world.bob)
    with pytest.raises(DomainError, match="Screening: “First reference” is not done yet"):
        enrollment_set_status(enrollment=mentor, status="ready", by=world.bob)


def test_a_check_with_a_validity_gets_an_expiry_date(
    checklist: list[Any], mentor: Enrollment, world: SimpleNamespace
) -> None:
    day = timezone.localdate() - timedelta(days=10)
    check = services.check_record(
        enrollment=mentor, item=checklist[3], status="passed", completed_on=day, by=world.bob
    )
    assert check.expires_at is not None
    assert check.expires_at - check.completed_at == timedelta(days=1095)
    assert check.checked_by == world.bob


def test_bad_check_dates_are_refused_and_nothing_is_written(
    checklist: list[Any], mentor: Enrollment, world: SimpleNamespace
) -> None:
    police = checklist[3]
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(DomainError, match="future") as error:
        services.check_record(
            enrollment=mentor, item=police, status="passed", completed_on=tomorrow, by=world.bob
        )
    assert error.value.field == "completed_on"
    four_years_ago = timezone.localdate() - timedelta(days=4 * 365)
    with pytest.raises(DomainError, match="already expired"):
        services.check_record(
            enrollment=mentor,
            item=police,
            status="passed",
            completed_on=four_years_ago,
            by=world.bob,
        )
    with pytest.raises(DomainError, match="Give the date"):
        services.check_record(enrollment=mentor, item=police, status="passed", by=world.bob)
    assert not ScreeningCheck.objects.exists()


def test_a_mentee_check_cannot_be_recorded_for_a_mentor_item(
    checklist: list[Any], world: SimpleNamespace
) -> None:
    mentee = Enrollment.objects.get(person=world.erin)
    with pytest.raises(DomainError, match="not part of this person's checklist"):
        services.check_record(
            enrollment=mentee,
            item=checklist[0],
            status="waived",
            completed_on=timezone.localdate(),
            by=world.bob,
        )


def _ready_with_police_check(
    enrollment: Enrollment, checklist: list[Any], world: SimpleNamespace
) -> ScreeningCheck:
    pass_all(enrollment, checklist, world.bob)
    # Nothing else holds Frank back (no training modules, no profile questions).
    assert services.screening_approve(enrollment=enrollment, by=world.bob).status == "ready"
    return ScreeningCheck.objects.get(enrollment=enrollment, item=checklist[3])


def test_an_expired_police_check_puts_a_ready_mentor_back_into_screening_once(
    checklist: list[Any],
    mentor: Enrollment,
    world: SimpleNamespace,
    django_capture_on_commit_callbacks: Any,
) -> None:
    check = _ready_with_police_check(mentor, checklist, world)
    later = check.expires_at + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.checks_expire(now=later) == 1
        assert services.checks_expire(now=later) == 0
    mentor.refresh_from_db()
    check.refresh_from_db()
    assert mentor.status == "screening"
    assert "Police check expired on" in mentor.status_reason
    assert check.status == "expired"
    event = AuditEvent.objects.get(action="screening.check_expired")
    assert event.actor is None
    # (The approval's emails, queued while setting up, go out in the same sweep.)
    [message] = [m for m in mail.outbox if "needs renewing" in m.subject]
    assert "back in screening" in message.body


def test_a_matched_mentor_stays_matched_when_a_check_expires(
    checklist: list[Any],
    mentor: Enrollment,
    world: SimpleNamespace,
    django_capture_on_commit_callbacks: Any,
) -> None:
    check = _ready_with_police_check(mentor, checklist, world)
    enrollment_set_status(enrollment=mentor, status="matched", by=world.bob)
    with django_capture_on_commit_callbacks(execute=True):
        services.checks_expire(now=check.expires_at + timedelta(days=1))
    mentor.refresh_from_db()
    assert mentor.status == "matched"
    [message] = [m for m in mail.outbox if "needs renewing" in m.subject]
    assert "match goes on" in message.body


def test_a_check_recorded_with_notes_is_audited_without_the_note(
    checklist: list[Any], mentor: Enrollment, world: SimpleNamespace
) -> None:
    services.check_record(
        enrollment=mentor,
        item=checklist[2],
        status="passed",
        completed_on=timezone.localdate(),
        note="Private remark",
        by=world.bob,
    )
    event = AuditEvent.objects.get(action="screening.check")
    assert event.actor == world.bob
    assert "Private remark" not in str(event.data) + event.summary


def test_an_item_with_recorded_checks_cannot_be_deleted(
    checklist: list[Any], mentor: Enrollment, world: SimpleNamespace
) -> None:
    pass_all(mentor, checklist[:1], world.bob)
    with pytest.raises(DomainError, match="cannot be deleted"):
        checklists.item_delete(item=checklist[0], by=world.alice)
    checklists.item_delete(item=checklist[1], by=world.alice)
    assert AuditEvent.objects.filter(action="screening.item_delete").count() == 1


def test_items_move_up_and_down(checklist: list[Any], world: SimpleNamespace) -> None:
    checklists.item_move(item=checklist[3], by=world.alice, direction="up")
    order = list(world.program_a.screening_items.order_by("order").values_list("kind", flat=True))
    assert order == ["reference", "reference", "police_check", "interview"]


def test_a_question_needs_two_answers_worth_something(
    assessment: Any, world: SimpleNamespace
) -> None:
    with pytest.raises(DomainError, match="at least two answers"):
        assessments.question_save(
            assessment=assessment, by=world.alice, text={"en": "Q"}, choices=[({"en": "A"}, 1)]
        )
    with pytest.raises(DomainError, match="worth some points"):
        assessments.question_save(
            assessment=assessment,
            by=world.alice,
            text={"en": "Q"},
            choices=[({"en": "A"}, 0), ({"en": "B"}, 0)],
        )
    assert assessment.questions.count() == 8
