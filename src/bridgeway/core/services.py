"""State changes for agencies, staff and the audit log."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.core.models import (
    AuditEvent,
    Invitation,
    Membership,
    Network,
    Organization,
    StaffRole,
)
from bridgeway.core.notify import language_for_address
from bridgeway.notifications.outbox import notify

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person


class DomainError(Exception):
    """A rule of the product was broken; the message is shown to the person as it is."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def audit_record(
    *,
    actor: Person | None,
    action: str,
    organization: Organization | None = None,
    target: models.Model | None = None,
    summary: str = "",
    data: dict[str, Any] | None = None,
    subject: Person | None = None,
) -> AuditEvent:
    """Add a row to the agency's audit log. `data` holds the details as values (codes, ids,
    numbers, the person's own words) so that the log words them in its reader's language;
    `subject` is the person the action concerns, by default the target's person (an
    enrollment's participant, a membership's staff member)."""
    if subject is None and target is not None:
        subject = getattr(target, "person", None)
    event = AuditEvent(
        organization=organization,
        actor=actor if actor is not None and actor.is_authenticated else None,
        subject=subject,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        summary=summary[:300],
        data=data or {},
    )
    together = _together.get()
    if together is not None:
        together.append(event)  # written at the end of the change (`audit_together`)
    else:
        event.save(force_insert=True)
    return event


_together: ContextVar[list[AuditEvent] | None] = ContextVar("audit_together", default=None)


@contextmanager
def audit_together() -> Iterator[None]:
    """The audit rows of one change (a mentorship accepted or closed writes one for each change
    of status and one for itself) written in one statement when the block ends without an
    error, in the change's transaction: use it inside that transaction, around code that lets
    its errors fail the whole change (a row of a savepoint rolled back inside the block would
    still be written). Rows recorded inside are unsaved until then (no id). Nested: the
    outermost block writes."""
    if _together.get() is not None:
        yield
        return
    rows: list[AuditEvent] = []
    token = _together.set(rows)
    try:
        yield
    finally:
        _together.reset(token)
    AuditEvent.objects.bulk_create(rows)


def changed_fields(instance: models.Model, data: dict[str, Any]) -> dict[str, list[str]]:
    """Old and new values of the fields an edit changes, for the audit log."""
    changes = {}
    for name, value in data.items():
        old = getattr(instance, name)
        if old != value:
            changes[name] = [str(old), str(value)]
    return changes


@transaction.atomic
def organization_create(
    *, network: Network, by: Person, name: str, slug: str, **fields: Any
) -> Organization:
    if Organization.objects.filter(slug=slug).exists():
        raise DomainError(_("Another agency already uses this short name."), field="slug")
    organization = Organization.objects.create(network=network, name=name, slug=slug, **fields)
    audit_record(
        actor=by,
        organization=organization,
        action="organization.create",
        target=organization,
        summary=name,
    )
    return organization


class OrganizationChanges(TypedDict, total=False):
    """An agency's settings an admin (or, for the short name and status, a network admin)
    changes; fields left out keep their value."""

    name: str
    slug: str
    description: str
    city: str
    website: str
    contact_email: str
    is_active: bool


