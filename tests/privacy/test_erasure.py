"""Erasure: a participant asks from their account, staff of their agency review (an open
concern holds it), approval erases in the background; the others' records stay, showing "a
former participant"."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from bridgeway.concerns.models import Concern
from bridgeway.core.models import AuditEvent, Membership
from bridgeway.core.services import DomainError
from bridgeway.messaging.models import Conversation, Member, Message
from bridgeway.privacy.erasure import run as erasure_run_module
from bridgeway.privacy.erasure.models import ErasureRequest
from bridgeway.privacy.erasure.run import erasure_run
from bridgeway.privacy.erasure.services import erasure_approve, erasure_request
from bridgeway.programs.models import Enrollment
from bridgeway.relationships.models import Relationship
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db(transaction=True)


def _pair(world: Any) -> Conversation:
    mentee = Enrollment.objects.get(person=world.erin)
    mentor = Enrollment.objects.get(person=world.frank)
    relationship = Relationship.objects.create(
        program=world.program_a,
        mentee=mentee,
        mentor=mentor,
        status=Relationship.Status.ACTIVE,
        planned_end=timezone.now().date(),
    )
    conversation = Conversation.objects.create(
        organization=world.agency_a,
        program=world.program_a,
        kind="pair",
        relationship=relationship,
    )
    Member.objects.create(conversation=conversation, person=world.erin)
    Member.objects.create(conversation=conversation, person=world.frank)
    Message.objects.create(conversation=conversation, author=world.erin, body="Hello from Erin")
    Message.objects.create(conversation=conversation, author=world.frank, body="Hi, Frank here")
    return conversation


def test_the_person_asks_from_their_preferences(world: Any, client: Client) -> None:
    signed_in(client, world.erin)
    preferences = client.get(reverse("accounts:preferences")).content.decode()
    assert reverse("privacy_erasure:mine") in preferences
    page = client.get(reverse("privacy_erasure:mine")).content.decode()
    assert "What is kept, and for how long" in page
    assert "7 years after the conversation closed" in page  # the agency's default policy
    refused = client.post(reverse("privacy_erasure:mine"), {"form": "ask"})
    assert "Tick the box" in refused.content.decode()
    client.post(reverse("privacy_erasure:mine"), {"form": "ask", "confirm": "on"})
    request = ErasureRequest.objects.get(person=world.erin)
    assert request.status == "pending"
    assert list(request.organizations.all()) == [world.agency_a]
    # The person is told, and the agency's staff (not agency B's).
    assert [m.to for m in mail.outbox if "received your request" in m.subject] == [
        ["erin@example.org"]
    ]
    waiting = {tuple(m.to) for m in mail.outbox if "waits for review" in m.subject}
    assert waiting == {("alice@agency-a.org",), ("bob@agency-a.org",)}
    again = client.post(
        reverse("privacy_erasure:mine"), {"form": "ask", "confirm": "on"}, follow=True
    )
    assert "already asked" in again.content.decode()
    client.post(reverse("privacy_erasure:mine"), {"form": "withdraw"})
    assert ErasureRequest.objects.get(person=world.erin).status == "withdrawn"


def test_an_open_concern_holds_the_request_in_each_persons_language(
    world: Any, client: Client
) -> None:
    world.erin.preferred_language = "fr"
    world.erin.save()
    concern = Concern.objects.create(
        organization=world.agency_a,
        program=world.program_a,
        reporter=world.frank,
        about=world.erin,
        category="conduct",
        description="About Erin",
    )
    request = erasure_request(person=world.erin, by=world.erin)
    signed_in(client, world.bob)
    held = client.get(reverse("privacy_erasure:staff_list", args=["agency-a"]) + "?show=held")
    assert f"Concern {concern.pk}, about this person, is still open." in held.content.decode()
    pending = client.get(reverse("privacy_erasure:staff_list", args=["agency-a"]))
    assert "Erin" not in pending.content.decode()
    answer = client.post(
        reverse("privacy_erasure:staff_detail", args=[request.pk]),
        {"form": "approve"},
        follow=True,
    )
    assert "An open concern case holds this request" in answer.content.decode()
    assert ErasureRequest.objects.get(pk=request.pk).status == "pending"
    with translation.override("fr"):
        page = signed_in(Client(), world.erin).get(reverse("privacy_erasure:mine"))
    assert page.status_code == 200
    Concern.objects.filter(pk=concern.pk).update(status="resolved")
    erasure_approve(request=request, by=world.bob, organization=world.agency_a)
    assert ErasureRequest.objects.get(pk=request.pk).status == "done"


def test_approving_erases_and_the_others_see_a_former_participant(
    world: Any, client: Client
) -> None:
    conversation = _pair(world)
    erin_pk = world.erin.pk
    erins_phone = signed_in(Client(), world.erin)
    request = erasure_request(person=world.erin, by=world.erin)
    mail.outbox.clear()
    signed_in(client, world.bob)
    client.post(reverse("privacy_erasure:staff_detail", args=[request.pk]), {"form": "approve"})
    request.refresh_from_db()
    assert request.status == "done"
    assert request.steps_done[-1] == "account"
    # The farewell went to the address before it was deleted; staff are told it is done.
    assert ["erin@example.org"] in [m.to for m in mail.outbox if "being deleted" in m.subject]
    from bridgeway.notifications.models import Notification

    assert Notification.objects.filter(kind="erasure.done", person=world.bob).exists()
    from bridgeway.accounts.models import Person

    erin = Person.objects.get(pk=erin_pk)
    assert erin.erased_at
    assert not erin.is_active
    assert not erin.has_usable_password()
    assert erin.email == f"erased-{erin_pk}@erased.invalid"
    assert erin.display_name == ""
    assert erin.name == "a former participant"
    assert not Client().login(email="erin@example.org", password="password")
    # Every device she was signed in on is signed out: her sessions are gone.
    from bridgeway.accounts.models import SignedInSession

    assert not SignedInSession.objects.filter(person=erin_pk).exists()
    assert erins_phone.get(reverse("core:dashboard")).status_code == 302
    # The mentorship is closed, the mentor's messages untouched, Erin's kept for now.
    relationship = Relationship.objects.get(conversation=conversation)
    assert relationship.status == "closed"
    bodies = set(conversation.messages.values_list("body", flat=True))
    assert bodies == {"Hello from Erin", "Hi, Frank here"}
    page = signed_in(Client(), world.frank).get(
        reverse("messaging:conversation", args=[conversation.pk])
    )
    text = page.content.decode()
    assert "a former participant" in text
    assert "Erin" not in text.replace("Hello from Erin", "")
    assert AuditEvent.objects.filter(action="erasure.approve", subject_id=erin_pk).exists()
    # Run again: nothing changes, nothing fails.
    assert erasure_run(request_id=request.pk)


def test_a_half_failed_erasure_is_finished_by_the_next_run(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pair(world)
    request = erasure_request(person=world.erin, by=world.erin)
    calls = {"n": 0}
    real = erasure_run_module.STEPS[:]

    def broken(ctx: Any) -> None:
        calls["n"] += 1
        raise RuntimeError("the database went away")

    steps = [(name, broken if name == "programs" else step) for name, step in real]
    monkeypatch.setattr(erasure_run_module, "STEPS", steps)
    # The job fails (the queue logs it and tries again later).
    erasure_approve(request=request, by=world.bob, organization=world.agency_a)
    request.refresh_from_db()
    assert request.status == "approved"
    assert request.steps_done == ["conversations", "forums", "concerns"]
    assert request.last_error == "RuntimeError"
    # Nothing of the failed step is half done: the enrollment is as it was.
    assert Enrollment.objects.get(person=world.erin).status != "withdrawn"
    monkeypatch.setattr(erasure_run_module, "STEPS", real)
    from bridgeway.privacy.erasure.run import erasures_resume

    assert erasures_resume() == 1
    request.refresh_from_db()
    assert request.status == "done"
    assert request.attempts == calls["n"] + 1
    assert Enrollment.objects.get(person_id=world.erin.pk).status == "withdrawn"


def test_staff_ask_for_a_participant_with_a_reason(world: Any, client: Client) -> None:
    signed_in(client, world.bob)
    url = reverse("privacy_erasure:staff_new", args=["agency-a"])
    refused = client.post(url, {"person": world.erin.pk})
    assert "Say why" in refused.content.decode()
    other = client.post(url, {"person": world.alice.pk, "reason": "asked"})
    assert "Select a valid choice" in other.content.decode()
    client.post(url, {"person": world.erin.pk, "reason": "She asked by phone."})
    request = ErasureRequest.objects.get(person=world.erin)
    assert request.by_staff
    assert request.requested_by == world.bob
    assert AuditEvent.objects.filter(action="erasure.request", actor=world.bob).exists()
    # Agency B's staff cannot see or approve it.
    signed_in(client, world.carol)
    assert client.get(reverse("privacy_erasure:staff_detail", args=[request.pk])).status_code == 404
    assert (
        "Erin"
        not in client.get(reverse("privacy_erasure:staff_list", args=["agency-b"])).content.decode()
    )


def test_staff_cannot_approve_their_own_erasure(world: Any) -> None:
    request = erasure_request(person=world.bob, by=world.bob)
    assert list(request.organizations.all()) == [world.agency_a]
    with pytest.raises(DomainError, match="Another member of staff"):
        erasure_approve(request=request, by=world.bob, organization=world.agency_a)
    erasure_approve(request=request, by=world.alice, organization=world.agency_a)
    request.refresh_from_db()
    assert request.status == "done"
    assert not Membership.objects.filter(person=world.bob).exists()


def test_the_api(world: Any, client: Client) -> None:
    signed_in(client, world.erin)
    url = reverse("api:erasure-mine")
    assert client.get(url).json()["status"] == ""
    refused = client.post(url, {"confirm": False}, content_type="application/json")
    assert refused.status_code == 400
    created = client.post(url, {"confirm": True}, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["status"] == "pending"
    again = client.post(url, {"confirm": True}, content_type="application/json")
    assert again.status_code == 400
    assert "already asked" in str(again.json())
    Concern.objects.create(
        organization=world.agency_a,
        program=world.program_a,
        reporter=world.erin,
        category="conduct",
        description="x",
    )
    mine = client.get(url).json()
    assert mine["on_hold"]
    assert "concern you raised" in mine["why"][0]
    signed_in(client, world.bob)
    rows = client.get(reverse("api:staff-erasure-list") + "?show=held").json()
    assert [row["name"] for row in rows] == ["Erin"]
    pk = rows[0]["id"]
    refused = client.post(reverse("api:staff-erasure-approve", args=[pk]))
    assert refused.status_code == 400
    Concern.objects.update(status="closed")
    done = client.post(reverse("api:staff-erasure-approve", args=[pk]))
    assert done.status_code == 200
    assert done.json()["status"] == "done"
    assert done.json()["name"] == "a former participant"
    signed_in(client, world.carol)
    assert client.post(reverse("api:staff-erasure-approve", args=[pk])).status_code == 404
