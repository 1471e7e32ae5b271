"""Curriculum mode: a prompt staff schedule appears once in every conversation under way, in
each reader's language, each member is told; staff see who has answered."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.community.curriculum import selectors, services
from bridgeway.community.curriculum.models import Prompt, PromptDelivery
from bridgeway.core.models import AuditEvent
from bridgeway.core.services import DomainError
from bridgeway.messaging import services as messaging
from bridgeway.messaging.models import Conversation, Message
from bridgeway.notifications.models import Notification, Timer
from bridgeway.notifications.render import summary_in
from bridgeway.notifications.timers import timers_run_due
from bridgeway.relationships import agreements
from bridgeway.relationships import services as pairs
from bridgeway.relationships.models import Relationship
from tests.clock import next_skipped_day
from tests.matching.conftest import add_person, cohort, mentee_answers  # noqa: F401

pytestmark = pytest.mark.django_db

TEXTS = {
    "en": {"title": "Week 1: your goals", "body": "Share **one goal** with each other."},
    "fr": {"title": "Semaine 1 : vos objectifs", "body": "Partagez **un objectif**."},
}


def _pair(mentee: object, mentor: object, staff: object) -> Relationship:
    [request] = pairs.requests_send(
        mentee=mentee,
        mentor_ids=[mentor.pk],
        message="",
        by=mentee.person,  # type: ignore[attr-defined]
    )
    relationship = pairs.request_accept(request=request, by=mentor.person)  # type: ignore[attr-defined]
    agreements.agreement_waive(agreement=relationship.agreement, by=staff, reason="x")
    relationship.refresh_from_db()
    return relationship


@pytest.fixture
def two_pairs(cohort: SimpleNamespace) -> SimpleNamespace:  # noqa: F811
    first = _pair(cohort.amal, cohort.dana, cohort.world.bob)
    gita = add_person(cohort.program, name="Gita", role="mentee", answers=mentee_answers())
    second = _pair(gita, cohort.fay, cohort.world.bob)
    return SimpleNamespace(first=first, second=second, cohort=cohort)


def _schedule(cohort: SimpleNamespace, **extra: object) -> Prompt:  # noqa: F811
    return services.prompt_schedule(
        program=cohort.program,
        texts=extra.get("texts", TEXTS),  # type: ignore[arg-type]
        send_at=timezone.now() + timedelta(days=1),
        by=cohort.world.bob,
    )


def test_a_prompt_appears_once_in_every_conversation_under_way(
    two_pairs: SimpleNamespace,
) -> None:
    prompt = _schedule(two_pairs.cohort)
    timers_run_due(now=prompt.send_at + timedelta(minutes=1))
    timers_run_due(now=prompt.send_at + timedelta(minutes=2))  # nothing twice
    prompt.refresh_from_db()
    assert prompt.status == Prompt.Status.SENT
    assert PromptDelivery.objects.filter(prompt=prompt).count() == 2
    assert Message.objects.filter(event="prompt").count() == 2
    told = Notification.objects.filter(kind="community.prompt")
    assert told.count() == 4  # both people of both pairs
    amal = told.get(person=two_pairs.cohort.amal.person)
    assert "« Semaine 1 : vos objectifs »" in summary_in(amal, "fr")
    assert summary_in(amal, "en") == (
        f"A prompt from {two_pairs.cohort.program.name} in your conversation: “Week 1: your goals”."
    )


def test_each_reader_sees_the_prompt_in_their_language(
    client: Client, two_pairs: SimpleNamespace
) -> None:
    prompt = _schedule(two_pairs.cohort)
    timers_run_due(now=prompt.send_at + timedelta(minutes=1))
    conversation = Conversation.objects.get(relationship=two_pairs.first)
    amal = two_pairs.cohort.amal.person
    amal.preferred_language = "fr"
    amal.save(update_fields=["preferred_language"])
    client.force_login(amal)
    page = client.get(reverse("messaging:conversation", args=[conversation.pk]))
    html = page.content.decode()
    assert "Semaine 1 : vos objectifs" in html
    assert "<strong>un objectif</strong>" in html
    client.force_login(two_pairs.cohort.dana.person)
    page = client.get(
        reverse("messaging:conversation", args=[conversation.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "From your program: Week 1: your goals" in page.content.decode()


def test_a_reader_whose_language_is_missing_reads_the_programs(two_pairs: SimpleNamespace) -> None:
    prompt = _schedule(two_pairs.cohort, texts={"en": TEXTS["en"]})
    assert prompt.text("ar")["title"] == "Week 1: your goals"


def test_staff_see_who_answered(client: Client, two_pairs: SimpleNamespace) -> None:
    prompt = _schedule(two_pairs.cohort)
    timers_run_due(now=prompt.send_at + timedelta(minutes=1))
    conversation = Conversation.objects.get(relationship=two_pairs.first)
    messaging.message_send(
        conversation=conversation, author=two_pairs.cohort.amal.person, body="My goal: a job."
    )
    [row] = selectors.prompts_for_program(program=two_pairs.cohort.program)
    assert (row.reached, row.answered) == (2, 1)
    answered = {d.conversation_id: d.has_answer for d in selectors.prompt_deliveries(prompt=prompt)}
    assert answered[conversation.pk] is True
    assert list(answered.values()).count(False) == 1
    client.force_login(two_pairs.cohort.world.bob)
    page = client.get(reverse("community:prompt", args=[prompt.pk])).content.decode()
    assert "not yet" in page
    assert "Gita" in page
    listing = client.get(reverse("community:program_prompts", args=[prompt.program_id]))
    assert "1 of 2" in listing.content.decode()


def test_staff_schedule_change_and_cancel_from_the_pages(
    client: Client, two_pairs: SimpleNamespace
) -> None:
    people = two_pairs.cohort
    client.force_login(people.world.bob)
    url = reverse("community:program_prompts", args=[people.program.pk])
    assert "No prompt yet" in client.get(url).content.decode()
    day = (timezone.now() + timedelta(days=3)).date().isoformat()
    sent = client.post(
        url,
        {"send_on": day, "send_time": "09:00", "title_en": "Week 2", "body_en": "Meet twice."},
    )
    prompt = Prompt.objects.get()
    assert sent.status_code == 302
    assert prompt.texts == {"en": {"title": "Week 2", "body": "Meet twice."}}
    assert Timer.objects.filter(key=f"community.prompt_post:{prompt.pk}").exists()
    page = reverse("community:prompt", args=[prompt.pk])
    client.post(
        page,
        {
            "change": "1",
            "send_on": day,
            "send_time": "10:30",
            "title_en": "Week 2",
            "body_en": "Meet twice this week.",
        },
    )
    prompt.refresh_from_db()
    assert prompt.texts["en"]["body"] == "Meet twice this week."
    client.post(page, {"cancel": "1"})
    prompt.refresh_from_db()
    assert prompt.status == Prompt.Status.CANCELLED
    assert Timer.objects.get(key=f"community.prompt_post:{prompt.pk}").state == "cancelled"
    timers_run_due(now=prompt.send_at + timedelta(minutes=1))
    assert not Message.objects.filter(event="prompt").exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "community.prompt_schedule",
        "community.prompt_change",
        "community.prompt_cancel",
    } <= actions


def test_bad_input_gets_a_clear_message_and_saves_nothing(
    client: Client, two_pairs: SimpleNamespace
) -> None:
    people = two_pairs.cohort
    client.force_login(people.world.bob)
    url = reverse("community:program_prompts", args=[people.program.pk])
    yesterday = (timezone.now() - timedelta(days=1)).date().isoformat()
    page = client.post(url, {"send_on": yesterday, "send_time": "09:00", "title_en": "Week 1"})
    assert page.status_code == 400
    html = page.content.decode()
    assert "Write the text that goes with this title." in html
    page = client.post(
        url, {"send_on": yesterday, "send_time": "09:00", "title_en": "W", "body_en": "B"}
    )
    assert "this one has passed" in page.content.decode()
    page = client.post(
        url,
        {
            "send_on": next_skipped_day("America/Toronto").isoformat(),
            "send_time": "02:30",
            "title_en": "W",
            "body_en": "B",
        },
    )
    assert "does not exist" in page.content.decode()  # Toronto's clocks jump that night
    assert not Prompt.objects.exists()
    with pytest.raises(DomainError):
        _schedule(people, texts={})


def test_a_posted_prompt_no_longer_changes(two_pairs: SimpleNamespace) -> None:
    prompt = _schedule(two_pairs.cohort)
    timers_run_due(now=prompt.send_at + timedelta(minutes=1))
    with pytest.raises(DomainError, match="already posted"):
        services.prompt_cancel(prompt=prompt, by=two_pairs.cohort.world.bob)


def test_another_agency_sees_nothing(client: Client, two_pairs: SimpleNamespace) -> None:
    prompt = _schedule(two_pairs.cohort)
    client.force_login(two_pairs.cohort.world.carol)
    assert client.get(reverse("community:prompt", args=[prompt.pk])).status_code == 404
    url = reverse("community:program_prompts", args=[prompt.program_id])
    assert client.get(url).status_code == 404
    client.force_login(two_pairs.cohort.amal.person)
    assert client.get(reverse("community:prompt", args=[prompt.pk])).status_code in (403, 404)


def test_staff_schedule_read_and_cancel_through_the_api(
    client: Client, two_pairs: SimpleNamespace
) -> None:
    people = two_pairs.cohort
    client.force_login(people.world.bob)
    url = reverse("api:community-prompts", args=[people.program.pk])
    send_at = (timezone.now() + timedelta(days=2)).isoformat()
    made = client.post(url, {"texts": TEXTS, "send_at": send_at}, content_type="application/json")
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["status"], body["reached"], body["language"]) == ("scheduled", 0, "en")
    bad = client.post(
        url,
        {"texts": {"xx": TEXTS["en"]}, "send_at": send_at},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "not offered here: xx" in bad.content.decode()
    past = client.post(
        url,
        {"texts": TEXTS, "send_at": "2020-01-01T09:00:00Z"},
        content_type="application/json",
    )
    assert past.status_code == 400
    assert "this one has passed" in past.content.decode()
    one = reverse("api:community-prompt", args=[body["id"]])
    changed = client.patch(
        one, {"texts": {"en": TEXTS["en"]}}, content_type="application/json"
    ).json()
    assert list(changed["texts"]) == ["en"]
    [listed] = client.get(url).json()["results"]
    assert listed["id"] == body["id"]
    assert client.delete(one).status_code == 204
    assert client.get(one).json()["status"] == "cancelled"
    assert client.delete(one).status_code == 400  # cancelled already: a clear message
    client.force_login(people.world.carol)
    assert client.get(one).status_code == 404
    client.force_login(people.amal.person)
    assert client.get(url).status_code in (403, 404)
