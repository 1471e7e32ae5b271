"""Staff and conversations: a pair's conversation opens to staff only with a reason, each read
recorded without content; a mediator joins visibly; flag words show staff one message and why;
participants write to staff, who answer; unread messages are emailed once, gathered."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.core.models import AuditEvent
from bridgeway.messaging import services
from bridgeway.messaging.models import Conversation, Flag, Member, Message, MessagingSettings
from bridgeway.notifications.models import Notification
from bridgeway.notifications.timers import timers_run_due

pytestmark = pytest.mark.django_db


def test_staff_read_a_pair_conversation_only_with_a_reason_and_each_read_is_recorded(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    services.message_send(conversation=chat, author=cohort.amal.person, body="a private worry")
    bob = cohort.world.bob
    client.force_login(bob)
    url = reverse("messaging:staff_conversation", args=[chat.pk])
    html = client.get(url).content.decode()
    assert "a private worry" not in html
    assert "Read the conversation" in html
    response = client.post(url, {"form": "reason", "reason": "ok"})
    assert response.status_code == 400  # too short to be a reason
    assert not AuditEvent.objects.filter(action="messaging.staff_read").exists()
    client.post(url, {"form": "reason", "reason": "Concern raised by the mentee"})
    assert "a private worry" in client.get(url).content.decode()
    client.get(url)
    reads = AuditEvent.objects.filter(action="messaging.staff_read", actor=bob)
    assert reads.count() == 2
    assert all(event.data["reason"] == "Concern raised by the mentee" for event in reads)
    assert not any("private worry" in str(event.data) + event.summary for event in reads)
    # The participants are told staff may read it with a reason.
    client.force_login(cohort.amal.person)
    page = client.get(reverse("messaging:conversation", args=[chat.pk])).content.decode()
    assert "Program staff may read this conversation when they have a reason" in page


def test_staff_of_another_agency_get_404(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    client.force_login(cohort.world.carol)
    url = reverse("messaging:staff_conversation", args=[chat.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"form": "reason", "reason": "curious about it"}).status_code == 404


def test_a_mediator_joins_visibly_and_both_are_told(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    bob = cohort.world.bob
    client.force_login(bob)
    url = reverse("messaging:staff_conversation", args=[chat.pk])
    response = client.post(url, {"form": "join", "join-reason": "Both asked for help"})
    assert response.status_code == 302
    assert Member.objects.get(conversation=chat, person=bob).role == Member.Role.MEDIATOR
    told = Notification.objects.filter(kind="messaging.mediator")
    assert {n.person_id for n in told} == {cohort.amal.person.pk, cohort.dana.person.pk}
    client.post(
        reverse("messaging:conversation", args=[chat.pk]), {"body": "Hello both", "client_key": "m"}
    )
    client.force_login(cohort.amal.person)
    page = client.get(reverse("messaging:conversation", args=[chat.pk])).content.decode()
    assert "joined the conversation as a mediator" in page
    assert "Hello both" in page


def test_flag_words_in_any_language_show_staff_that_message_only(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    MessagingSettings.objects.create(
        program=chat.program, flag_words={"en": ["hurt myself"], "fr": ["désespéré"]}
    )
    services.message_send(conversation=chat, author=cohort.amal.person, body="first, harmless")
    services.message_send(
        conversation=chat, author=cohort.amal.person, body="Je suis DESESPERE ce soir"
    )
    flag = Flag.objects.get()
    assert flag.words == ["désespéré"]
    bob = cohort.world.bob
    assert Notification.objects.filter(kind="messaging.flagged", person=bob).exists()
    client.force_login(bob)
    url = reverse("messaging:flags", args=[chat.organization.slug])
    html = client.get(url).content.decode()
    assert "Je suis DESESPERE ce soir" in html
    assert "first, harmless" not in html
    assert AuditEvent.objects.filter(action="messaging.flags_read").count() == 1
    client.post(url, {"flag": flag.pk, "note": "Called her"})
    flag.refresh_from_db()
    assert flag.handled_by == bob
    # Another agency's staff cannot handle it through their own page.
    client.force_login(cohort.world.carol)
    response = client.post(reverse("messaging:flags", args=["agency-b"]), {"flag": flag.pk})
    assert response.status_code == 404


def test_a_participant_writes_to_staff_and_staff_answer(
    client: Client, cohort: SimpleNamespace
) -> None:
    amal = cohort.amal
    client.force_login(amal.person)
    response = client.post(reverse("messaging:write_to_staff", args=[amal.pk]))
    chat = Conversation.objects.get(kind=Conversation.Kind.STAFF)
    assert response.url == reverse("messaging:conversation", args=[chat.pk])
    client.post(response.url, {"body": "When is the next workshop?", "client_key": "q"})
    bob = cohort.world.bob
    client.force_login(bob)
    inbox = client.get(reverse("messaging:staff_inbox", args=[chat.organization.slug]))
    assert "Amal" in inbox.content.decode()
    assert "Not yet" in inbox.content.decode()
    url = reverse("messaging:staff_conversation", args=[chat.pk])
    assert "When is the next workshop?" in client.get(url).content.decode()  # no reason asked
    client.post(url, {"form": "reply", "body": "Thursday at 6", "client_key": "a"})
    assert Member.objects.get(conversation=chat, person=bob).role == Member.Role.STAFF
    client.force_login(amal.person)
    page = client.get(reverse("messaging:conversation", args=[chat.pk])).content.decode()
    assert "Thursday at 6" in page


def test_unread_messages_are_emailed_once_gathered_after_15_minutes(
    chat: Conversation, cohort: SimpleNamespace
) -> None:
    amal, dana = cohort.amal.person, cohort.dana.person
    first, _ = services.message_send(conversation=chat, author=amal, body="one")
    services.message_send(conversation=chat, author=amal, body="two")
    timers_run_due(now=first.created_at + timedelta(minutes=14))
    assert not Notification.objects.filter(kind="messaging.unread").exists()
    timers_run_due(now=first.created_at + timedelta(minutes=16))
    [told] = Notification.objects.filter(kind="messaging.unread")
    assert told.person == dana
    assert told.params["count"] == 2
    timers_run_due(now=timezone.now() + timedelta(hours=1))
    assert Notification.objects.filter(kind="messaging.unread").count() == 1
    # A message Dana reads before the quarter hour is not emailed.
    third, _ = services.message_send(conversation=chat, author=amal, body="three")
    services.conversation_read(member=Member.objects.get(conversation=chat, person=dana))
    timers_run_due(now=third.created_at + timedelta(minutes=16))
    assert Notification.objects.filter(kind="messaging.unread").count() == 1
    assert Message.objects.count() == 3
