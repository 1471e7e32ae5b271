"""Raising and following a concern on the pages: the person who raised it sees progress and
the messages staff send them, never the notes; the person it is about never sees it; staff of
another agency get the same 404 as for a concern that does not exist."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.concerns import services
from bridgeway.concerns.models import Block, Concern, ConcernEvent
from bridgeway.core.models import AuditEvent, Membership
from bridgeway.core.services import DomainError
from bridgeway.notifications.models import Notification
from bridgeway.relationships.models import Relationship
from tests.concerns.conftest import raise_concern
from tests.factories import enable_mfa

pytestmark = pytest.mark.django_db


def test_it_raises_a_concern_from_the_mentorship_page(
    client: Client, world: SimpleNamespace, pair: Relationship
) -> None:
    client.force_login(world.erin)
    page = client.get(reverse("relationships:detail", args=[pair.pk])).content.decode()
    link = f"{reverse('concerns:my_new')}?relationship={pair.pk}"
    assert link in page
    form = client.get(link).content.decode()
    assert f'value="r{pair.pk}" selected' in form
    response = client.post(
        reverse("concerns:my_new"),
        {
            "subject": f"r{pair.pk}",
            "category": "conduct",
            "description": "He asked me for money.",
            "about_other": "on",
        },
    )
    concern = Concern.objects.get()
    assert response["Location"] == reverse("concerns:my_detail", args=[concern.pk])
    assert concern.reporter == world.erin
    assert concern.about == world.frank
    assert concern.organization == world.agency_a
    assert concern.status == Concern.Status.NEW
    detail = client.get(response["Location"]).content.decode()
    assert "He asked me for money." in detail
    assert "Received: the program&#x27;s staff will look at it soon" in detail
    told = set(
        Notification.objects.filter(kind="concerns.raised").values_list("person__email", flat=True)
    )
    assert told == {"alice@agency-a.org", "bob@agency-a.org"}
    assert not Notification.objects.filter(person=world.frank).exists()


def test_it_refuses_an_empty_description_or_an_unknown_category_and_writes_nothing(
    client: Client, world: SimpleNamespace, pair: Relationship
) -> None:
    client.force_login(world.erin)
    url = reverse("concerns:my_new")
    page = client.post(url, {"subject": f"r{pair.pk}", "category": "conduct", "description": "  "})
    assert "Tell us what happened, in your own words." in page.content.decode()
    page = client.post(url, {"subject": f"r{pair.pk}", "category": "gossip", "description": "x"})
    assert "Choose what the concern is about from the list." in page.content.decode()
    page = client.post(url, {"subject": "r987654321", "category": "other", "description": "x"})
    assert page.status_code == 200
    assert not Concern.objects.exists()
    assert not AuditEvent.objects.filter(action="concern.raise").exists()


def test_the_person_it_is_about_never_sees_it(
    client: Client, world: SimpleNamespace, pair: Relationship
) -> None:
    concern = raise_concern(world, pair)
    client.force_login(world.frank)
    assert client.get(reverse("concerns:my_detail", args=[concern.pk])).status_code == 404
    page = client.get(reverse("concerns:my_list")).content.decode()
    assert "idioms" not in page
    assert "You have not raised a concern." in page


def test_the_reporter_sees_status_and_messages_but_never_staff_notes(
    client: Client, world: SimpleNamespace, pair: Relationship
) -> None:
    concern = raise_concern(world, pair)
    client.force_login(world.bob)
    url = reverse("concerns:staff_detail", args=[concern.pk])
    client.post(url, {"form": "note", "text": "Frank was warned last year too."})
    client.post(url, {"form": "note", "text": "We will call you on Tuesday.", "to_reporter": "on"})
    client.post(
        url,
        {"form": "update", "status": "waiting", "priority": "high", "assignee": str(world.bob.pk)},
    )
    staff_page = client.get(url).content.decode()
    assert "Frank was warned last year too." in staff_page
    assert "Waiting for the person who raised it" in staff_page
    client.force_login(world.erin)
    page = client.get(reverse("concerns:my_detail", args=[concern.pk])).content.decode()
    assert "We will call you on Tuesday." in page
    assert "The program&#x27;s staff are waiting for your answer" in page
    assert "warned" not in page
    assert "Bob" not in page  # staff are "the program's staff" to her
    assert Notification.objects.filter(person=world.erin, kind="concerns.update").count() == 2
    # Her answer goes back to staff and the assignee is told.
    client.post(
        reverse("concerns:my_detail", args=[concern.pk]),
        {"form": "answer", "text": "Tuesday works."},
    )
    concern.refresh_from_db()
    assert concern.status == Concern.Status.IN_PROGRESS
    assert Notification.objects.filter(person=world.bob, kind="concerns.answered").exists()


def test_staff_changes_are_audited_without_what_anyone_wrote(
    client: Client, world: SimpleNamespace, pair: Relationship
) -> None:
    concern = raise_concern(world, pair)
    client.force_login(world.alice)
    url = reverse("concerns:staff_detail", args=[concern.pk])
    client.post(url, {"form": "note", "text": "Secret note text"})
    response = client.post(
        url, {"form": "update", "status": "resolved", "priority": "normal", "assignee": ""}
    )
    assert "Say what the outcome is before resolving the concern." in response.content.decode()
    client.post(
        url,
        {
            "form": "update",
            "status": "resolved",
            "priority": "normal",
            "assignee": "",
            "outcome": "guidance",
            "outcome_note": "Talked it through",
        },
    )
    concern.refresh_from_db()
    assert concern.status == Concern.Status.RESOLVED
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"concern.raise", "concern.note", "concern.status", "concern.resolve"} <= actions
    for event in AuditEvent.objects.all():
        text = f"{event.summary} {event.data}"
        assert "idioms" not in text
        assert "Secret note" not in text
        assert "Talked" not in text
    log = client.get(reverse("core:agency_audit", args=["agency-a"])).content.decode()
    assert "Concern resolved" in log
    assert "Guidance or training given" in log


def test_staff_of_another_agency_get_404_and_change_nothing(
    client: Client, world: SimpleNamespace, pair: Relationship
) -> None:
    concern = raise_concern(world, pair)
    client.force_login(world.carol)
    url = reverse("concerns:staff_detail", args=[concern.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"form": "update", "status": "closed", "priority": "low"})
    assert response.status_code == 404
    concern.refresh_from_db()
    assert concern.status == Concern.Status.NEW
    assert client.get(reverse("concerns:staff_list", args=["agency-a"])).status_code == 404
    page = client.get(reverse("concerns:staff_list", args=["agency-b"])).content.decode()
    assert "No concern matches." in page


def test_a_participant_blocks_the_other_and_staff_lift_it(
    client: Client, world: SimpleNamespace, pair: Relationship
) -> None:
    from bridgeway.concerns.selectors import is_blocked

    concern = raise_concern(world, pair, category="safety")
    client.force_login(world.erin)
    client.post(reverse("concerns:my_detail", args=[concern.pk]), {"form": "block"})
    block = Block.objects.get()
    assert (block.blocker, block.blocked, block.concern) == (world.erin, world.frank, concern)
    assert is_blocked(relationship=pair, person=world.frank)
    assert is_blocked(relationship=pair, person=world.erin)
    page = client.get(reverse("relationships:detail", args=[pair.pk])).content.decode()
    assert "You have blocked Frank" in page
    client.force_login(world.frank)
    page = client.get(reverse("relationships:detail", args=[pair.pk])).content.decode()
    assert "Contact in this mentorship is paused" in page
    assert "concern" not in page.replace("Raise a concern", "").replace("concerns/new", "")
    with pytest.raises(DomainError, match="Only the agency's staff"):
        services.block_lift(block=block, by=world.carol)
    client.force_login(world.bob)
    url = reverse("concerns:staff_detail", args=[concern.pk])
    assert "Lift the block on Frank" in client.get(url).content.decode()
    client.post(url, {"form": "lift", "block": str(block.pk)})
    block.refresh_from_db()
    assert block.lifted_by == world.bob
    assert block.lifted_at is not None
    assert not is_blocked(relationship=pair, person=world.frank)
    assert ConcernEvent.objects.filter(kind="block_lifted").exists()
    assert AuditEvent.objects.filter(action="concern.block_lift").exists()


def test_a_concern_about_a_program_cannot_block_anyone(
    client: Client, world: SimpleNamespace, pair: Relationship
) -> None:
    client.force_login(world.erin)
    body = {
        "subject": f"p{world.program_a.pk}",
        "category": "accessibility",
        "description": "The video calls have no captions.",
        "about_other": "on",
        "block": "on",
    }
    page = client.post(reverse("concerns:my_new"), body).content.decode()
    assert "Only a person of the mentorship can block the other." in page
    assert not Concern.objects.exists()
    del body["block"]
    client.post(reverse("concerns:my_new"), body)
    concern = Concern.objects.get()
    assert (concern.program, concern.relationship, concern.about) == (world.program_a, None, None)


def test_a_staff_member_never_reads_a_concern_about_themselves(
    client: Client, world: SimpleNamespace, pair: Relationship
) -> None:
    Membership.objects.create(organization=world.agency_a, person=world.frank, role="coordinator")
    enable_mfa(world.frank)
    concern = raise_concern(world, pair)
    client.force_login(world.frank)
    assert client.get(reverse("concerns:staff_detail", args=[concern.pk])).status_code == 404
    page = client.get(reverse("concerns:staff_list", args=["agency-a"])).content.decode()
    assert "No concern matches." in page
    assert not Notification.objects.filter(person=world.frank).exists()


def test_the_same_form_sent_twice_raises_one_concern(
    client: Client, world: SimpleNamespace, pair: Relationship
) -> None:
    client.force_login(world.erin)
    form = client.get(reverse("concerns:my_new")).content.decode()
    key = form.split('name="client_key" value="', 1)[1].split('"', 1)[0]
    assert len(key) == 32
    data = {
        "subject": f"r{pair.pk}",
        "category": "conduct",
        "description": "He asked me for money.",
        "client_key": key,
    }
    first = client.post(reverse("concerns:my_new"), data)
    again = client.post(reverse("concerns:my_new"), data)  # a double click
    concern = Concern.objects.get()
    assert (
        first["Location"] == again["Location"] == reverse("concerns:my_detail", args=[concern.pk])
    )
    assert Notification.objects.filter(kind="concerns.raised").count() == 2  # two staff, once
    # A new form has a new key: a second concern is a second concern.
    other = client.get(reverse("concerns:my_new")).content.decode()
    assert key not in other