@transaction.atomic
def organization_update(
    *, organization: Organization, by: Person, **fields: Unpack[OrganizationChanges]
) -> None:
    """Write only the fields that change, on the row read again under a lock, so that two
    people editing different settings at once both keep their change."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    changes = changed_fields(organization, dict(fields))
    if not changes:
        return
    for name in changes:
        setattr(organization, name, fields[name])  # type: ignore[literal-required]
    organization.save(update_fields=[*changes, "updated_at"])
    audit_record(
        actor=by,
        organization=organization,
        action="organization.update",
        target=organization,
        summary=", ".join(sorted(changes)),
        data={"changes": changes},
    )


@transaction.atomic
def invitation_create(
    *, organization: Organization, email: str, role: str, by: Person, language: str = ""
) -> Invitation:
    """Invite an address to the agency's staff. The email goes out in the account's own
    language if the address has one, else in `language` (the inviter chooses it)."""
    email = email.strip().lower()
    if Membership.objects.filter(organization=organization, person__email__iexact=email).exists():
        raise DomainError(_("This person is already on your staff."), field="email")
    # A new invitation replaces an earlier pending one for the same address.
    Invitation.objects.filter(
        organization=organization, email__iexact=email, status=Invitation.Status.PENDING
    ).update(status=Invitation.Status.REVOKED, answered_at=timezone.now())
    invitation = Invitation.objects.create(
        organization=organization,
        email=email,
        role=role,
        invited_by=by,
        expires_at=Invitation.default_expiry(),
        language=language if language in dict(settings.LANGUAGES) else "",
    )
    audit_record(
        actor=by,
        organization=organization,
        action="invitation.create",
        target=invitation,
        summary=f"{email} ({role})",
        data={"email": email, "role": role},
    )
    invitation_send(invitation_id=invitation.pk)
    return invitation


def invitation_send(*, invitation_id: int) -> None:
    """Email the invitation in the invited person's language (their account's, else the one
    the inviter chose), never simply in the inviter's. Written to the outbox in the caller's
    transaction; sent after commit."""
    invitation = Invitation.objects.select_related("organization").get(pk=invitation_id)
    notify(
        kind="core.staff_invitation",
        event=f"invitation:{invitation.pk}",
        address=invitation.email,
        language=language_for_address(invitation.email, invitation.language),
        params={"invitation": invitation.pk},
        url=reverse("core:invitation_accept", args=[invitation.token]),
        organization=invitation.organization,
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, person: Person) -> Membership:
    # Claimed with a conditional UPDATE so that two clicks cannot accept it twice.
    claimed = Invitation.objects.filter(
        pk=invitation.pk, status=Invitation.Status.PENDING, expires_at__gt=timezone.now()
    ).update(status=Invitation.Status.ACCEPTED, answered_at=timezone.now())
    if not claimed:
        raise DomainError(_("This invitation is no longer valid. Ask your agency for a new one."))
    if person.email.lower() != invitation.email.lower():
        raise DomainError(
            _("This invitation was sent to another email address. Sign in with that address.")
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                organization=invitation.organization, person=person, role=invitation.role
            )
    except IntegrityError:
        raise DomainError(_("You are already on this agency's staff.")) from None
    audit_record(
        actor=person,
        organization=invitation.organization,
        action="invitation.accept",
        target=membership,
        summary=person.email,
    )
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: Person) -> None:
    updated = Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.REVOKED, answered_at=timezone.now()
    )
    if not updated:
        raise DomainError(_("Only a pending invitation can be revoked."))
    audit_record(
        actor=by,
        organization=invitation.organization,
        action="invitation.revoke",
        target=invitation,
        summary=invitation.email,
    )


def invitations_expire(*, now: datetime | None = None) -> int:
    """Mark every pending invitation past its expiry as expired; safe to run anywhere, twice."""
    now = now or timezone.now()
    return Invitation.objects.filter(status=Invitation.Status.PENDING, expires_at__lte=now).update(
        status=Invitation.Status.EXPIRED, answered_at=now
    )


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, by: Person) -> None:
    if membership.role == role:
        return
    if membership.role == StaffRole.ADMIN:
        _ensure_another_admin(membership)
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    audit_record(
        actor=by,
        organization=membership.organization,
        action="membership.change_role",
        target=membership,
        summary=f"{membership.person.email}: {old} → {role}",
        data={"from": old, "to": role},
    )


@transaction.atomic
def membership_remove(*, membership: Membership, by: Person) -> None:
    if membership.role == StaffRole.ADMIN:
        _ensure_another_admin(membership)
    audit_record(
        actor=by,
        organization=membership.organization,
        action="membership.remove",
        target=membership,
        summary=membership.person.email,
    )
    membership.delete()


def _ensure_another_admin(membership: Membership) -> None:
    others = (
        Membership.objects.select_for_update()
        .filter(organization=membership.organization, role=StaffRole.ADMIN)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise DomainError(_("An agency needs at least one admin. Make someone else admin first."))
