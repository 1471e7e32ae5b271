"""The library API as an app would use it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.learning.library.models import Resource, ResourceView
from tests.learning.library.conftest import pdf

pytestmark = pytest.mark.django_db


def test_a_mentee_searches_reads_and_gets_suggestions(
    client: Client, world: SimpleNamespace, resources: SimpleNamespace
) -> None:
    client.force_login(world.erin)
    listed = client.get(reverse("api:library-resources")).json()["results"]
    assert {r["versions"][0]["title"] for r in listed} == {"Agency A guide", "Welcome to Canada"}
    french = client.get(reverse("api:library-resources"), {"q": "médecin", "language": "fr"})
    assert [r["id"] for r in french.json()["results"]] == [resources.network.pk]
    suggestions = client.get(reverse("api:library-for-you")).json()
    assert all(s["reasons"] for s in suggestions)
    detail = client.get(reverse("api:library-resource", args=[resources.network.pk])).json()
    assert {v["language"] for v in detail["versions"]} == {"en", "fr"}
    assert ResourceView.objects.filter(person=world.erin).count() == 1
    mentors_only = client.get(reverse("api:library-resource", args=[resources.mentors.pk]))
    assert mentors_only.status_code == 404


def test_staff_add_a_document_change_it_and_add_a_language(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.bob)
    url = reverse("api:library-agency-resources", args=["agency-a"])
    created = client.post(
        url,
        {
            "kind": "document",
            "program": world.program_a.pk,
            "version.language": "en",
            "version.title": "Budget sheet",
            "version.file": pdf("budget.pdf"),
            "topics": ["money"],
            "organization": world.agency_b.pk,
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["level"] == "program"
    assert body["topics"] == ["money"]
    assert body["versions"][0]["file_url"].endswith("/file/")
    resource = Resource.objects.get()
    assert resource.organization == world.agency_a
    changed = client.patch(
        reverse("api:library-resource-manage", args=[resource.pk]),
        {"audience": "mentees", "sector": "1"},
        content_type="application/json",
    )
    assert changed.json()["audience"] == "mentees"
    added = client.post(
        reverse("api:library-resource-versions", args=[resource.pk]),
        {"language": "fr", "title": "Budget", "file": pdf("budget-fr.pdf")},
    )
    assert added.status_code == 201
    refused = client.post(
        reverse("api:library-resource-versions", args=[resource.pk]),
        {"language": "es", "title": "x", "url": "https://example.org"},
    )
    assert refused.status_code == 400
    assert "file" in refused.json()
    listed = client.get(url).json()["results"]
    assert listed[0]["view_total"] == 0


def test_only_network_admins_reach_the_network_resources(
    client: Client, world: SimpleNamespace, resources: SimpleNamespace
) -> None:
    client.force_login(world.bob)
    assert client.get(reverse("api:library-network-resources")).status_code == 404
    client.force_login(world.grace)
    listed = client.get(reverse("api:library-network-resources")).json()["results"]
    assert [r["id"] for r in listed] == [resources.network.pk]
