"""State changes for screening: the checklist, checks, approval and decline, expiry, and the
mentor self-assessment. Callers have resolved the program or enrollment through a scoped
selector; every staff action is audited; email goes out after commit. Staff taking a checklist
requirement away moves on the people in training it alone held back."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.core.i18n import translated
from bridgeway.core.services import DomainError, audit_record
from bridgeway.notifications.outbox import notify
from bridgeway.programs.models import Enrollment, EnrollmentStatus, Program
from bridgeway.programs.screening.models import (
    Reference,
    ScreeningCheck,
    ScreeningItem,
)
from bridgeway.programs.screening.selectors import (
    ACTIVE_STATUSES,
    approval_blockers,
    local_date,
)
from bridgeway.programs.services import (
    TRANSITIONS,
    enrollment_advance_if_ready,
    enrollment_set_status,
)

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

S = EnrollmentStatus
C = ScreeningCheck.Status
# A required check that expires sends a person in these statuses back to screening; a matched
# person stays in their match and staff are told instead (agency dashboard panel).
PULL_BACK_STATUSES = (S.TRAINING, S.READY, S.WAITLISTED)


def in_every_language(text: str | Promise) -> dict[str, str]:
    """A translatable text as {language: text}, for rows staff can later edit. A language
    whose catalog has no translation is left out, so readers fall back to the default."""
    with translation.override(settings.LANGUAGE_CODE):
        default = str(text)
    values = {settings.LANGUAGE_CODE: default}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            value = str(text)
        if value != default:
            values[code] = value
    return values


def screening_audit(
    by: Person | None, program: Program, action: str, target: Any, summary: str
) -> None:
    audit_record(
        actor=by,
        organization=program.organization,
        action=action,
        target=target,
        summary=summary,
    )


# --- Checks, approval and decline (coordinators) -----------------------------------------------


def _moment(day: date) -> datetime:
    """A day chosen by staff as a moment: now for today, midday for an earlier day."""
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(day, time(12)))


@transaction.atomic
def check_record(
    *,
    enrollment: Enrollment,
    item: ScreeningItem,
    status: str,
    by: Person,
    completed_on: date | None = None,
    note: str = "",
) -> ScreeningCheck:
    """Record the outcome of one checklist item; a passed check with a validity expires."""
    locked = Enrollment.objects.select_for_update().select_related("program").get(pk=enrollment.pk)
    if item.program_id != locked.program_id or item.audience not in (
        locked.role,
        ScreeningItem.Audience.BOTH,
    ):
        raise DomainError(_("This check is not part of this person's checklist."), field="item")
    if locked.status not in ACTIVE_STATUSES:
        raise DomainError(
            _("This enrollment is “%(status)s”; its checks can no longer change.")
            % {"status": locked.get_status_display()}
        )
    if status not in (C.PENDING, C.PASSED, C.FAILED, C.WAIVED):
        raise DomainError(_("Choose passed, failed, waived or not done yet."), field="status")
    completed_at = expires_at = None
    if status != C.PENDING:
        if completed_on is None:
            raise DomainError(_("Give the date of the check."), field="completed_on")
        if completed_on > timezone.localdate():
            raise DomainError(_("The date cannot be in the future."), field="completed_on")
        completed_at = _moment(completed_on)
        if status == C.PASSED and item.valid_for_days:
            expires_at = completed_at + timedelta(days=item.valid_for_days)
            if expires_at <= timezone.now():
                raise DomainError(
                    ngettext(
                        "A check done on that date has already expired: it is valid for "
                        "%(days)s day. Record a newer one.",
                        "A check done on that date has already expired: it is valid for "
                        "%(days)s days. Record a newer one.",
                        item.valid_for_days,
                    )
                    % {"days": item.valid_for_days},
                    field="completed_on",
                )
    check, _created = ScreeningCheck.objects.select_for_update().get_or_create(
        enrollment=locked, item=item
    )
    check.status = status
    check.completed_at = completed_at
    check.expires_at = expires_at
    check.checked_by = by
    check.note = note.strip()
    check.save()
    audit_record(
        actor=by,
        organization=locked.program.organization,
        action="screening.check",
        target=check,
        summary=f"{item.name}: {status}",
        data={"enrollment": locked.pk, "item": item.pk, "status": status},
    )
    if check.is_cleared:
        enrollment_advance_if_ready(enrollment=locked)
    return check


@transaction.atomic
def screening_start(*, enrollment: Enrollment, by: Person) -> Enrollment:
    """Move an applied enrollment into screening (from the coordinator's queue)."""
    if enrollment.status != S.APPLIED:
        raise DomainError(_("Only an application that is waiting can start screening."))
    return enrollment_set_status(enrollment=enrollment, status=S.SCREENING, by=by)


@transaction.atomic
def screening_approve(*, enrollment: Enrollment, by: Person) -> Enrollment:
    """Approve a person in screening: on to training, or straight to ready when nothing else
    blocks (no training required, or it and the profile are already done). Refused, naming
    what is missing, while screening is not complete."""
    locked = (
        Enrollment.objects.select_for_update()
        .select_related("program__organization", "person")
        .get(pk=enrollment.pk)
    )
    if locked.status != S.SCREENING:
        raise DomainError(
            _("Only a person in screening can be approved; this enrollment is “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    blockers = approval_blockers(enrollment=locked)
    if blockers:
        raise DomainError(
            _("It cannot be approved yet. %(missing)s") % {"missing": " ".join(blockers)}
        )
    # On to ready at once when nothing else blocks (no training, or a profile and training
    # finished before approval); the approval email below then says so itself.
    enrollment_set_status(enrollment=locked, status=S.TRAINING, by=by, ready_email=False)
    locked.refresh_from_db()
    screening_audit(by, locked.program, "screening.approve", locked, locked.person.email)
    _notify_decision(locked, approved=True)
    return locked


@transaction.atomic
def screening_decline(*, enrollment: Enrollment, by: Person, reason: str) -> Enrollment:
    """Decline with a reason the person sees, in an email in their language."""
    if not reason.strip():
        raise DomainError(_("Give a reason; the person will see it."), field="reason")
    locked = enrollment_set_status(
        enrollment=enrollment, status=S.DECLINED, by=by, reason=reason.strip()
    )
    screening_audit(by, locked.program, "screening.decline", locked, reason.strip())
    _notify_decision(locked, approved=False)
    return locked


def _notify_decision(enrollment: Enrollment, *, approved: bool) -> None:
    notify(
        kind="screening.approved" if approved else "screening.declined",
        event=f"enrollment:{enrollment.pk}:screening:{enrollment.status_changed_at.isoformat()}",
        person=enrollment.person,
        role=enrollment.role,
        params={"enrollment": enrollment.pk},
        url=reverse("core:dashboard"),
        organization=enrollment.program.organization,
    )


# --- Expiry (the daily job) ----------------------------------------------------------------------


def checks_expire(*, now: datetime | None = None, batch: int = 500) -> int:
    """Mark every passed check past its expiry as expired, and act on each exactly once: two
    workers may run this at once, the conditional UPDATE lets only one claim a check."""
    now = now or timezone.now()
    due = list(
        ScreeningCheck.objects.filter(status=C.PASSED, expires_at__lte=now)
        .order_by("expires_at", "pk")
        .values_list("pk", flat=True)[:batch]
    )
    return sum(_check_expire(check_id=check_id, now=now) for check_id in due)


@transaction.atomic
def _check_expire(*, check_id: int, now: datetime) -> bool:
    claimed = ScreeningCheck.objects.filter(
        pk=check_id, status=C.PASSED, expires_at__lte=now
    ).update(status=C.EXPIRED, updated_at=now)
    if not claimed:
        return False
    check = ScreeningCheck.objects.select_related(
        "item", "enrollment__person", "enrollment__program__organization"
    ).get(pk=check_id)
    enrollment, item = check.enrollment, check.item
    pulled_back = False
    if (
        item.required
        and enrollment.status in PULL_BACK_STATUSES
        and S.SCREENING in TRANSITIONS[S(enrollment.status)]
    ):
        language = enrollment.person.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            reason = _("%(item)s expired on %(date)s.") % {
                "item": translated(item.label, language) or item.get_kind_display(),
                "date": local_date(cast(datetime, check.expires_at)),
            }
        # The system acts here: the audit row of the status change has no person as actor.
        enrollment_set_status(
            enrollment=enrollment,
            status=S.SCREENING,
            by=None,
            reason=reason,
        )
        pulled_back = True
    audit_record(
        actor=None,
        organization=enrollment.program.organization,
        action="screening.check_expired",
        target=check,
        summary=f"{item.name}: {enrollment.person.email}",
        data={"enrollment": enrollment.pk, "back_to_screening": pulled_back},
    )
    if enrollment.status in ACTIVE_STATUSES or pulled_back:
        _notify_expired(check, back_to_screening=pulled_back)
    return True


def _notify_expired(check: ScreeningCheck, *, back_to_screening: bool) -> None:
    enrollment = check.enrollment
    notify(
        kind="screening.renewal",
        event=f"check:{check.pk}:expired:{cast(datetime, check.expires_at).isoformat()}",
        person=enrollment.person,
        role=enrollment.role,
        params={"check": check.pk, "back_to_screening": back_to_screening},
        url=reverse("core:dashboard"),
        organization=enrollment.program.organization,
    )


# --- References: the participant names who can vouch for them ---------------------------------

PHONE = re.compile(r"^\+?[0-9 ().-]{6,30}$")


@transaction.atomic
def reference_save(
    *,
    enrollment: Enrollment,
    item: ScreeningItem,
    by: Person,
    name: str,
    relationship: str,
    email: str = "",
    phone: str = "",
) -> Reference:
    """The person names (or corrects) the reference for one reference check of their own
    checklist. The coordinator sees it beside the check; recording the check stays theirs."""
    if enrollment.person_id != by.pk:
        raise DomainError(_("Only the person can name their references."))
    if enrollment.status not in ACTIVE_STATUSES:
        raise DomainError(_("This enrollment is closed."))
    if item.program_id != enrollment.program_id or item.kind != ScreeningItem.Kind.REFERENCE:
        raise DomainError(_("This check does not ask for a reference."), field="item")
    if item.audience not in (enrollment.role, ScreeningItem.Audience.BOTH):
        raise DomainError(_("This check is not part of your checklist."), field="item")
    name, relationship = name.strip(), relationship.strip()
    email, phone = email.strip(), phone.strip()
    if not name:
        raise DomainError(_("Give the name of the person."), field="name")
    if not relationship:
        raise DomainError(_("Say how they know you."), field="relationship")
    if not email and not phone:
        raise DomainError(_("Give an email address or a phone number to reach them."), "email")
    if phone and not PHONE.match(phone):
        raise DomainError(
            _("Write the phone number with digits, and the country code if abroad."), "phone"
        )
    if email and email.lower() == by.email.lower():
        raise DomainError(_("A reference is someone else: give their email address."), "email")
    reference, _created = Reference.objects.update_or_create(
        enrollment=enrollment,
        item=item,
        defaults={"name": name, "relationship": relationship, "email": email, "phone": phone},
    )
    return reference
