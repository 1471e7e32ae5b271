"""Isolation entries for the funder exports: agency A uploaded a mapping whose name carries A's
canary. Agency B's people get the same 404 for A's agency and for A's mapping under their own
agency as for ones that do not exist, and nothing B posts keeps a mapping."""

from __future__ import annotations

from types import SimpleNamespace

from bridgeway.reports.funders import services
from bridgeway.reports.funders.models import FunderMapping
from tests.isolation._shared import CANARY, Entry, Pair

FINGERPRINT_MODELS = [FunderMapping]
MISSING_REF = "no-such-mapping-v1"


def _org(a: SimpleNamespace) -> list[Pair]:
    return [({"org": "agency-a"}, {"org": "no-such-agency"})]


def _mapping(**more: str) -> Entry:
    def pairs(a: SimpleNamespace) -> list[Pair]:
        ref = a.funder_mapping_ref
        return [
            ({"org": "agency-a", "ref": ref, **more}, {"org": "no-such-agency", "ref": ref, **more}),
            ({"org": "agency-b", "ref": ref, **more}, {"org": "agency-b", "ref": MISSING_REF, **more}),
        ]  # fmt: skip

    return pairs


MATRIX: dict[str, Entry] = {
    "reports:funders": _org,
    "reports:funder_upload": _org,
    "reports:funder_mapping": _mapping(),
    "reports:funder_mapping_file": _mapping(),
    "reports:funder_problems": _mapping(),
    "reports:funder_export": _mapping(fmt="csv"),
    "api:funder-mappings": _org,
    "api:funder-check": _mapping(),
    "api:funder-export": _mapping(fmt="xlsx"),
}

TEXT = f"""[mapping]
funder = "Funder {CANARY}"
name = "Sessions {CANARY}"
key = "sessions-a"
version = 1
rows = "meeting"

[[columns]]
header = "Client {CANARY}"
source = "person.name"
"""


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    uploaded, _new = services.mapping_upload(
        organization=world.agency_a, by=world.alice, text=TEXT, file_name="a.toml"
    )
    a.funder_mapping_ref = f"{uploaded.key}-v{uploaded.version}"
