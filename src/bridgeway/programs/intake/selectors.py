"""Reads for intake and referrals, each scoped to the acting person."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bridgeway.core.access import staff_organizations
from bridgeway.core.kept_queries import KeptObjects
from bridgeway.programs.intake.consent_seed import VERSION_1_TEXT
from bridgeway.programs.intake.fit import Answers, Fit, programs_that_fit
from bridgeway.programs.intake.models import ConsentText, IntakeSubmission, Referral
from bridgeway.programs.models import Enrollment, Program
from bridgeway.programs.selectors import program_list_public

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Organization

# The receiving agency sees a referral only from the moment the person agreed.
VISIBLE_TO_RECEIVER = (Referral.Status.CONSENTED, Referral.Status.ACCEPTED)


def consent_text_current() -> ConsentText | None:
    """The newest published consent text; None only while a newer one is scheduled and no
    earlier one is published. A database with no consent text at all gets version 1."""
    if not ConsentText.objects.exists():
        ConsentText.objects.get_or_create(
            version=1, defaults={"text": VERSION_1_TEXT, "published_at": timezone.now()}
        )
    return (
        ConsentText.objects.filter(published_at__isnull=False, published_at__lte=timezone.now())
        .order_by("-version")
        .first()
    )


def intake_suggestions(*, answers: Answers, today: date | None = None) -> list[Fit]:
    """Every listed program of the network that fits, best first, with its reasons."""
    programs = program_list_public()
    return programs_that_fit(
        answers,
        ((program, program.organization.city) for program in programs),
        today=today or timezone.localdate(),
    )


def submission_get_for_person(*, person: Person, token: str) -> IntakeSubmission:
    submission = IntakeSubmission.objects.filter(token=token, person=person).first()
    if submission is None:
        raise Http404
    return submission


def submission_enrollments(*, submission: IntakeSubmission) -> list[Enrollment]:
    """The enrollments an applied intake stands for: its person's, in its programs and role."""
    return list(
        Enrollment.objects.filter(
            person_id=submission.person_id,
            program_id__in=submission.program_ids,
            role=submission.role,
        ).order_by("pk")
    )


def submission_latest_applied(*, person: Person) -> IntakeSubmission | None:
    return (
        IntakeSubmission.objects.filter(person=person, status=IntakeSubmission.Status.APPLIED)
        .order_by("-created_at", "-id")
        .first()
    )


def referral_get_for_person(*, person: Person, token: str) -> Referral:
    """A referral addressed to this person; the same 404 for a wrong or unknown link."""
    referral = (
        Referral.objects.select_related(
            "to_program__organization", "from_enrollment__program__organization"
        )
        .filter(token=token, from_enrollment__person=person)
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def referral_list_open_for_enrollment(*, enrollment: Enrollment) -> QuerySet[Referral]:
    return Referral.objects.filter(
        from_enrollment=enrollment,
        status=Referral.Status.PENDING,
        expires_at__gt=timezone.now(),
    ).select_related("to_program__organization")


def _pending_from_person(person_id: int) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(
            from_enrollment__person_id=person_id, status=Referral.Status.PENDING
        )
        .select_related("to_program__organization")
        .order_by("created_at", "pk")
    )


_kept_pending = KeptObjects(_pending_from_person, int)


def referral_list_open_for_person(*, person: Person) -> list[Referral]:
    """The referrals waiting for the person's answer, from any of their enrollments, oldest
    first: `referral_list_open_for_enrollment` of each, in one query whose SQL is compiled
    once per process (the dashboard asks it on every visit). The expired are left out here,
    so the SQL is the same at every moment."""
    now = timezone.now()
    return [referral for referral in _kept_pending.list(person.pk) if referral.expires_at > now]


def referral_list_incoming(*, organization: Organization, status: str = "") -> QuerySet[Referral]:
    """Referrals the person agreed to, to this agency's programs. Never a pending one."""
    referrals = Referral.objects.filter(
        to_program__organization=organization, status__in=VISIBLE_TO_RECEIVER
    )
    if status:
        referrals = referrals.filter(status=status)
    return referrals.select_related(
        "to_program", "from_enrollment__program__organization"
    ).order_by("-answered_at", "-id")


def referral_list_outgoing(*, organization: Organization) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(from_enrollment__program__organization=organization)
        .select_related("to_program__organization", "from_enrollment__person")
        .order_by("-created_at", "-id")
    )


def referral_get_for_staff(*, person: Person, referral_id: int) -> Referral:
    """A referral the person's agencies sent, or received once the person agreed. Anything
    else, including another agency's referral, is the same 404 as a missing one."""
    organizations = staff_organizations(person)
    referral = (
        Referral.objects.filter(
            Q(from_enrollment__program__organization__in=organizations)
            | Q(to_program__organization__in=organizations, status__in=VISIBLE_TO_RECEIVER)
        )
        .select_related(
            "to_program__organization",
            "from_enrollment__program__organization",
            "from_enrollment__person",
            "referred_by",
            "accepted_by",
        )
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def referral_target_programs(*, enrollment: Enrollment) -> QuerySet[Program]:
    """Listed programs of every other agency of the network: where a person can be referred."""
    return (
        program_list_public()
        .filter(organization__network_id=enrollment.program.organization.network_id)
        .exclude(organization_id=enrollment.program.organization_id)
        .order_by("organization__name", "name", "pk")
    )
