"""Partners and their contacts: staff create and edit a partner (its name and the domains of its
work email), invite contacts and remove them; a contact accepts their invitation. Every change
is in the audit log — the agency's, or the network's rows (no agency) for a network partner.
Callers have checked that `by` manages the partner (access.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.core.models import Network, Organization
from bridgeway.core.notify import language_for_address
from bridgeway.core.services import DomainError, audit_record
from bridgeway.notifications.outbox import notify
from bridgeway.reports.partners.models import Partner, PartnerContact

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

NAME_MAX = 200
DOMAINS_MAX = 10
# Public email services: everyone's address there would match, so they name no employer.
PUBLIC_MAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "live.ca",
        "msn.com",
        "yahoo.com",
        "yahoo.ca",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "mail.com",
        "yandex.com",
        "zoho.com",
        "shaw.ca",
        "rogers.com",
        "sympatico.ca",
        "videotron.ca",
        "bell.net",
        "telus.net",
    }
)
DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def clean_domains(typed: Iterable[str]) -> list[str]:
    """The domains as stored: lowercase, without "@" or "www.", each once; a clear error for
    one that is not a domain or that belongs to a public email service."""
    found: list[str] = []
    for raw in typed:
        domain = raw.strip().lower().lstrip("@").removeprefix("www.").rstrip(".")
        if not domain:
            continue
        if not DOMAIN.match(domain):
            raise DomainError(
                _("“%(domain)s” is not an email domain such as northern-engineering.ca.")
                % {"domain": raw.strip()},
                "domains",
            )
        if domain in PUBLIC_MAIL:
            raise DomainError(
                _(
                    "%(domain)s is a public email service: anyone's address there would match. "
                    "Give only the employer's own domains."
                )
                % {"domain": domain},
                "domains",
            )
        if domain not in found:
            found.append(domain)
    if len(found) > DOMAINS_MAX:
        raise DomainError(_("Give at most ten domains."), "domains")
    return found


def _audit(partner: Partner, by: Person | None, action: str, target: Any, **data: Any) -> None:
    audit_record(
        actor=by,
        organization=partner.organization,
        action=action,
        target=target,
        summary=f"{partner.name}: {action}"[:300],
        data={"partner": partner.name, **data},
    )


def _name(name: str, *, network: Network, organization: Organization | None, pk: int = 0) -> str:
    name = name.strip()[:NAME_MAX]
    if not name:
        raise DomainError(_("Give the employer's name."), "name")
    clash = Partner.objects.filter(
        network=network, organization=organization, name__iexact=name
    ).exclude(pk=pk)
    if clash.exists():
        raise DomainError(_("There is already a partner with this name."), "name")
    return name


@transaction.atomic
def partner_create(
    *,
    by: Person,
    name: str,
    domains: Iterable[str],
    network: Network,
    organization: Organization | None = None,
) -> Partner:
    """A partner of the agency, or of the whole network when `organization` is None."""
    name = _name(name, network=network, organization=organization)
    try:
        with transaction.atomic():
            partner = Partner.objects.create(
                network=network,
                organization=organization,
                name=name,
                domains=clean_domains(domains),
                created_by=by,
            )
    except IntegrityError:  # the same name sent twice at once
        raise DomainError(_("There is already a partner with this name."), "name") from None
    _audit(partner, by, "partners.create", partner, domains=partner.domains)
    return partner


@transaction.atomic
def partner_update(*, partner: Partner, by: Person, name: str, domains: Iterable[str]) -> Partner:
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    values = {
        "name": _name(
            name, network=partner.network, organization=partner.organization, pk=partner.pk
        ),
        "domains": clean_domains(domains),
    }
    changed = [field for field, value in values.items() if getattr(partner, field) != value]
    if not changed:
        return partner
    for field in changed:
        setattr(partner, field, values[field])
    partner.save(update_fields=[*changed, "updated_at"])
    _audit(partner, by, "partners.update", partner, fields=changed)
    return partner


@transaction.atomic
def contact_invite(
    *, partner: Partner, by: Person, email: str, name: str, language: str = ""
) -> PartnerContact:
    """Invite someone at the partner to read its figures and letters. The email goes out in
    their account's language if the address has one, else in `language`. Inviting a removed
    contact, or one whose invitation expired, sends a new invitation with a new link."""
    email = email.strip().lower()
    name = name.strip()[:150]
    if not name:
        raise DomainError(_("Give the contact's name."), "name")
    language = language if language in dict(settings.LANGUAGES) else ""
    found = PartnerContact.objects.select_for_update().filter(partner=partner, email=email).first()
    if found is not None and found.status == PartnerContact.Status.ACTIVE:
        raise DomainError(_("This person is already a contact of this partner."), "email")
    if found is None:
        try:
            with transaction.atomic():
                found = PartnerContact.objects.create(
                    partner=partner, email=email, name=name, language=language, invited_by=by
                )
        except IntegrityError:
            raise DomainError(_("This person is already invited."), "email") from None
    else:
        found.status, found.name, found.language = PartnerContact.Status.INVITED, name, language
        found.invited_by, found.invited_at, found.accepted_at, found.person = (
            by,
            timezone.now(),
            None,
            None,
        )
        found.token = PartnerContact._meta.get_field("token").get_default()
        found.save()
    _audit(partner, by, "partners.contact_invite", found, email=email)
    notify(
        kind="partners.invitation",
        event=f"partner-contact:{found.pk}:{found.token[:12]}",
        address=email,
        language=language_for_address(email, language),
        params={"contact": found.pk},
        url=reverse("reports:partner_join", args=[found.token]),
        organization=partner.organization,
    )
    return found


@transaction.atomic
def contact_accept(*, contact: PartnerContact, person: Person) -> PartnerContact:
    """The invited person accepts, signed in with the invited address. A second click (or two
    at once) changes nothing."""
    contact = (
        PartnerContact.objects.select_for_update().select_related("partner").get(pk=contact.pk)
    )
    if contact.status == PartnerContact.Status.ACTIVE and contact.person_id == person.pk:
        return contact
    if contact.status != PartnerContact.Status.INVITED or contact.expires_at <= timezone.now():
        raise DomainError(_("This invitation is no longer valid. Ask the agency for a new one."))
    if person.email.lower() != contact.email.lower():
        raise DomainError(
            _("This invitation was sent to another email address. Sign in with that address.")
        )
    contact.person, contact.status = person, PartnerContact.Status.ACTIVE
    contact.accepted_at = timezone.now()
    contact.save(update_fields=["person", "status", "accepted_at", "updated_at"])
    _audit(contact.partner, person, "partners.contact_accept", contact, email=contact.email)
    return contact


@transaction.atomic
def contact_remove(*, contact: PartnerContact, by: Person) -> PartnerContact:
    """The contact no longer sees anything of the partner; an invitation not yet accepted no
    longer works."""
    contact = (
        PartnerContact.objects.select_for_update().select_related("partner").get(pk=contact.pk)
    )
    if contact.status == PartnerContact.Status.REMOVED:
        return contact
    contact.status = PartnerContact.Status.REMOVED
    contact.save(update_fields=["status", "updated_at"])
    _audit(contact.partner, by, "partners.contact_remove", contact, email=contact.email)
    return contact
