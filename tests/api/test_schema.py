"""The schema says what these operations really answer (found by tests/api/test_fuzz.py): files
in their own type, the object a DELETE answers with, dates that may be empty."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


_schema: dict[str, Any] = {}


@pytest.fixture
def schema(db: None) -> dict[str, Any]:
    """The schema as a client downloads it, read once per test process."""
    if not _schema:
        response = Client().get(reverse("api:schema"), {"format": "json"})
        assert response.status_code == 200
        _schema.update(response.json())
    return _schema


def test_files_are_documented_in_their_own_type(schema: dict[str, Any]) -> None:
    for path in (
        "/api/v1/library/resources/{id}/versions/{version_pk}/file/",
        "/api/v1/conversations/{id}/attachments/{attachment_pk}/",
        "/api/v1/community/files/{id}/",
    ):
        assert list(schema["paths"][path]["get"]["responses"]["200"]["content"]) == ["*/*"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/community/circles/{id}/membership/",
        "/api/v1/community/news/manage/{id}/send/",
        "/api/v1/community/sessions/{id}/registration/",
        "/api/v1/community/sessions/manage/{id}/",
    ],
)
def test_a_delete_that_answers_the_object_is_documented_as_200(
    schema: dict[str, Any], path: str
) -> None:
    responses = schema["paths"][path]["delete"]["responses"]
    assert "200" in responses
    assert "204" not in responses


def test_a_staff_post_not_yet_scheduled_or_sent_is_documented_with_nulls(
    schema: dict[str, Any],
) -> None:
    fields = schema["components"]["schemas"]["StaffPost"]["properties"]
    assert fields["send_at"]["nullable"] is True
    assert fields["sent_at"]["nullable"] is True


def test_a_link_the_api_answers_may_be_empty(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    link = components["StaffSession"]["properties"]["recording_link"]
    assert link["anyOf"] == [{"format": "uri"}, {"maxLength": 0}]
    # What a client sends is still a URL.
    assert components["StaffSessionRequest"]["properties"]["join_link"]["format"] == "uri"


def test_a_link_that_already_allows_blank_keeps_one_way_to_be_empty(
    schema: dict[str, Any],
) -> None:
    link = schema["components"]["schemas"]["ResourceVersion"]["properties"]["url"]
    empty = [branch for branch in link["oneOf"] if branch.get("maxLength") == 0]
    assert len(empty) == 1
    assert [branch.get("format") for branch in link["oneOf"]] == ["uri", None]
