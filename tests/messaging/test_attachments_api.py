"""The attachments API: the people in a conversation send files (checked as on the page, one
message per key), list and download them with byte ranges; anyone else gets 404; bad input is
a 400 with the reason, never a server error, and nothing is stored."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from bridgeway.messaging.models import Attachment, Conversation, Message, MessagingSettings
from tests.messaging.test_attachments import MP4, PNG, files_dir, stored_files, upload

pytestmark = pytest.mark.django_db
__all__ = ["files_dir"]  # the fixture: each test stores its files in a folder of its own


def files_url(chat: Conversation) -> str:
    return reverse("api:conversation-attachments", args=[chat.pk])


@pytest.fixture
def api(cohort: SimpleNamespace) -> APIClient:
    client = APIClient()
    client.force_authenticate(cohort.amal.person)
    return client


def test_a_participant_sends_lists_and_downloads_files(
    api: APIClient, chat: Conversation, cohort: SimpleNamespace
) -> None:
    data = {
        "files": [upload("clip.mp4", MP4), upload("me.png", PNG)],
        "body": "Look",
        "client_key": "k1",
    }
    response = api.post(files_url(chat), data, format="multipart")
    assert response.status_code == 201, response.content
    sent = response.json()
    assert sent["body"] == "Look"
    assert [(f["name"], f["kind"]) for f in sent["attachments"]] == [
        ("clip.mp4", "video"),
        ("me.png", "image"),
    ]
    again = api.post(
        files_url(chat),
        {"files": [upload("clip.mp4", MP4)], "client_key": "k1"},
        format="multipart",
    )
    assert again.status_code == 200
    assert Message.objects.count() == 1
    other = APIClient()
    other.force_authenticate(cohort.dana.person)
    listed = other.get(files_url(chat)).json()["results"]
    assert [f["name"] for f in listed] == ["me.png", "clip.mp4"]
    video = next(f for f in listed if f["kind"] == "video")
    part = other.get(video["url"], headers={"Range": "bytes=0-9"})
    assert part.status_code == 206
    assert b"".join(part.streaming_content) == MP4[:10]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"files": "not a file"},
        {"files": [upload("a.jpg", b"MZ" + bytes(100))]},
        {"files": [upload("empty.png", b"")]},
        {"files": [upload("a.png", PNG)], "body": "x" * 10_001},
        {"files": [upload("a.png", PNG) for _ in range(11)]},
    ],
)
def test_bad_input_is_a_400_and_nothing_is_stored(
    api: APIClient, chat: Conversation, files_dir: Path, data: dict[str, Any]
) -> None:
    response = api.post(files_url(chat), data, format="multipart")
    assert response.status_code == 400, response.content
    assert not Message.objects.exists()
    assert stored_files(files_dir) == []


def test_the_refusal_names_the_programs_limit(
    api: APIClient, chat: Conversation, files_dir: Path
) -> None:
    MessagingSettings.objects.create(program=chat.program, attachment_limit_mb=1)
    big = upload("big.mp4", MP4[:28] + bytes(3 * 1024 * 1024))
    response = api.post(files_url(chat), {"files": [big]}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {"files": ["“big.mp4” is 3 MB; the limit in this program is 1 MB."]}
    assert stored_files(files_dir) == []


def test_outsiders_get_404(api: APIClient, chat: Conversation, cohort: SimpleNamespace) -> None:
    api.post(files_url(chat), {"files": [upload("a.png", PNG)]}, format="multipart")
    attachment = Attachment.objects.get()
    download = reverse("api:conversation-attachment", args=[chat.pk, attachment.pk])
    for person in (cohort.bo.person, cohort.world.mallory, cohort.world.carol):
        outsider = APIClient()
        outsider.force_authenticate(person)
        assert outsider.get(files_url(chat)).status_code == 404
        assert outsider.get(download).status_code == 404
        sent = outsider.post(files_url(chat), {"files": [upload("b.png", PNG)]}, format="multipart")
        assert sent.status_code == 404
    assert Attachment.objects.count() == 1
