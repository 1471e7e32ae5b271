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
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bridgeway.core.i18n import translated
from bridgeway.core.notify import email_person
from bridgeway.core.ordering import order_move
from bridgeway.core.services import DomainError, audit_record, changed_fields
from bridgeway.programs.models import Enrollment, EnrollmentStatus, Program
from bridgeway.programs.readiness import readiness_blockers
from bridgeway.programs.requirements import requirement_lifted
from bridgeway.programs.screening import defaults
from bridgeway.programs.screening.models import (
    Reference,
    ScreeningCheck,
    ScreeningItem,
    SelfAssessment,
    SelfAssessmentChoice,
    SelfAssessmentQuestion,
    SelfAssessmentResult,
)
from bridgeway.programs.screening.selectors import (
    ACTIVE_STATUSES,
    approval_blockers,
    assessment_for_program,
    assessment_is_open,
    assessment_score,
    enrollments_held_back_by_item,
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
# Fields of an item whose change can take a requirement off someone (the audience: off a role).
# A new validity period applies to checks recorded from then on, so it lifts nothing.
REQUIREMENT_FIELDS = {"required", "audience"}
# A required check that expires sends a person in these statuses back to screening; a matched
# person stays in their match and staff are told instead (agency dashboard panel).
PULL_BACK_STATUSES = (S.TRAINING, S.READY, S.WAITLISTED)
MAX_CHOICES = 6


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


def _audit(by: Person | None, program: Program, action: str, target: Any, summary: str) -> None:
    audit_record(
        actor=by,
        organization=program.organization,
        action=action,
        target=target,
        summary=summary,
    )


# --- Checklist items (agency admins) ------------------------------------------------------------


def _item_fields(
    *,
    kind: str,
    label: dict[str, str],
    audience: str,
    instructions: dict[str, str] | None,
    required: bool,
    valid_for_days: int | None,
) -> dict[str, Any]:
    """The item's stored fields, checked."""
    if kind not in ScreeningItem.Kind.values:
        raise DomainError(_("Choose the kind of check."), field="kind")
    if audience not in ScreeningItem.Audience.values:
        raise DomainError(_("Choose who the check is for."), field="audience")
    if not translated(label):
        raise DomainError(_("Give the check a name."), field="label")
    if valid_for_days is not None and not 1 <= valid_for_days <= 3650:
        raise DomainError(_("A check is valid for 1 to 3650 days."), field="valid_for_days")
    return {
        "kind": kind,
        "label": label,
        "audience": audience,
        "instructions": instructions or {},
        "required": bool(required),
        "valid_for_days": valid_for_days,
    }


@transaction.atomic
def item_create(
    *,
    program: Program,
    by: Person,
    kind: str,
    label: dict[str, str],
    audience: str,
    instructions: dict[str, str] | None = None,
    required: bool = False,
    valid_for_days: int | None = None,
) -> ScreeningItem:
    fields = _item_fields(
        kind=kind,
        label=label,
        audience=audience,
        instructions=instructions,
        required=required,
        valid_for_days=valid_for_days,
    )
    top = ScreeningItem.objects.filter(program=program).aggregate(top=Max("order"))["top"]
    item = ScreeningItem.objects.create(program=program, order=(top or 0) + 1, **fields)
    _audit(by, program, "screening.item_create", item, item.name)
    return item


@transaction.atomic
def item_update(
    *,
    item: ScreeningItem,
    by: Person,
    kind: str,
    label: dict[str, str],
    audience: str,
    instructions: dict[str, str] | None = None,
    required: bool = False,
    valid_for_days: int | None = None,
) -> ScreeningItem:
    data = _item_fields(
        kind=kind,
        label=label,
        audience=audience,
        instructions=instructions,
        required=required,
        valid_for_days=valid_for_days,
    )
    changes = changed_fields(item, data)
    if not changes:
        return item
    lifts = item.required and bool(REQUIREMENT_FIELDS & changes.keys())
    held_back = enrollments_held_back_by_item(item=item) if lifts else []
    for name, value in data.items():
        setattr(item, name, value)
    item.save()
    audit_record(
        actor=by,
        organization=item.program.organization,
        action="screening.item_update",
        target=item,
        summary=f"{item.name}: {', '.join(sorted(changes))}",
        data={"changes": changes},
    )
    released = [e for e in held_back if not _item_requires(item, e.role)]
    if released:
        reason = (
            gettext_lazy("Screening requirement removed: “%(item)s” is no longer required.")
            if not item.required
            else gettext_lazy(
                "Screening requirement removed: “%(item)s” is no longer part of this role's "
                "checklist."
            )
        )
        _release(released, item=item, reason=reason)
    return item


@transaction.atomic
def item_delete(*, item: ScreeningItem, by: Person) -> None:
    """Only an item with no recorded check can go: checks are part of people's records. The
    people in training it alone held back become ready."""
    recorded = ScreeningCheck.objects.filter(item=item).exclude(status=C.PENDING)
    if recorded.exists():
        raise DomainError(
            _(
                "Checks were already recorded for “%(item)s”, so it cannot be deleted. "
                "Make it not required instead."
            )
            % {"item": item.name}
        )
    held_back = enrollments_held_back_by_item(item=item)
    _audit(by, item.program, "screening.item_delete", item, item.name)
    item.delete()
    _release(
        held_back,
        item=item,
        reason=gettext_lazy(
            "Screening requirement removed: “%(item)s” was deleted from the checklist."
        ),
    )


def _item_requires(item: ScreeningItem, role: str) -> bool:
    return item.required and item.audience in (role, ScreeningItem.Audience.BOTH)


def _release(held_back: list[Enrollment], *, item: ScreeningItem, reason: Promise) -> None:
    """After staff took `item` off the checklist of the people `held_back`, move on those whom
    nothing else blocks, as if their check had passed. `reason` names the item as %(item)s."""
    requirement_lifted(held_back=held_back, reason=reason, names={"item": lambda: item.name})


@transaction.atomic
def item_move(*, item: ScreeningItem, by: Person, direction: str) -> None:
    rows = ScreeningItem.objects.filter(program=item.program)
    if order_move(rows=rows, item=item, direction=direction):
        _audit(by, item.program, "screening.item_move", item, f"{item.name} {direction}")


@transaction.atomic
def items_add_defaults(*, program: Program, by: Person) -> list[ScreeningItem]:
    """The suggested checklist for a program that has none yet."""
    Program.objects.select_for_update().filter(pk=program.pk).first()
    if ScreeningItem.objects.filter(program=program).exists():
        raise DomainError(_("This program already has a checklist."))
    items = [
        ScreeningItem.objects.create(
            program=program,
            kind=entry.kind,
            label=in_every_language(entry.label),
            instructions=in_every_language(entry.instructions),
            audience=entry.audience,
            required=True,
            valid_for_days=entry.valid_for_days,
            order=order,
        )
        for order, entry in enumerate(defaults.CHECKLIST, start=1)
    ]
    _audit(by, program, "screening.items_defaults", program, f"{len(items)} items")
    return items


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
                    _(
                        "A check done on that date has already expired: it is valid for "
                        "%(days)s days. Record a newer one."
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
    _audit(by, locked.program, "screening.approve", locked, locked.person.email)
    enrollment_id = locked.pk
    transaction.on_commit(lambda: _email_decision(enrollment_id=enrollment_id, approved=True))
    return locked


@transaction.atomic
def screening_decline(*, enrollment: Enrollment, by: Person, reason: str) -> Enrollment:
    """Decline with a reason the person sees, in an email in their language."""
    if not reason.strip():
        raise DomainError(_("Give a reason; the person will see it."), field="reason")
    locked = enrollment_set_status(
        enrollment=enrollment, status=S.DECLINED, by=by, reason=reason.strip()
    )
    _audit(by, locked.program, "screening.decline", locked, reason.strip())
    enrollment_id = locked.pk
    transaction.on_commit(lambda: _email_decision(enrollment_id=enrollment_id, approved=False))
    return locked


def _email_decision(*, enrollment_id: int, approved: bool) -> None:
    enrollment = Enrollment.objects.select_related("person", "program__organization").get(
        pk=enrollment_id
    )
    if approved:
        subject = gettext_lazy("You are approved for %(program)s")
        template = "screening/email/approved.txt"
    else:
        subject = gettext_lazy("About your application to %(program)s")
        template = "screening/email/declined.txt"
    with translation.override(enrollment.person.preferred_language or settings.LANGUAGE_CODE):
        subject_text = str(subject) % {"program": enrollment.program.name}
        # What still stands between an approved person and "ready" (training, profile), in
        # their words.
        next_steps = readiness_blockers(enrollment) if approved else []
    email_person(
        person=enrollment.person,
        subject=subject_text,
        template=template,
        context={"enrollment": enrollment, "next_steps": next_steps},
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
        transaction.on_commit(
            lambda: _email_expired(check_id=check_id, back_to_screening=pulled_back)
        )
    return True


def _email_expired(*, check_id: int, back_to_screening: bool) -> None:
    check = ScreeningCheck.objects.select_related(
        "item", "enrollment__person", "enrollment__program__organization"
    ).get(pk=check_id)
    person = check.enrollment.person
    with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
        item_name = check.item.name
        subject = _("Your %(item)s needs renewing") % {"item": item_name}
        expired_on = local_date(cast(datetime, check.expires_at))
    email_person(
        person=person,
        subject=subject,
        template="screening/email/check_expired.txt",
        context={
            "check": check,
            "enrollment": check.enrollment,
            "item_label": check.item.label,
            "expired_on": expired_on,
            "back_to_screening": back_to_screening,
        },
    )


# --- Self-assessment: configuration (agency admins) ---------------------------------------------


@transaction.atomic
def assessment_save(
    *,
    program: Program,
    by: Person,
    threshold: int,
    advice_above: dict[str, str],
    advice_below: dict[str, str],
    intro: dict[str, str] | None = None,
) -> SelfAssessment:
    data = {
        "threshold": threshold,
        "intro": intro or {},
        "advice_above": advice_above,
        "advice_below": advice_below,
    }
    assessment, created = SelfAssessment.objects.get_or_create(program=program, defaults=data)
    changes = {} if created else changed_fields(assessment, data)
    if not created and not changes:
        return assessment
    for name, value in data.items():
        setattr(assessment, name, value)
    assessment.full_clean(exclude=["program"])
    assessment.save()
    audit_record(
        actor=by,
        organization=program.organization,
        action="screening.assessment_save",
        target=assessment,
        summary=program.name,
        data={"changes": changes},
    )
    return assessment


@transaction.atomic
def assessment_add_defaults(*, program: Program, by: Person) -> SelfAssessment:
    """The suggested questionnaire (8 questions) for a program that has no questions yet."""
    Program.objects.select_for_update().filter(pk=program.pk).first()
    assessment, _created = SelfAssessment.objects.get_or_create(
        program=program,
        defaults={
            "threshold": defaults.THRESHOLD,
            "intro": in_every_language(defaults.INTRO),
            "advice_below": in_every_language(defaults.ADVICE_BELOW),
            "advice_above": in_every_language(defaults.ADVICE_ABOVE),
        },
    )
    if assessment.questions.exists():
        raise DomainError(_("This self-assessment already has questions."))
    for order, (question_text, choices) in enumerate(defaults.QUESTIONS, start=1):
        question = SelfAssessmentQuestion.objects.create(
            assessment=assessment, text=in_every_language(question_text), order=order
        )
        SelfAssessmentChoice.objects.bulk_create(
            SelfAssessmentChoice(
                question=question, text=in_every_language(text), points=points, order=index
            )
            for index, (text, points) in enumerate(choices, start=1)
        )
    _audit(by, program, "screening.assessment_defaults", assessment, program.name)
    return assessment


@transaction.atomic
def question_save(
    *,
    assessment: SelfAssessment,
    by: Person,
    text: dict[str, str],
    choices: list[tuple[dict[str, str], int]],
    question: SelfAssessmentQuestion | None = None,
) -> SelfAssessmentQuestion:
    """Create or replace a question with its answers (earlier results keep their copy)."""
    if not text:
        raise DomainError(_("Write the question."), field="text")
    if len(choices) < 2:
        raise DomainError(_("Give at least two answers to choose from."), field="choices")
    if len(choices) > MAX_CHOICES:
        raise DomainError(
            _("Give at most %(count)s answers.") % {"count": MAX_CHOICES}, field="choices"
        )
    if any(not 0 <= points <= 10 for _text, points in choices):
        raise DomainError(_("Points go from 0 to 10."), field="choices")
    if max(points for _text, points in choices) == 0:
        raise DomainError(_("At least one answer must be worth some points."), field="choices")
    if question is None:
        top = assessment.questions.aggregate(top=Max("order"))["top"]
        question = SelfAssessmentQuestion.objects.create(
            assessment=assessment, text=text, order=(top or 0) + 1
        )
        action = "screening.question_create"
    else:
        question.text = text
        question.save(update_fields=["text"])
        question.choices.all().delete()
        action = "screening.question_update"
    SelfAssessmentChoice.objects.bulk_create(
        SelfAssessmentChoice(question=question, text=choice, points=points, order=index)
        for index, (choice, points) in enumerate(choices, start=1)
    )
    _audit(by, assessment.program, action, question, translated(text)[:200])
    return question


@transaction.atomic
def question_delete(*, question: SelfAssessmentQuestion, by: Person) -> None:
    _audit(
        by, question.assessment.program, "screening.question_delete", question, str(question)[:200]
    )
    question.delete()


@transaction.atomic
def question_move(*, question: SelfAssessmentQuestion, by: Person, direction: str) -> None:
    rows = SelfAssessmentQuestion.objects.filter(assessment=question.assessment)
    if order_move(rows=rows, item=question, direction=direction):
        _audit(
            by,
            question.assessment.program,
            "screening.question_move",
            question,
            f"{str(question)[:100]} {direction}",
        )


# --- Self-assessment: a mentor takes it ---------------------------------------------------------


@transaction.atomic
def assessment_submit(*, enrollment: Enrollment, answers: dict[int, int]) -> SelfAssessmentResult:
    """Score a mentor's answers (question id → answer id) from 0 to 100 and keep a copy."""
    if enrollment.role != Enrollment.Role.MENTOR:
        raise DomainError(_("The self-assessment is for mentors."))
    if enrollment.status not in ACTIVE_STATUSES:
        raise DomainError(_("This enrollment is closed."))
    assessment = assessment_for_program(program=enrollment.program)
    if assessment is None or not assessment_is_open(assessment):
        raise DomainError(_("This program has no self-assessment."))
    score, copied = assessment_score(assessment=assessment, answers=answers)
    return SelfAssessmentResult.objects.create(
        enrollment=enrollment,
        assessment=assessment,
        score=score,
        threshold=assessment.threshold,
        answers=copied,
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
