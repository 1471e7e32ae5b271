"""A resource's file: the virus scanner, a hostile file name, byte ranges, and downloads
through the API counted as views."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from bridgeway.core.services import DomainError
from bridgeway.learning.library import services
from bridgeway.learning.library.models import Resource, ResourceView
from bridgeway.messaging.attachments import UnsafeFile
from tests.learning.library.conftest import PDF, pdf

pytestmark = pytest.mark.django_db


def refuse_everything(upload: Any) -> None:
    raise UnsafeFile("test signature")


def _document(world: SimpleNamespace, upload: Any, title: str = "Guide") -> Resource:
    return services.resource_create(
        by=world.bob,
        network=world.agency_a.network,
        organization=world.agency_a,
        kind="document",
        version={"language": "en", "title": title},
        file=upload,
    )


def test_the_scanner_refuses_a_file_in_the_library_s_words(
    world: SimpleNamespace, settings: Any
) -> None:
    settings.BRIDGEWAY_ATTACHMENT_SCANNER = "tests.learning.library.test_files.refuse_everything"
    with pytest.raises(DomainError, match="looks unsafe and was not added"):
        _document(world, pdf())
    assert not Resource.objects.exists()


def test_a_hostile_file_name_is_shown_as_text(client: Client, world: SimpleNamespace) -> None:
    name = "<img src=x onerror=alert(1)>\u202egpj.exe.pdf"
    resource = _document(world, SimpleUploadedFile(name, PDF), title="<script>alert(1)</script>")
    client.force_login(world.erin)
    page = client.get(reverse("learning:resource", args=[resource.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x" not in page
    assert "\u202e" not in page
    assert "&lt;script&gt;" in page


def test_a_range_request_counts_only_from_the_start(client: Client, world: SimpleNamespace) -> None:
    resource = _document(world, pdf())
    version = resource.versions.get()
    url = reverse("learning:resource_file", args=[resource.pk, version.pk])
    client.force_login(world.erin)
    middle = client.get(url, HTTP_RANGE="bytes=5-9")
    assert middle.status_code == 206
    assert b"".join(middle.streaming_content) == PDF[5:10]
    assert not ResourceView.objects.exists()
    client.get(url, HTTP_RANGE="bytes=0-3")
    assert ResourceView.objects.count() == 1


def test_a_download_through_the_api_counts_a_view_and_a_link_has_no_file(
    client: Client, world: SimpleNamespace, resources: SimpleNamespace
) -> None:
    resource = _document(world, pdf())
    version = resource.versions.get()
    client.force_login(world.erin)
    answer = client.get(reverse("api:library-resource-file", args=[resource.pk, version.pk]))
    assert answer.status_code == 200
    assert ResourceView.objects.filter(resource=resource, person=world.erin).count() == 1
    link_version = resources.agency.versions.get()
    no_file = client.get(
        reverse("api:library-resource-file", args=[resources.agency.pk, link_version.pk])
    )
    assert no_file.status_code == 404


def test_a_filter_that_is_not_a_choice_is_said_and_the_words_still_apply(
    client: Client, world: SimpleNamespace, resources: SimpleNamespace
) -> None:
    client.force_login(world.erin)
    page = client.get(reverse("learning:library"), {"q": "guide", "topic": "nonsense"})
    text = page.content.decode()
    assert "Agency A guide" in text
    assert "Welcome to Canada" not in text
    assert "Select a valid choice" in text
