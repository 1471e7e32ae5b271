"""Isolation entries for corporate partners: agency A's partner (its name carries A's canary),
its contacts, Frank's link to it and a letter shared with it answer agency B's people — and a
contact of agency B's own partner, the role this module adds to the matrix — as missing ids
do. A partner contact reads only their own partner's aggregates: every other page, agency or
participant, is a 404 for them, and A's canary never appears.

A partner of the whole network is not in the matrix: every agency's staff link their own
mentors to it, so its page answers them by design; tests/reports/partners/test_contacts.py
shows that they see none of another agency's mentors there."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from bridgeway.programs.models import Enrollment
from bridgeway.reports.partners.models import (
    EmployerLink,
    Partner,
    PartnerContact,
    SharedLetter,
)
from bridgeway.reports.recognition.models import Certificate
from tests.factories import PersonFactory, enable_mfa
from tests.isolation._shared import CANARY, MISSING, NO_IDS, Entry, Pair, pk_of

FINGERPRINT_MODELS = [Partner, PartnerContact, EmployerLink, SharedLetter]
# Agency B's people the matrix tries besides its staff and participants.
B_ROLES = ("partner contact",)


def _exports(a: SimpleNamespace) -> list[Pair]:
    return [
        ({"pk": a.partner.pk, "fmt": fmt}, {"pk": MISSING, "fmt": fmt}) for fmt in ("csv", "pdf")
    ]


MATRIX: dict[str, Entry] = {
    "reports:partners_agency": lambda a: [({"org": "agency-a"}, {"org": "no-such-agency"})],
    "reports:partners_network": NO_IDS,
    "reports:partner_manage": pk_of("partner"),
    "reports:partner_contact_invite": pk_of("partner"),
    "reports:partner_contact_remove": pk_of("partner_contact"),
    "reports:partner_link_new": pk_of("partner"),
    "reports:partner_link_answer": pk_of("partner_link"),
    "reports:partner": pk_of("partner"),
    "reports:partner_export": _exports,
    "reports:partner_letter_pdf": pk_of("partner_letter"),
    "reports:partner_join": lambda a: [({"token": a.partner_invited.token}, {"token": "x" * 43})],
    "reports:my_employer": NO_IDS,
    "reports:my_employer_link": pk_of("partner_link"),
    "api:partners-mine": NO_IDS,
    "api:partner-figures": pk_of("partner"),
    "api:partner-letters": pk_of("partner"),
    "api:partner-staff-links": pk_of("partner"),
    "api:partner-staff-link": pk_of("partner_link"),
}


def b_roles(world: SimpleNamespace) -> dict[str, Any]:
    """A contact of agency B's own partner, with two-step verification."""
    partner = Partner.objects.create(
        network=world.agency_b.network, organization=world.agency_b, name="B's partner"
    )
    person = PersonFactory(email="b-partner@employer-b.example", display_name="B partner")
    enable_mfa(person)
    PartnerContact.objects.create(
        partner=partner, email=person.email, name="B partner", person=person, status="active"
    )
    return {"partner contact": person}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    partner = Partner.objects.create(
        network=world.agency_a.network,
        organization=world.agency_a,
        name=f"Employer {CANARY}",
        domains=["employer-a.example"],
    )
    a.partner = partner
    reader = PersonFactory(email="reader@employer-a.example", display_name=f"Reader {CANARY}")
    a.partner_contact = PartnerContact.objects.create(
        partner=partner, email=reader.email, name=f"Reader {CANARY}", person=reader, status="active"
    )
    a.partner_invited = PartnerContact.objects.create(
        partner=partner, email=f"new-{CANARY}@employer-a.example", name=f"New {CANARY}"
    )
    mentor = Enrollment.objects.get(person=world.frank)
    a.partner_link = EmployerLink.objects.create(
        partner=partner,
        person=world.frank,
        organization=world.agency_a,
        status="active",
        share_figures=True,
        share_letters=True,
        consent_at=timezone.now(),
        consent_statement=f"Agreed {CANARY}",
    )
    letter = Certificate.objects.create(
        kind=Certificate.Kind.EMPLOYER_LETTER,
        code="PARTNRSHRD",
        program=world.program_a,
        enrollment=mentor,
        role="mentor",
        language="en",
        name=f"Frank {CANARY}",
        program_name=world.program_a.name,
        agency_name=world.agency_a.name,
        signer_name="Alice",
        signer_title="Director",
        employer=f"Employer {CANARY}",
    )
    a.partner_letter = SharedLetter.objects.create(
        partner=partner, link=a.partner_link, certificate=letter
    )
