"""Isolation entries for privacy: agency A's participant's consents (their staff page) and
agency A's breach register (rows carry the canary); agency B tries their ids everywhere, also
under B's own agency in the address. The person's own consent pages take no id at all."""

from __future__ import annotations

from types import SimpleNamespace

from bridgeway.privacy.breaches.models import Breach, BreachChange
from bridgeway.privacy.consent.models import Consent, Purpose, PurposeText
from bridgeway.privacy.consent.services import consent_give, consent_withdraw
from tests.isolation._shared import CANARY, MISSING, NO_IDS, Entry, Pair, pk_of

FINGERPRINT_MODELS = [Consent, PurposeText, Breach, BreachChange]


def _breaches(a: SimpleNamespace) -> list[Pair]:
    return [({"pk": breach.pk}, {"pk": MISSING}) for breach in (a.breach, a.network_breach)]


def _agency(a: SimpleNamespace) -> list[Pair]:
    return [
        ({"org": "agency-a"}, {"org": "no-such-agency"}),
    ]


MATRIX: dict[str, Entry] = {
    "consent:mine": NO_IDS,
    "consent:give": NO_IDS,
    "consent:withdraw": NO_IDS,
    "consent:ask_again": NO_IDS,
    "consent:texts": NO_IDS,
    "consent:staff_person": pk_of("enrollment"),
    "api:my-consents": NO_IDS,
    "api:my-consent-give": NO_IDS,
    "api:my-consent-withdraw": NO_IDS,
    "breaches:agency": _agency,
    "breaches:agency_new": _agency,
    "breaches:agency_csv": _agency,
    "breaches:network": NO_IDS,
    "breaches:network_new": NO_IDS,
    "breaches:network_csv": NO_IDS,
    "breaches:detail": _breaches,
    "breaches:edit": _breaches,
    "breaches:delete": _breaches,
}


def _breach(a: SimpleNamespace, organization: object) -> Breach:
    return Breach.objects.create(
        network=a.agency.network,
        organization=organization,
        occurred_on="2026-11-01",
        discovered_on="2026-11-02",
        description=f"Lost folder {CANARY}",
        information_kinds=["contact"],
        people_affected=3,
        real_risk=False,
        risk_reasoning=f"Reasoning {CANARY}",
        measures=f"Measures {CANARY}",
        # Deletable like the demo's rows: the browser tests that use this world run on a live
        # server, and their database is emptied with DELETE after each test (SQLite), which the
        # register's trigger refuses for a real row younger than 24 months.
        is_demo=True,
    )


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    """A's mentee gave and withdrew consents; A and the network each recorded a breach (the
    network's is the network admin's, never an agency's: B's admins must not reach it)."""
    consent_give(person=world.erin, purpose=Purpose.PARTICIPATION, source=Consent.Source.INTAKE)
    consent_withdraw(person=world.erin, purpose=Purpose.TEXTING, source=Consent.Source.PAGE)
    a.breach = _breach(a, world.agency_a)
    a.network_breach = _breach(a, None)
