"""The expert's clock: a reminder at three quarters of the topic's response target, escalation
to the agency's staff at it; never after an answer, never twice, and a new round when the
question is routed again or the asker replies to a question back."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.community.experts import services, staff_services
from bridgeway.community.experts.models import Expert, ExpertTopic, Question
from bridgeway.core.models import AuditEvent
from bridgeway.notifications.models import Notification
from bridgeway.notifications.timers import timers_run_due
from tests.community.experts.conftest import ask
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _told(kind: str) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("person__email", flat=True))


def test_the_expert_is_reminded_before_the_target_and_staff_told_at_it_once(
    client: Client, world: SimpleNamespace, routed: Question
) -> None:
    # Housing: within 2 days; the reminder at 36 hours.
    timers_run_due(now=timezone.now() + timedelta(hours=35))
    assert _told("community.question_reminder") == []
    timers_run_due(now=timezone.now() + timedelta(hours=37))
    assert _told("community.question_reminder") == ["xavier@lawyers.example"]
    assert _told("community.question_escalated") == []
    later = timezone.now() + timedelta(days=2, minutes=5)
    timers_run_due(now=later)
    timers_run_due(now=later)  # the sweep again: nobody is told twice
    assert _told("community.question_reminder") == ["xavier@lawyers.example"]
    assert _told("community.question_escalated") == ["alice@agency-a.org", "bob@agency-a.org"]
    routed.refresh_from_db()
    assert routed.escalated_at is not None
    assert AuditEvent.objects.filter(action="experts.escalate").count() == 1
    client.force_login(world.bob)
    queue = client.get(
        reverse("community:experts_queue", args=["agency-a"]), {"overdue": "1"}
    ).content.decode()
    assert "past its target" in queue


def test_no_reminder_nor_escalation_after_the_answer(
    world: SimpleNamespace, routed: Question, xavier: Person
) -> None:
    services.expert_post(question=routed, by=xavier, body="Here is the answer.")
    timers_run_due(now=timezone.now() + timedelta(days=3))
    assert _told("community.question_reminder") == []
    assert _told("community.question_escalated") == []


def test_a_question_back_pauses_the_clock_until_the_asker_replies(
    world: SimpleNamespace, routed: Question, xavier: Person
) -> None:
    services.expert_post(question=routed, by=xavier, body="Which city?", asks_back=True)
    timers_run_due(now=timezone.now() + timedelta(days=3))
    assert _told("community.question_escalated") == []
    services.asker_reply(question=routed, by=world.erin, body="Toronto.")
    timers_run_due(now=timezone.now() + timedelta(days=1))
    assert _told("community.question_reminder") == []
    timers_run_due(now=timezone.now() + timedelta(days=2, minutes=5))
    assert _told("community.question_reminder") == ["xavier@lawyers.example"]
    assert len(_told("community.question_escalated")) == 2


def test_routing_to_another_expert_starts_a_new_clock(
    world: SimpleNamespace, housing: ExpertTopic, routed: Question
) -> None:
    timers_run_due(now=timezone.now() + timedelta(hours=37))
    yuki = staff_services.expert_accept(
        expert=staff_services.expert_invite(
            organization=world.agency_a,
            by=world.alice,
            email="yuki@example.org",
            name="Yuki",
            topics=[housing],
        ),
        person=PersonFactory(email="yuki@example.org"),
    )
    moved_at = timezone.now()
    staff_services.question_route(question=routed, expert=yuki, by=world.bob)
    # Xavier's escalation time passes: his round is over, nobody is told.
    timers_run_due(now=moved_at + timedelta(hours=13))
    assert _told("community.question_escalated") == []
    timers_run_due(now=moved_at + timedelta(hours=37))
    assert _told("community.question_reminder") == ["xavier@lawyers.example", "yuki@example.org"]


def test_an_hours_target_is_kept_in_hours(
    world: SimpleNamespace, expert: Expert, housing: ExpertTopic
) -> None:
    staff_services.topic_save(
        organization=world.agency_a,
        by=world.alice,
        topic=housing,
        name="Housing",
        target_amount=8,
        target_unit="hours",
    )
    question = ask(world, housing)
    staff_services.question_route(question=question, expert=expert, by=world.bob)
    question.refresh_from_db()
    assert question.due_at is not None
    assert (
        timedelta(hours=7, minutes=59)
        < question.due_at - question.routed_at
        < timedelta(hours=8, minutes=1)
    )  # type: ignore[operator]
    timers_run_due(now=timezone.now() + timedelta(hours=8, minutes=1))
    assert len(_told("community.question_escalated")) == 2
