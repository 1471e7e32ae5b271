"""Isolation entries for the reports: agency A's dashboard, exports, every-mentorship download
and monthly email switch, and the same through the API, answer agency B's people as a missing
agency does. The reports hold counts only, so A's canary
(in names and texts) must never appear; the network pages are for network admins alone."""

from __future__ import annotations

from types import SimpleNamespace

from bridgeway.reports.models import MonthlyReportSubscription
from tests.isolation._shared import NO_IDS, Entry, Pair

FINGERPRINT_MODELS = [MonthlyReportSubscription]


def _org(a: SimpleNamespace) -> list[Pair]:
    return [({"org": "agency-a"}, {"org": "no-such-agency"})]


def _exports(a: SimpleNamespace) -> list[Pair]:
    return [
        ({"org": "agency-a", "fmt": fmt}, {"org": "no-such-agency", "fmt": fmt})
        for fmt in ("csv", "xlsx", "pdf")
    ]


def _mentorships(a: SimpleNamespace) -> list[Pair]:
    return [
        ({"org": "agency-a", "fmt": fmt}, {"org": "no-such-agency", "fmt": fmt})
        for fmt in ("csv", "xlsx")
    ]


MATRIX: dict[str, Entry] = {
    "reports:agency": _org,
    "reports:agency_export": _exports,
    "reports:agency_mentorships": _mentorships,
    "reports:agency_monthly": _org,
    "reports:network": NO_IDS,
    "reports:network_export": lambda a: [({"fmt": "xlsx"}, {"fmt": "doc"})],
    "reports:network_monthly": NO_IDS,
    "api:reports-agency": _org,
    "api:reports-agency-export": _exports,
    "api:reports-agency-mentorships": _mentorships,
    "api:reports-network": NO_IDS,
    "api:reports-network-export": lambda a: [({"fmt": "xlsx"}, {"fmt": "doc"})],
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    MonthlyReportSubscription.objects.create(person=world.alice, organization=world.agency_a)
