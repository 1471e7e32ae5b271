"""Privacy for `make run`: every demo participant's consents by purpose as their intake gave
them (taking part, sharing the matching profile); Iryna withdrew her consent to evaluation and
Jose his consent to text messages; Maple's breach register holds two rows (a lost laptop with
a real risk, reported and notified; an email sent to the wrong mentor, no real risk), the
network's one. The rows are the demo's (`is_demo`): they go with it. Running it again changes
nothing."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.core.models import Network, Organization
from bridgeway.demo.network import DEMO_DOMAIN
from bridgeway.privacy.breaches.models import Breach
from bridgeway.privacy.consent.models import Consent, Purpose
from bridgeway.privacy.consent.services import consent_give, consent_withdraw


def _consents() -> None:
    participants = Person.objects.filter(
        email__endswith=f"@{DEMO_DOMAIN}", enrollments__isnull=False
    ).distinct()
    for person in participants:
        if Consent.objects.filter(person=person).exists():
            continue
        for purpose in (Purpose.PARTICIPATION, Purpose.MATCHING_PROFILE):
            consent_give(person=person, purpose=purpose, source=Consent.Source.INTAKE)
    for local, purpose in (("mentee.iryna", Purpose.EVALUATION), ("mentee.jose", Purpose.TEXTING)):
        withdrawing = Person.objects.filter(email=f"{local}@{DEMO_DOMAIN}").first()
        if withdrawing is not None:
            consent_withdraw(person=withdrawing, purpose=purpose, source=Consent.Source.PAGE)


def _breaches() -> None:
    network = Network.objects.filter(slug="demo").first()
    maple = Organization.objects.filter(slug="maple").first()
    admin = Person.objects.filter(email=f"maple.admin@{DEMO_DOMAIN}").first()
    if network is None or maple is None or Breach.objects.filter(is_demo=True).exists():
        return
    today = timezone.localdate()
    rows = [
        (
            maple,
            today - timedelta(days=40),
            today - timedelta(days=38),
            "A coordinator's laptop was stolen from a car. It held a spreadsheet of 23 intakes "
            "exported for a funder report; the disk was not encrypted.",
            ["contact", "immigration", "profile"],
            23,
            True,
            "Names, addresses and immigration status of newcomers: sensitive, and a stolen "
            "device makes misuse likely.",
            today - timedelta(days=36),
            today - timedelta(days=35),
            "Every staff laptop now has disk encryption; exports are deleted after use; the "
            "people affected were told what to watch for.",
        ),
        (
            maple,
            today - timedelta(days=12),
            today - timedelta(days=12),
            "A welcome email meant for one mentor was sent to another mentor of the program.",
            ["contact"],
            1,
            False,
            "Only a first name and the program's name; the mentor who received it deleted it "
            "and confirmed in writing.",
            None,
            None,
            "The coordinator now sends welcome emails from the app, not by hand.",
        ),
        (
            None,
            today - timedelta(days=90),
            today - timedelta(days=89),
            "A backup of the network's database was readable on a storage bucket for two "
            "hours; the access logs show no download.",
            ["contact", "profile", "messages"],
            0,
            False,
            "No one reached the file (logs checked); the bucket is private again.",
            None,
            None,
            "Backups are encrypted before upload; the bucket policy is checked every week.",
        ),
    ]
    for (
        organization,
        occurred,
        discovered,
        what,
        kinds,
        people,
        risk,
        why,
        told,
        notified,
        done,
    ) in rows:
        Breach.objects.create(
            network=network,
            organization=organization,
            occurred_on=occurred,
            discovered_on=discovered,
            description=what,
            information_kinds=kinds,
            people_affected=people,
            real_risk=risk,
            risk_reasoning=why,
            commissioner_reported_on=told,
            people_notified_on=notified,
            measures=done,
            recorded_by=admin if organization is not None else None,
            is_demo=True,
        )


@transaction.atomic
def demo_privacy() -> None:
    _consents()
    _breaches()
