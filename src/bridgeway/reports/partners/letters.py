"""Recognition letters delivered to a partner: a letter to an employer issued for a mentor who
shares their letters with a partner (a confirmed link that covers the letter's program) goes to
each of the partner's contacts — a notification and an email in the contact's language with the
PDF attached — and is listed on the partner's page while the mentor goes on sharing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse

from bridgeway.core.services import audit_record
from bridgeway.notifications.outbox import notify
from bridgeway.reports.partners.models import EmployerLink, PartnerContact, SharedLetter
from bridgeway.reports.recognition.models import Certificate

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person


def letter_share(*, certificate: Certificate, by: Person | None) -> list[SharedLetter]:
    """Share a newly issued letter with the partners its mentor shares letters with. Called in
    the transaction that issues it; sharing again changes nothing."""
    if certificate.kind != Certificate.Kind.EMPLOYER_LETTER:
        return []
    organization = certificate.program.organization
    links = (
        EmployerLink.objects.filter(
            person_id=certificate.enrollment.person_id,
            status=EmployerLink.Status.ACTIVE,
            share_letters=True,
        )
        .filter(
            Q(partner__organization=organization)
            | Q(partner__organization__isnull=True, partner__network_id=organization.network_id)
        )
        .select_related("partner")
    )
    shared = []
    for link in links:
        letter, created = SharedLetter.objects.get_or_create(
            partner=link.partner, certificate=certificate, defaults={"link": link}
        )
        if not created:
            continue
        contacts = list(
            PartnerContact.objects.filter(
                partner=link.partner, status=PartnerContact.Status.ACTIVE, person__isnull=False
            ).select_related("person")
        )
        for contact in contacts:
            assert contact.person is not None
            notify(
                kind="partners.letter",
                event=f"partner-letter:{letter.pk}",
                person=contact.person,
                params={"shared": letter.pk, "certificate": certificate.pk},
                url=reverse("reports:partner", args=[link.partner_id]) + "#letters",
                organization=organization,
            )
        audit_record(
            actor=by,
            organization=organization,
            action="partners.letter_share",
            target=letter,
            subject=certificate.enrollment.person,
            summary=f"letter {certificate.code} shared with {link.partner.name}",
            data={
                "partner": link.partner.name,
                "code": certificate.code_shown,
                "name": certificate.name,
                "contacts": len(contacts),
            },
        )
        shared.append(letter)
    return shared
