"""The agency's staff run Ask-an-Expert: topics with a response target, inviting and removing
experts, the triage queue with filters and pages, routing, closing and publishing (each in the
audit log), and the time to first answer per topic."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.community.experts import staff_services
from bridgeway.community.experts.models import (
    Expert,
    ExpertTopic,
    PublishedAnswer,
    Question,
)
from bridgeway.community.experts.stats import answer_times, percentile
from bridgeway.core.models import AuditEvent
from bridgeway.notifications.models import Notification
from tests.community.experts.conftest import ask

pytestmark = pytest.mark.django_db


def test_a_coordinator_adds_a_topic_and_invites_an_expert(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.bob)
    url = reverse("community:experts_overview", args=["agency-a"])
    page = client.get(url).content.decode()
    assert "No topic yet" in page
    assert "No expert yet" in page
    client.post(
        url,
        {
            "action": "topic",
            "topic-name": "Recognition of diplomas",
            "topic-target_amount": "12",
            "topic-target_unit": "hours",
            "topic-is_active": "on",
            "organization": str(world.agency_b.pk),
        },
    )
    topic = ExpertTopic.objects.get()
    assert (topic.organization, topic.target_amount, topic.target_unit) == (
        world.agency_a,
        12,
        "hours",
    )
    response = client.post(
        url,
        {
            "action": "topic",
            "topic-name": "recognition of diplomas",
            "topic-target_amount": "0",
            "topic-target_unit": "days",
        },
    )
    assert "greater than or equal to 1" in response.content.decode()
    response = client.post(
        url,
        {
            "action": "invite",
            "invite-name": "Dr. Amara Diallo",
            "invite-email": "amara@clinic.example",
            "invite-language": "en",
            "invite-topics": [str(topic.pk)],
        },
        follow=True,
    )
    assert "The invitation is on its way to amara@clinic.example." in response.content.decode()
    expert = Expert.objects.get()
    assert (expert.status, list(expert.topics.all())) == ("invited", [topic])
    assert Notification.objects.get(kind="community.expert_invitation").address == (
        "amara@clinic.example"
    )
    again = client.post(
        url,
        {
            "action": "invite",
            "invite-name": "Amara",
            "invite-email": "AMARA@clinic.example",
            "invite-language": "en",
            "invite-topics": [str(topic.pk)],
        },
    )
    assert "already one of the agency" in again.content.decode()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"experts.topic_create", "experts.invite"} <= actions


def test_staff_route_a_question_from_the_queue_and_it_is_audited(
    client: Client, world: SimpleNamespace, housing: ExpertTopic, expert: Expert, xavier: Person
) -> None:
    question = ask(world, housing)
    client.force_login(world.bob)
    queue = client.get(reverse("community:experts_queue", args=["agency-a"])).content.decode()
    assert "Can my landlord keep my deposit?" in queue
    assert "Nobody yet" in queue
    url = reverse("community:staff_question", args=["agency-a", question.pk])
    assert "Xavier (tenant law)" in client.get(url).content.decode()
    response = client.post(url, {"action": "route", "expert": str(expert.pk)}, follow=True)
    assert "The question is sent to Xavier (tenant law)." in response.content.decode()
    question.refresh_from_db()
    assert (question.status, question.expert, question.routed_by) == ("routed", expert, world.bob)
    assert Notification.objects.get(kind="community.question_routed").person == xavier
    event = AuditEvent.objects.get(action="experts.route")
    assert (event.actor, event.subject, event.organization) == (
        world.bob,
        world.erin,
        world.agency_a,
    )
    response = client.post(url, {"action": "route", "expert": "987654"})
    assert "Select a valid choice" in response.content.decode()


def test_the_queue_filters_and_pages(
    client: Client, world: SimpleNamespace, housing: ExpertTopic, routed: Question
) -> None:
    for _ in range(26):
        ask(world, housing)
    client.force_login(world.alice)
    url = reverse("community:experts_queue", args=["agency-a"])
    first = client.get(url).content.decode()
    assert "27 questions" in first
    assert "Page 1 of 2" in first
    routed_only = client.get(url, {"status": "routed"}).content.decode()
    assert "1 question" in routed_only
    none = client.get(url, {"status": "answered"}).content.decode()
    assert "No question matches" in none
    assert client.get(url, {"status": "junk", "topic": "x", "expert": "-1"}).status_code == 200


def test_closing_tells_the_asker_and_stops_the_clock(
    client: Client, world: SimpleNamespace, routed: Question
) -> None:
    client.force_login(world.bob)
    client.post(
        reverse("community:staff_question", args=["agency-a", routed.pk]), {"action": "close"}
    )
    routed.refresh_from_db()
    assert routed.status == "closed"
    assert Notification.objects.get(kind="community.question_closed").person == world.erin
    assert AuditEvent.objects.filter(action="experts.close").exists()


def test_staff_publish_an_edited_answer_to_the_library_and_can_withdraw_it(
    client: Client, world: SimpleNamespace, answered: Question
) -> None:
    client.force_login(world.bob)
    url = reverse("community:staff_question", args=["agency-a", answered.pk])
    page = client.get(url).content.decode()
    assert "Publish the answer in the resource library" in page
    assert "last month&#x27;s rent" in page  # the form starts from the expert's answer
    form = {
        "action": "publish",
        "title": "Deposits",
        "question_text": "Can a landlord keep a deposit?",
        "answer_text": "No.",
        "language": "en",
        "where": str(world.program_a.pk),
        "audience": "mentees",
        "topics": ["housing", "rights"],
    }
    client.post(url, form)
    client.post(url, form)  # sent twice: one resource
    published = PublishedAnswer.objects.select_related("resource").get()
    resource = published.resource
    assert (resource.kind, resource.level, resource.program, resource.audience) == (
        "answer",
        "program",
        world.program_a,
        "mentees",
    )
    assert sorted(resource.topics.values_list("topic", flat=True)) == ["housing", "rights"]
    version = resource.versions.get()
    assert (version.language, version.title, version.answer_text) == ("en", "Deposits", "No.")
    assert version.summary == "Can a landlord keep a deposit?"
    page = client.get(url).content.decode()
    assert "Published in the library." in page
    assert reverse("learning:resource", args=[resource.pk]) in page

    client.post(url, {"action": "withdraw"})
    resource.refresh_from_db()
    assert resource.archived
    assert "No longer published" in client.get(url).content.decode()
    client.post(url, {**form, "where": "", "answer_text": "No, not for cleaning."})
    resource.refresh_from_db()
    assert (resource.archived, resource.level, resource.program) == (False, "agency", None)
    assert resource.versions.get().answer_text == "No, not for cleaning."
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("experts.publish") == 1
    assert "experts.withdraw" in actions
    assert actions.count("experts.publish_update") == 2


def test_publishing_needs_the_words_and_a_program_of_the_agency(
    client: Client, world: SimpleNamespace, answered: Question
) -> None:
    client.force_login(world.bob)
    url = reverse("community:staff_question", args=["agency-a", answered.pk])
    page = client.post(
        url,
        {
            "action": "publish",
            "title": "Deposits",
            "question_text": "",
            "answer_text": "No.",
            "language": "en",
            "where": str(world.program_b.pk),  # agency B's
            "audience": "everyone",
        },
    ).content.decode()
    assert "This field is required." in page
    assert "Select a valid choice." in page
    assert not PublishedAnswer.objects.exists()


def test_an_unanswered_question_cannot_be_published(
    world: SimpleNamespace, routed: Question
) -> None:
    from bridgeway.core.services import DomainError

    with pytest.raises(DomainError):
        staff_services.answer_publish(
            question=routed,
            by=world.bob,
            title="x",
            question_text="x",
            answer_text="x",
            language="en",
        )
    assert not PublishedAnswer.objects.exists()


def test_removing_an_expert_sends_their_questions_back_to_the_queue(
    client: Client, world: SimpleNamespace, routed: Question, expert: Expert, xavier: Person
) -> None:
    client.force_login(world.alice)
    client.post(
        reverse("community:experts_expert", args=["agency-a", expert.pk]), {"action": "remove"}
    )
    routed.refresh_from_db()
    assert (routed.status, routed.expert) == ("new", None)
    client.force_login(xavier)
    assert client.get(reverse("community:question", args=[routed.pk])).status_code == 404


def test_time_to_first_answer_per_topic(
    client: Client, world: SimpleNamespace, housing: ExpertTopic, expert: Expert, xavier: Person
) -> None:
    now = timezone.now()
    for hours in (1, 2, 3, 4, 50):
        question = ask(world, housing)
        Question.objects.filter(pk=question.pk).update(
            created_at=now - timedelta(hours=100),
            first_answer_at=now - timedelta(hours=100 - hours),
            status="answered",
        )
    ask(world, housing)  # still waiting
    row = answer_times(organization=world.agency_a)[0]
    assert (row.answered, row.waiting) == (5, 1)
    assert row.median == timedelta(hours=3)
    assert row.p90 == timedelta(hours=50)
    assert percentile([timedelta(hours=h) for h in range(1, 11)], 0.9) == timedelta(hours=9)
    client.force_login(world.bob)
    page = client.get(reverse("community:experts_overview", args=["agency-a"])).content.decode()
    assert "3 hours" in page
    assert "2.1 days" in page


def test_another_agencys_staff_cannot_reach_the_question(
    client: Client, world: SimpleNamespace, routed: Question
) -> None:
    client.force_login(world.carol)
    for org in ("agency-a", "agency-b"):
        url = reverse("community:staff_question", args=[org, routed.pk])
        assert client.post(url, {"action": "close"}).status_code == 404
    routed.refresh_from_db()
    assert routed.status == "routed"
