"""The library's pages: browsing, a resource, its file, views counted once a day, staff
adding resources (upload checks as for messages) and seeing their use."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from bridgeway.core.models import AuditEvent
from bridgeway.learning.library import services
from bridgeway.learning.library.models import Resource, ResourceVersion, ResourceView
from tests.learning.library.conftest import PDF, pdf

pytestmark = pytest.mark.django_db


def test_the_library_page_lists_suggestions_and_resources(
    client: Client, world: SimpleNamespace, resources: SimpleNamespace
) -> None:
    client.force_login(world.erin)
    page = client.get(reverse("learning:library")).content.decode()
    assert "For you" in page
    assert "Welcome to Canada" in page
    assert "Agency A guide" in page
    assert "Mentoring tips" not in page
    found = client.get(reverse("learning:library"), {"q": "bienvenue"}).content.decode()
    assert "What we found" in found
    assert "Agency A guide" not in found
    none = client.get(reverse("learning:library"), {"q": "zzzz"}).content.decode()
    assert "No resource you can see matches this search" in none


def test_someone_in_no_program_gets_an_empty_state_and_no_header_link(
    client: Client, world: SimpleNamespace, resources: SimpleNamespace
) -> None:
    client.force_login(world.mallory)
    page = client.get(reverse("learning:library")).content.decode()
    assert "There is no resource for you yet" in page
    assert 'href="/library/"' not in client.get(reverse("core:dashboard")).content.decode()
    client.force_login(world.erin)
    assert 'href="/library/"' in client.get(reverse("core:dashboard")).content.decode()


def test_opening_a_resource_counts_one_view_a_day(
    client: Client, world: SimpleNamespace, resources: SimpleNamespace
) -> None:
    client.force_login(world.erin)
    url = reverse("learning:resource", args=[resources.network.pk])
    page = client.get(url).content.decode()
    client.get(url + "?language=fr")
    assert "https://example.org/Welco" in page
    assert "Nothing from it is loaded" in page
    assert "<iframe" not in page
    assert ResourceView.objects.filter(resource=resources.network).count() == 1
    ResourceView.objects.update(day=timezone.localdate() - timedelta(days=1))
    client.get(url)
    assert ResourceView.objects.filter(resource=resources.network).count() == 2
    client.force_login(world.grace)  # the network admin checking it is not use
    client.get(url)
    assert ResourceView.objects.filter(resource=resources.network).count() == 2


def test_another_audience_and_another_agency_get_404(
    client: Client, world: SimpleNamespace, resources: SimpleNamespace
) -> None:
    client.force_login(world.erin)
    for resource in (resources.mentors, resources.b):
        assert client.get(reverse("learning:resource", args=[resource.pk])).status_code == 404
    assert not ResourceView.objects.exists()


def _new(client: Client, **data: object) -> object:
    fields = {
        "kind": "document",
        "language": "en",
        "title": "Tax guide",
        "audience": "everyone",
        "topics": ["money"],
        **data,
    }
    return client.post(reverse("learning:agency_resource_new", args=["agency-a"]), fields)


def test_staff_upload_a_document_that_participants_download_and_is_counted(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.bob)
    response = _new(client, file=pdf("tax guide.pdf"), where=str(world.program_a.pk))
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.program == world.program_a
    assert AuditEvent.objects.filter(action="library.resource_create").count() == 1
    version = resource.versions.get()
    client.force_login(world.erin)
    download = client.get(reverse("learning:resource_file", args=[resource.pk, version.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "attachment" in download["Content-Disposition"]
    assert ResourceView.objects.filter(person=world.erin).count() == 1
    client.force_login(world.alice)
    listing = client.get(reverse("learning:agency_library", args=["agency-a"])).content.decode()
    assert "Tax guide" in listing
    assert "1 mentee" in listing


def test_uploads_are_checked_like_message_attachments(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.bob)
    html = SimpleUploadedFile(
        "page.pdf", b"\x00\x01MZ\x90\x00binary", content_type="application/pdf"
    )
    refused = _new(client, file=html).content.decode()
    assert "cannot be added as a document" in refused
    video = _new(client, kind="video", file=pdf()).content.decode()
    assert "cannot be added as a video" in video
    missing = _new(client).content.decode()
    assert "Choose the document&#x27;s file." in missing
    with override_settings(BRIDGEWAY_LIBRARY_LIMIT_MB=0):
        assert "the library takes files up to 0 MB" in _new(client, file=pdf()).content.decode()
    assert not Resource.objects.exists()
    assert not ResourceVersion.objects.exists()


def test_a_link_needs_an_address_and_a_video_may_be_external(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.bob)
    assert "Give the address of the link." in _new(client, kind="link").content.decode()
    response = _new(client, kind="video", url="https://video.example.org/watch/1")
    assert response.status_code == 302
    client.force_login(world.erin)
    page = client.get(reverse("learning:resource", args=[Resource.objects.get().pk]))
    assert "Watch the video" in page.content.decode()
    assert "video.example.org" in page.content.decode()


def test_staff_add_a_language_change_settings_and_cannot_remove_the_last_version(
    client: Client, world: SimpleNamespace, resources: SimpleNamespace
) -> None:
    client.force_login(world.bob)
    resource = resources.agency
    new = client.post(
        reverse("learning:version_new", args=[resource.pk]),
        {"language": "ar", "title": "دليل", "url": "https://example.org/ar"},
    )
    assert new.status_code == 302
    again = client.post(
        reverse("learning:version_new", args=[resource.pk]),
        {"language": "ar", "title": "x", "url": "https://example.org/ar"},
    )
    assert "already has a version in this language" in again.content.decode()
    edit = client.post(
        reverse("learning:resource_edit", args=[resource.pk]),
        {"audience": "mentees", "sector": "3", "arrival": "", "topics": ["health"]},
    )
    assert edit.status_code == 302
    resource.refresh_from_db()
    assert (resource.audience, resource.sector) == ("mentees", "3")
    for version in resource.versions.all():
        client.post(reverse("learning:version_delete", args=[resource.pk, version.pk]))
    assert resource.versions.count() == 1
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"library.version_add", "library.resource_update", "library.version_delete"} <= actions


def test_network_admins_add_network_resources_and_agency_staff_cannot_change_them(
    client: Client, world: SimpleNamespace, resources: SimpleNamespace
) -> None:
    client.force_login(world.grace)
    response = client.post(
        reverse("learning:network_resource_new"),
        {"kind": "link", "language": "fr", "title": "Impôts", "url": "https://example.org/i",
         "audience": "everyone", "organization": str(world.agency_b.pk)},
    )  # fmt: skip
    assert response.status_code == 302
    created = Resource.objects.get(versions__title="Impôts")
    assert created.level == "network"
    assert created.organization is None
    client.force_login(world.bob)
    url = reverse("learning:resource_edit", args=[resources.network.pk])
    assert client.get(url).status_code == 404
    services.view_record(resource=created, person=world.erin)
    client.force_login(world.grace)
    page = client.get(reverse("learning:network_library")).content.decode()
    assert "Impôts" in page
    assert "1 mentee" in page


def test_the_audit_log_words_library_changes(
    client: Client, world: SimpleNamespace, resources: SimpleNamespace
) -> None:
    services.resource_update(resource=resources.agency, by=world.bob, audience="mentees")
    services.version_add(
        resource=resources.agency,
        by=world.bob,
        language="fr",
        title="Guide de l'agence",
        url="https://example.org/fr",
    )
    client.force_login(world.alice)
    page = client.get(reverse("core:agency_audit", args=["agency-a"])).content.decode()
    assert "Library resource changed" in page
    assert "“Agency A guide”: who may see it" in page
    assert "Library resource version added" in page
    assert "in French" in page
    assert "“Agency A guide”: Link, One agency" in page
