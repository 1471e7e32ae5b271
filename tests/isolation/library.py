"""Isolation entries for the resource library: agency A's own resource and its program's
resource (their titles and a file name carry the canary); agency B, whose agency shares the
network, tries those ids on every address. A network resource is shared by design and
carries no canary."""

from __future__ import annotations

from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from bridgeway.learning.library import services
from bridgeway.learning.library.models import Resource, ResourceTopic, ResourceVersion, ResourceView
from tests.isolation._shared import CANARY, MISSING, NO_IDS, Entry, Pair

FINGERPRINT_MODELS = [Resource, ResourceVersion, ResourceTopic, ResourceView]


def _resources(a: SimpleNamespace) -> list[Pair]:
    return [
        ({"pk": resource.pk}, {"pk": MISSING})
        for resource in (a.library_resource, a.library_program_resource)
    ]


def _versions(a: SimpleNamespace) -> list[Pair]:
    resource = a.library_program_resource
    version = resource.versions.get()
    return [
        ({"pk": resource.pk, "version_pk": version.pk}, {"pk": MISSING, "version_pk": MISSING}),
        # B's view of the network resource with A's version id.
        (
            {"pk": a.library_network_resource.pk, "version_pk": version.pk},
            {"pk": a.library_network_resource.pk, "version_pk": MISSING},
        ),
    ]


_ORG = [({"org": "agency-a"}, {"org": "no-such-agency"})]

MATRIX: dict[str, Entry] = {
    "learning:library": NO_IDS,
    "learning:resource": _resources,
    "learning:resource_file": _versions,
    "learning:agency_library": lambda a: _ORG,
    "learning:agency_resource_new": lambda a: _ORG,
    "learning:network_library": NO_IDS,
    "learning:network_resource_new": NO_IDS,
    "learning:resource_edit": _resources,
    "learning:version_new": _resources,
    "learning:version_edit": _versions,
    "learning:version_delete": _versions,
    "api:library-resources": NO_IDS,
    "api:library-for-you": NO_IDS,
    "api:library-resource": _resources,
    "api:library-resource-file": _versions,
    "api:library-agency-resources": lambda a: _ORG,
    "api:library-network-resources": NO_IDS,
    "api:library-resource-manage": _resources,
    "api:library-resource-versions": _resources,
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    network = world.agency_a.network
    a.library_network_resource = services.resource_create(
        by=world.grace,
        network=network,
        kind="link",
        version={"language": "en", "title": "Welcome", "url": "https://example.org/"},
    )
    a.library_resource = services.resource_create(
        by=world.alice,
        network=network,
        organization=world.agency_a,
        kind="link",
        version={"language": "en", "title": f"Guide {CANARY}", "url": "https://example.org/a"},
        topics=["housing"],
    )
    a.library_program_resource = services.resource_create(
        by=world.bob,
        network=network,
        program=world.program_a,
        kind="document",
        version={"language": "fr", "title": f"Fiche {CANARY}"},
        file=SimpleUploadedFile(f"{CANARY}.txt", f"notes {CANARY}\n".encode()),
    )
    services.view_record(resource=a.library_resource, person=world.erin)
