"""Isolation entries for data exports: agency A's mentee Erin asked for a copy of her data and
it is ready (her zip holds A's canary). Agency B's people, staff or not, get the same 404 page
for her download link as for a link that is no link at all, and the same 404 for her staff
pages as for ids that do not exist."""

from __future__ import annotations

from types import SimpleNamespace

from bridgeway.privacy.exports import services
from bridgeway.privacy.exports.models import ExportRequest
from tests.isolation._shared import NO_IDS, Entry, Pair, pk_of

FINGERPRINT_MODELS = [ExportRequest]


def _link(a: SimpleNamespace) -> list[Pair]:
    token = services.download_url(a.privacy_export).rstrip("/").rsplit("/", 1)[-1]
    return [({"token": token}, {"token": "not-a-link"})]


MATRIX: dict[str, Entry] = {
    "privacy_exports:mine": NO_IDS,
    "privacy_exports:download": _link,
    "privacy_exports:staff_ask": pk_of("enrollment"),
    "privacy_exports:staff_list": lambda a: [({"org": "agency-a"}, {"org": "no-such-agency"})],
    "api:privacy-exports-mine": NO_IDS,
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    export = services.export_ask(person=world.erin, asked_by=world.erin)
    # Built here; in a test on a live server the job already built it when the ask committed.
    services.export_build(export_id=export.pk)
    a.privacy_export = ExportRequest.objects.get(pk=export.pk)
