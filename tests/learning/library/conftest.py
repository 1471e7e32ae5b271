"""Resources of agency A's world: one for the whole network (English and French), one for
agency A, one for its program's mentors, one for its alumni, and one of agency B. Erin is a
mentee and Frank a mentor of agency A's program; Alice and Bob are A's staff; Carol and Dave
B's; Grace is the network admin; Mallory is in no program."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bridgeway.learning.library import services
from bridgeway.learning.library.models import Resource

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "guide.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def link(by: Any, title: str, language: str = "en", **scope: Any) -> Resource:
    network = scope.pop("network")
    return services.resource_create(
        by=by,
        network=network,
        kind="link",
        version={"language": language, "title": title, "url": "https://example.org/" + title[:5]},
        **scope,
    )


@pytest.fixture
def resources(world: SimpleNamespace) -> SimpleNamespace:
    network = world.agency_a.network
    welcome = link(world.grace, "Welcome to Canada", network=network)
    services.version_add(
        resource=welcome,
        by=world.grace,
        language="fr",
        title="Bienvenue au Canada",
        summary="Trouver un médecin de famille",
        url="https://example.org/fr",
    )
    return SimpleNamespace(
        network=welcome,
        agency=link(world.alice, "Agency A guide", network=network, organization=world.agency_a),
        mentors=link(
            world.bob,
            "Mentoring tips",
            network=network,
            program=world.program_a,
            audience="mentors",
        ),
        alumni=link(
            world.bob, "Alumni news", network=network, program=world.program_a, audience="alumni"
        ),
        b=link(world.carol, "Agency B guide", network=network, organization=world.agency_b),
    )


def titles(resources: Any) -> set[str]:
    return {r.versions.all()[0].title for r in resources}
