"""The concerns API: a participant raises and reads their own concerns (never notes, never
another's); staff list, read and update their agency's; extra fields change nothing."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from bridgeway.concerns import services
from bridgeway.concerns.models import Block, Concern
from bridgeway.relationships.models import Relationship
from tests.concerns.conftest import raise_concern

pytestmark = pytest.mark.django_db
LIST = "api:concern-list"


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_a_participant_raises_a_concern_and_extra_fields_change_nothing(
    api: APIClient, world: SimpleNamespace, pair: Relationship
) -> None:
    api.force_authenticate(world.erin)
    body = {
        "relationship": pair.pk,
        "category": "safety",
        "description": "He shouted at me.",
        "block": True,
        "status": "closed",
        "priority": "low",
        "organization": world.agency_b.pk,
        "assignee": world.dave.pk,
        "reporter": world.frank.pk,
    }
    response = api.post(reverse(LIST), body, format="json")
    assert response.status_code == 201, response.json()
    concern = Concern.objects.get()
    assert (concern.status, concern.priority) == ("new", "high")
    assert concern.organization == world.agency_a
    assert concern.assignee is None
    assert (concern.reporter, concern.about) == (world.erin, world.frank)
    assert Block.objects.get().blocked == world.frank
    data = response.json()
    assert data["status_text"].startswith("Received")
    assert "assignee" not in data
    assert "about" not in data
    listed = api.get(reverse(LIST)).json()
    assert [c["id"] for c in listed["results"]] == [concern.pk]


def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_written(
    api: APIClient, world: SimpleNamespace, pair: Relationship
) -> None:
    api.force_authenticate(world.erin)
    url = reverse(LIST)
    empty = api.post(url, {"relationship": pair.pk, "category": "other", "description": " "})
    assert empty.json() == {"description": ["Tell us what happened, in your own words."]}
    unknown = api.post(url, {"relationship": pair.pk, "category": "gossip", "description": "x"})
    assert unknown.json() == {"category": ["Choose what the concern is about from the list."]}
    other = api.post(url, {"relationship": 987654321, "category": "other", "description": "x"})
    assert other.json() == {"relationship": ["Choose one of your own mentorships."]}
    nothing = api.post(url, {"category": "other", "description": "x"})
    assert nothing.status_code == 400
    program = api.post(
        url, {"program": world.program_b.pk, "category": "other", "description": "x"}
    )
    assert program.json() == {"program": ["Choose one of your own programs."]}
    assert not Concern.objects.exists()


def test_the_reporter_reads_messages_not_notes_and_others_get_404(
    api: APIClient, world: SimpleNamespace, pair: Relationship
) -> None:
    concern = raise_concern(world, pair)
    services.concern_note(concern=concern, by=world.bob, text="Internal: call his employer.")
    services.concern_note(concern=concern, by=world.bob, text="We will call you.", to_reporter=True)
    url = reverse("api:concern-detail", args=[concern.pk])
    api.force_authenticate(world.erin)
    data = api.get(url).json()
    messages = [line["message"] for line in data["history"]]
    assert "We will call you." in messages
    assert "Internal: call his employer." not in str(data)
    for person in (world.frank, world.bob, world.carol, world.mallory):
        api.force_authenticate(person)
        assert api.get(url).status_code == 404
    api.force_authenticate(world.frank)
    assert api.get(reverse(LIST)).json()["results"] == []


def test_staff_list_read_and_update_their_agencys_concerns(
    api: APIClient, world: SimpleNamespace, pair: Relationship
) -> None:
    concern = raise_concern(world, pair)
    api.force_authenticate(world.bob)
    listed = api.get(reverse("api:staff-concern-list"), {"status": "open"}).json()
    assert [c["id"] for c in listed["results"]] == [concern.pk]
    url = reverse("api:staff-concern-detail", args=[concern.pk])
    assert api.get(url).json()["description"] == concern.description
    response = api.patch(
        url, {"status": "in_progress", "assignee": world.alice.pk, "organization": 1}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["assignee"]["name"] == world.alice.name
    refused = api.patch(url, {"assignee": world.carol.pk}, format="json")
    assert refused.json() == {"assignee": ["Choose a staff member of the agency."]}
    refused = api.patch(url, {"status": "resolved"}, format="json")
    assert "outcome" in refused.json()
    concern.refresh_from_db()
    assert (concern.status, concern.assignee) == ("in_progress", world.alice)
    # Agency B's staff: nothing listed, the same 404.
    api.force_authenticate(world.dave)
    assert api.get(reverse("api:staff-concern-list")).json()["results"] == []
    assert api.patch(url, {"status": "closed"}, format="json").status_code == 404
    concern.refresh_from_db()
    assert concern.status == "in_progress"


def test_staff_write_notes_and_messages_and_the_reporter_answers(
    api: APIClient, world: SimpleNamespace, pair: Relationship
) -> None:
    concern = raise_concern(world, pair)
    notes = reverse("api:staff-concern-notes", args=[concern.pk])
    api.force_authenticate(world.bob)
    response = api.post(notes, {"text": "Internal only."}, format="json")
    assert response.status_code == 201
    assert response.json()["text"] == "Staff note by Bob:"
    api.post(notes, {"text": "Can you tell us more?", "to_reporter": True}, format="json")
    assert api.post(notes, {"text": ""}, format="json").json() == {
        "text": ["Write something first."]
    }
    api.patch(
        reverse("api:staff-concern-detail", args=[concern.pk]),
        {"status": "waiting", "assignee": world.bob.pk},
        format="json",
    )
    api.force_authenticate(world.erin)
    answer = reverse("api:concern-answers", args=[concern.pk])
    response = api.post(answer, {"text": "It happened twice."}, format="json")
    assert response.status_code == 201
    assert response.json()["text"] == "Your answer:"
    history = api.get(reverse("api:concern-detail", args=[concern.pk])).json()["history"]
    messages = [line["message"] for line in history]
    assert "Can you tell us more?" in messages
    assert "It happened twice." in messages
    assert "Internal only." not in messages
    concern.refresh_from_db()
    assert concern.status == "in_progress"
    # Neither the person it is about nor another agency's staff can write on it.
    api.force_authenticate(world.frank)
    assert api.post(answer, {"text": "Let me see"}, format="json").status_code == 404
    api.force_authenticate(world.carol)
    assert api.post(notes, {"text": "Hello"}, format="json").status_code == 404
    assert concern.events.count() == 7


def test_a_retried_request_with_the_same_client_key_raises_one_concern(
    api: APIClient, world: SimpleNamespace, pair: Relationship
) -> None:
    api.force_authenticate(world.erin)
    body = {
        "relationship": pair.pk,
        "category": "conduct",
        "description": "He asked me for money.",
        "client_key": "4f6c0b3e-retry",
    }
    first = api.post(reverse(LIST), body, format="json")
    again = api.post(reverse(LIST), body, format="json")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] == Concern.objects.get().pk
