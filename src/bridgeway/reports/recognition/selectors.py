"""Reads for recognition, scoped to the acting person: a certificate's holder, the staff of its
program's agency, or — for the public verification page — whoever has its code."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import ngettext

from bridgeway.accounts.models import Person
from bridgeway.core.access import staff_organizations
from bridgeway.core.dashboard import TodoItem
from bridgeway.core.kept_queries import KeptObjects
from bridgeway.core.models import Organization
from bridgeway.programs.models import Enrollment, EnrollmentRole, Program
from bridgeway.reports.recognition.hours import Milestone, Standing, milestones, standings
from bridgeway.reports.recognition.models import CODE_LENGTH, Certificate, LetterRequest


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate with this code, or None. One indexed lookup whatever the code, so a
    known code and an unknown one take the same path."""
    if len(code) != CODE_LENGTH:
        code = "-" * CODE_LENGTH  # no certificate has it; the same query is still made
    return Certificate.objects.filter(code=code).first()


def certificates_of(person: Person) -> QuerySet[Certificate]:
    return Certificate.objects.filter(enrollment__person=person).order_by("-issued_at", "-pk")


def certificate_get_for_holder(*, person: Person, certificate_id: int) -> Certificate:
    return get_object_or_404(certificates_of(person), pk=certificate_id)


def certificate_get_for_staff(*, person: Person, certificate_id: int) -> Certificate:
    """The same 404 for a certificate that does not exist and another agency's."""
    return get_object_or_404(
        Certificate.objects.filter(
            program__organization__in=staff_organizations(person)
        ).select_related("program__organization", "enrollment__person"),
        pk=certificate_id,
    )


def letter_request_get_for_staff(*, person: Person, request_id: int) -> LetterRequest:
    return get_object_or_404(
        LetterRequest.objects.filter(
            enrollment__program__organization__in=staff_organizations(person)
        ).select_related("enrollment__program", "enrollment__person"),
        pk=request_id,
    )


def own_mentor_enrollments(person: Person) -> QuerySet[Enrollment]:
    return (
        Enrollment.objects.filter(person=person, role=EnrollmentRole.MENTOR)
        .select_related("program__organization")
        .order_by("program__name")
    )


@dataclass
class Participant:
    enrollment: Enrollment
    standing: Standing
    certificate: Certificate | None = None
    revoked: list[Certificate] = field(default_factory=list)


def program_participants(program: Program) -> list[Participant]:
    """Everyone who completed a mentorship in the program, mentors first, with their hours and
    their certificate (and any revoked before it). A fixed number of queries."""
    enrollments = Enrollment.objects.filter(program=program)
    found = standings(enrollments)
    finished = [pk for pk, standing in found.items() if standing.finished]
    rows = {
        e.pk: Participant(e, found[e.pk])
        for e in enrollments.filter(pk__in=finished).select_related("person")
    }
    for certificate in Certificate.objects.filter(
        enrollment_id__in=rows, kind=Certificate.Kind.PARTICIPATION
    ).order_by("issued_at"):
        row = rows[certificate.enrollment_id]
        if certificate.revoked_at is None:
            row.certificate = certificate
        else:
            row.revoked.append(certificate)
    return sorted(
        rows.values(),
        key=lambda r: (r.enrollment.role != "mentor", r.enrollment.person.name.casefold()),
    )


def program_letters(program: Program) -> QuerySet[LetterRequest]:
    return (
        LetterRequest.objects.filter(enrollment__program=program)
        .select_related("enrollment__person", "certificate")
        .order_by("status", "-consent_at")
    )


def last_title(person: Person) -> str:
    """The title this staff member signed with last time, to fill the form again."""
    return (
        Certificate.objects.filter(signed_by=person)
        .order_by("-issued_at")
        .values_list("signer_title", flat=True)
        .first()
        or ""
    )


@dataclass
class MentorHours:
    enrollment: Enrollment
    standing: Standing
    pending_letter: LetterRequest | None


@dataclass
class MyRecognition:
    programs: list[MentorHours]
    minutes: int
    completed: int
    milestones: list[Milestone]
    certificates: list[Certificate]
    requests: list[LetterRequest]

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


def my_recognition(person: Person) -> MyRecognition:
    mentor = list(own_mentor_enrollments(person))
    found = standings(Enrollment.objects.filter(pk__in=[e.pk for e in mentor]))
    requests = list(
        LetterRequest.objects.filter(enrollment__person=person)
        .select_related("enrollment__program", "certificate")
        .order_by("-consent_at")
    )
    pending = {r.enrollment_id: r for r in requests if r.status == LetterRequest.Status.PENDING}
    minutes = sum(s.minutes for s in found.values())
    completed = sum(s.completed for s in found.values())
    return MyRecognition(
        programs=[MentorHours(e, found[e.pk], pending.get(e.pk)) for e in mentor],
        minutes=minutes,
        completed=completed,
        milestones=milestones(minutes=minutes, completed=completed) if mentor else [],
        certificates=list(certificates_of(person).select_related("program")),
        requests=requests,
    )


def _programs_with_letters_asked(organization_id: int) -> QuerySet[Program]:
    """The agency's programs with mentors' requests for a letter waiting, each with how many
    (`letters`), in the order of their ids."""
    waiting = (
        LetterRequest.objects.filter(
            status=LetterRequest.Status.PENDING, enrollment__program=OuterRef("pk")
        )
        .order_by()
        .values("enrollment__program")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Program.objects.filter(organization_id=organization_id)
        .annotate(letters=Subquery(waiting))
        .filter(letters__gt=0)
        .order_by("pk")
    )


# Compiled once per process, run with the agency's id (the coordinators' dashboard).
_kept_programs_with_letters_asked = KeptObjects(_programs_with_letters_asked, int)


def todo(*, organization: Organization) -> list[TodoItem]:
    """Mentors' requests for a letter to their employer, per program (one query)."""
    return [
        TodoItem(
            program.letters,
            ngettext(
                "%(count)d mentor asks for a letter to their employer",
                "%(count)d mentors ask for a letter to their employer",
                program.letters,
            )
            % {"count": program.letters},
            reverse("reports:recognition_program", args=[program.pk]),
            program=program,
        )
        for program in _kept_programs_with_letters_asked.list(organization.pk)
    ]
