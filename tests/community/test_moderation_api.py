"""Moderation and files through the API, and files on the pages: reporting, a moderator's
actions, the queue, suspensions, moderators; files checked like a message's attachments and
served only to those who may read the post."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from bridgeway.community import moderation, services
from bridgeway.community.models import Moderator, PostFile, Report, Suspension, Topic
from bridgeway.core.models import AuditEvent

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


def test_report_hide_and_queue_through_the_api(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    topic = services.topic_create(space=spaces.agency, by=world.erin, title="Hello", body="Hi")
    reply = services.reply_create(topic=topic, by=world.frank, body="Spam")
    client.force_login(world.erin)
    made = client.post(
        reverse("api:community-reply-report", args=[reply.pk]),
        {"reason": "spam", "text": "ads"},
        content_type="application/json",
    )
    assert made.status_code == 201
    assert made.json()["reason"] == "spam"
    refused = client.post(
        reverse("api:community-topic-moderate", args=[topic.pk]),
        {"action": "lock"},
        content_type="application/json",
    )
    assert refused.status_code == 404
    client.force_login(world.bob)
    queue = client.get(reverse("api:community-space-reports", args=[spaces.agency.pk])).json()
    assert [r["reply"] for r in queue["results"]] == [reply.pk]
    hidden = client.post(
        reverse("api:community-reply-moderate", args=[reply.pk]),
        {"action": "hide", "reason": "Ads"},
        content_type="application/json",
    )
    assert hidden.json() == {"id": reply.pk, "state": "published", "hidden": True}
    assert Report.objects.get().status == "acted"
    client.force_login(world.erin)
    [shown] = client.get(reverse("api:community-topic-replies", args=[topic.pk])).json()["results"]
    assert shown["hidden"] is True
    assert shown["body"] == ""
    assert shown["html"] == ""


def test_reasons_are_required_and_moves_only_to_moderated_spaces(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    topic = services.topic_create(space=spaces.agency, by=world.erin, title="Hello", body="Hi")
    client.force_login(world.bob)
    url = reverse("api:community-topic-moderate", args=[topic.pk])
    no_reason = client.post(url, {"action": "hide"}, content_type="application/json")
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()
    elsewhere = client.post(
        url, {"action": "move", "space": spaces.network.pk}, content_type="application/json"
    )
    assert elsewhere.status_code == 400
    assert "space" in elsewhere.json()
    moved = client.post(
        url, {"action": "move", "space": spaces.mentors.pk}, content_type="application/json"
    )
    assert moved.status_code == 200
    assert Topic.objects.get().space == spaces.mentors


def test_suspensions_and_moderators_through_the_api(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    client.force_login(world.bob)
    url = reverse("api:community-space-suspensions", args=[spaces.agency.pk])
    outsider = client.post(
        url, {"person": world.mallory.pk, "reason": "x"}, content_type="application/json"
    )
    assert outsider.status_code == 400
    made = client.post(
        url,
        {"person": world.frank.pk, "reason": "Rude", "until": None},
        content_type="application/json",
    )
    assert made.status_code == 201
    assert [s["person"] for s in client.get(url).json()["results"]] == [world.frank.pk]
    lifted = client.post(reverse("api:community-suspension-lift", args=[made.json()["id"]]))
    assert lifted.json()["lifted"] is True
    assert Suspension.objects.get().lifted_by == world.bob

    moderators = reverse("api:community-space-moderators", args=[spaces.agency.pk])
    named = client.post(moderators, {"email": "erin@example.org"}, content_type="application/json")
    assert named.status_code == 201
    assert named.json()["person"] == world.erin.pk
    removed = client.delete(
        reverse("api:community-space-moderator", args=[spaces.agency.pk, named.json()["id"]])
    )
    assert removed.status_code == 204
    assert not Moderator.objects.exists()
    assert AuditEvent.objects.filter(action="community.moderator_remove").exists()
    # A participant cannot name moderators.
    client.force_login(world.erin)
    assert client.get(moderators).status_code == 404


def test_a_held_post_is_listed_for_moderators_and_approved_through_the_api(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    services.space_update(space=spaces.agency, by=world.bob, hold_first_posts=1)
    client.force_login(world.erin)
    made = client.post(
        reverse("api:community-space-topics", args=[spaces.agency.pk]),
        {"title": "New here", "body": "Hi"},
        content_type="application/json",
    ).json()
    assert made["state"] == "held"
    client.force_login(world.bob)
    held = client.get(reverse("api:community-space-held", args=[spaces.agency.pk])).json()
    assert [h["topic"] for h in held] == [made["id"]]
    approved = client.post(
        reverse("api:community-topic-moderate", args=[made["id"]]),
        {"action": "approve"},
        content_type="application/json",
    )
    assert approved.json()["state"] == "published"


def test_files_on_a_topic_are_checked_and_served_to_readers_only(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    client.force_login(world.erin)
    url = reverse("community:topic_new", args=[spaces.agency.pk])
    refused = client.post(
        url,
        {
            "title": "A program",
            "body": "x",
            "attachments": [SimpleUploadedFile("run.exe", b"MZ\x90\x00" + bytes(64))],
        },
    )
    assert "cannot be sent" in refused.content.decode()
    assert not Topic.objects.exists()
    client.post(
        url,
        {"title": "My photo", "body": "x", "attachments": [SimpleUploadedFile("me.png", PNG)]},
    )
    found = PostFile.objects.get()
    assert (found.kind, found.name) == ("image", "me.png")
    page = client.get(reverse("community:topic", args=[found.topic_id])).content.decode()
    file_url = reverse("community:file", args=[found.pk])
    assert file_url in page
    assert client.get(file_url)["Content-Type"] == "image/png"
    api_file = client.get(reverse("api:community-file", args=[found.pk]))
    assert api_file.status_code == 200
    # Hidden: readers lose the file, its author keeps it.
    moderation.post_hide(post=found.topic, by=world.bob, reason="Private photo")
    client.force_login(world.frank)
    assert client.get(file_url).status_code == 404
    client.force_login(world.erin)
    assert client.get(file_url).status_code == 200
    # A mentee of another agency never reaches it.
    client.force_login(world.carol)
    assert client.get(file_url).status_code == 404


def test_a_reply_with_a_file_through_the_api(
    client: Client, world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    topic = services.topic_create(space=spaces.agency, by=world.erin, title="Hello", body="Hi")
    client.force_login(world.frank)
    made = client.post(
        reverse("api:community-topic-replies", args=[topic.pk]),
        {"body": "See this", "files": [SimpleUploadedFile("map.png", PNG)]},
    )
    assert made.status_code == 201
    assert [f["name"] for f in made.json()["attached"]] == ["map.png"]


def test_the_schema_lists_the_moderation_endpoints(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.erin)
    schema = client.get(reverse("api:schema")).content.decode()
    for path in (
        "/api/v1/community/replies/{id}/report/",
        "/api/v1/community/topics/{id}/moderate/",
        "/api/v1/community/spaces/{id}/reports/",
        "/api/v1/community/spaces/{id}/suspensions/",
        "/api/v1/community/spaces/{id}/moderators/",
        "/api/v1/community/files/{id}/",
    ):
        assert path in schema
