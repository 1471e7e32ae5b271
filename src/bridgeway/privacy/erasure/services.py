"""State changes of erasure requests: asked by the person or by staff for them, withdrawn by
the person, approved by staff of the person's agency (refused while a concern holds it), then
carried out in the background (run.py)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.core.access import ANY_STAFF
from bridgeway.core.models import Membership, Organization
from bridgeway.core.services import DomainError, audit_record
from bridgeway.notifications.outbox import notify
from bridgeway.privacy.erasure.holds import holds_for
from bridgeway.privacy.erasure.models import ErasureRequest
from bridgeway.programs.models import Enrollment


def agencies_of(person: Person) -> list[Organization]:
    """The agencies that review a person's erasure: where they are enrolled or on staff."""
    return list(
        Organization.objects.filter(
            Q(programs__enrollments__person=person) | Q(memberships__person=person)
        )
        .distinct()
        .order_by("pk")
    )


def _staff_of(organizations: list[Organization]) -> list[Person]:
    ids = Membership.objects.filter(organization__in=organizations, role__in=ANY_STAFF).values_list(
        "person_id", flat=True
    )
    return list(Person.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


@transaction.atomic
def erasure_request(
    *, person: Person, by: Person, reason: str = "", organization: Organization | None = None
) -> ErasureRequest:
    """The person asks to be erased, or staff of `organization` ask for them with a reason."""
    if person.erased_at:
        raise DomainError(_("This account is already deleted."))
    Person.objects.select_for_update().filter(pk=person.pk).first()  # two clicks: one request
    if ErasureRequest.objects.filter(person=person, status__in=ErasureRequest.OPEN).exists():
        if by.pk == person.pk:
            raise DomainError(_("You have already asked to delete your account."))
        raise DomainError(_("An erasure of this person is already asked."))
    staff = by.pk != person.pk
    if staff and not reason.strip():
        raise DomainError(_("Say why this person's data should be erased."), "reason")
    if staff and (
        organization is None
        or not Enrollment.objects.filter(person=person, program__organization=organization).exists()
    ):
        raise DomainError(_("Choose a participant of your agency."), "person")
    try:
        with transaction.atomic():
            request = ErasureRequest.objects.create(
                person=person, requested_by=by, by_staff=staff, reason=reason.strip()
            )
    except IntegrityError:
        raise DomainError(_("You have already asked to delete your account.")) from None
    agencies = agencies_of(person)
    request.organizations.set(agencies)
    for agency in agencies:
        audit_record(
            actor=by,
            action="erasure.request",
            organization=agency,
            target=request,
            subject=person,
            data={"by_staff": staff},
        )
        for member in _staff_of([agency]):
            notify(
                kind="erasure.waiting",
                event=f"erasure:{request.pk}:waiting",
                person=member,
                role="staff",
                organization=agency,
                params={"request": request.pk, "agency": agency.name},
                url=reverse("privacy_erasure:staff_list", args=[agency.slug]),
            )
    notify(
        kind="erasure.received",
        event=f"erasure:{request.pk}:received",
        person=person,
        url=reverse("privacy_erasure:mine"),
    )
    if not agencies:  # an account no agency knows: nobody to review it, nothing to hold it
        _approve(request, by=by)
    return request


@transaction.atomic
def erasure_withdraw(*, request: ErasureRequest, by: Person) -> ErasureRequest:
    """The person changes their mind while the request waits."""
    locked = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if locked.person_id != by.pk:
        raise DomainError(_("Only the person can withdraw their request."))
    if locked.status != ErasureRequest.Status.PENDING:
        raise DomainError(_("This request is no longer waiting: it cannot be withdrawn."))
    locked.status = ErasureRequest.Status.WITHDRAWN
    locked.finished_at = timezone.now()
    locked.save(update_fields=["status", "finished_at"])
    for agency in locked.organizations.all():
        audit_record(
            actor=by, action="erasure.withdraw", organization=agency, target=locked, subject=by
        )
    return locked


@transaction.atomic
def erasure_approve(
    *, request: ErasureRequest, by: Person, organization: Organization
) -> ErasureRequest:
    """Staff of one of the person's agencies approve; refused while a concern holds it. The
    person is written to now, while their address exists; the erasure runs in the background."""
    locked = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != ErasureRequest.Status.PENDING:
        raise DomainError(_("This request is not waiting for review any more."))
    if locked.person_id == by.pk:
        raise DomainError(_("Another member of staff must approve the erasure of your account."))
    if holds_for(locked.person):
        raise DomainError(
            _("An open concern case holds this request: close the case first, then approve.")
        )
    audit_record(
        actor=by,
        action="erasure.approve",
        organization=organization,
        target=locked,
        subject=locked.person,
    )
    _approve(locked, by=by)
    return locked


def _approve(locked: ErasureRequest, *, by: Person) -> None:
    from bridgeway.privacy.erasure.tasks import run_erasure

    locked.status = ErasureRequest.Status.APPROVED
    locked.approved_by, locked.approved_at = by, timezone.now()
    locked.save(update_fields=["status", "approved_by", "approved_at"])
    person = locked.person
    notify(
        kind="erasure.farewell",
        event=f"erasure:{locked.pk}:farewell",
        address=person.email,
        language=person.preferred_language,
    )
    pk = locked.pk
    transaction.on_commit(lambda: run_erasure(pk))
