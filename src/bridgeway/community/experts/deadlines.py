"""The expert's clock (timer handlers, BRIDGEWAY_TIMER_HANDLERS): a reminder to the expert
before the topic's response target, and escalation to the agency's staff at it. A timer whose
round is over (the question was answered, routed again, or waits for the asker) does
nothing; a retried one tells nobody twice (the notifications' event keys)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from bridgeway.community.experts.models import Question
from bridgeway.community.experts.selectors import staff_of
from bridgeway.community.experts.services import _tell
from bridgeway.core.services import audit_record
from bridgeway.notifications.models import Timer
from bridgeway.notifications.outbox import notify


def _waiting_on_expert(timer: Timer) -> Question | None:
    question = (
        Question.objects.select_for_update(of=("self",))
        .select_related("organization", "expert__person", "topic", "asker")
        .filter(
            pk=timer.payload.get("question"),
            status=Question.Status.ROUTED,
            clock=timer.payload.get("clock"),
            first_answer_at__isnull=True,
        )
        .first()
    )
    if question is None or question.expert is None or question.expert.person is None:
        return None
    return question


def remind(timer: Timer) -> None:
    """Before the target: the expert is reminded, if they have not answered."""
    question = _waiting_on_expert(timer)
    expert = question.expert if question is not None else None
    if question is None or expert is None or expert.person is None:
        return
    _tell(
        question,
        "community.question_reminder",
        f"expert-question:{question.pk}:remind:{question.clock}",
        expert.person,
    )


def escalate(timer: Timer) -> None:
    """At the target: the question is marked escalated and the agency's staff are told."""
    question = _waiting_on_expert(timer)
    if question is None:
        return
    question.escalated_at = timezone.now()
    question.save(update_fields=["escalated_at"])
    organization = question.organization
    audit_record(
        actor=None,
        organization=organization,
        action="experts.escalate",
        target=question,
        summary=question.title[:200],
        data={"expert": question.expert.name if question.expert else ""},
        subject=question.asker,
    )
    for person in staff_of(organization=organization):
        notify(
            kind="community.question_escalated",
            event=f"expert-question:{question.pk}:escalated:{question.clock}",
            person=person,
            role="staff",
            params={"question": question.pk},
            url=reverse("community:staff_question", args=[organization.slug, question.pk]),
            organization=organization,
        )
