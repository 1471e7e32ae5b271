""" "Each one, reach one": mentors and alumni invite colleagues with a personal link.

A person who mentors in a program (a mentor enrollment not withdrawn or declined), or who is
one of its alumni, has one stable, unguessable link per program; they can replace it, which
ends the old one. Anyone else — and any link replaced, unknown, for a program no longer listed,
or of a person who is no longer a mentor or alumnus there — gets the same 404. An application
made after opening the link is counted once per applicant and program for the person who shared
it, whichever door the application came through: the program's page, the "no wrong door"
intake at /start/ (the link is remembered for the visit, or given as `?via=<code>`, and kept on
an intake that waits for its owner to sign in), or the API (the link's code with the
application). Staff see the counts per referrer; the person who shared the link sees how many
colleagues applied, never who."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.core.services import audit_record
from bridgeway.programs.models import (
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Program,
    Referral,
    ReferralLink,
)
from bridgeway.programs.reach import GONE
from bridgeway.programs.selectors import program_list_public

# Where an opened link is remembered until the person applies (program id → token).
SESSION_KEY = "bridgeway_referral_links"


def _inviting_enrollments(person: Person) -> QuerySet[Enrollment]:
    """The person's enrollments that let them invite colleagues: mentor or alumni."""
    return (
        Enrollment.objects.filter(person=person, program__organization__is_active=True)
        .filter(Q(role=EnrollmentRole.MENTOR) | Q(status=EnrollmentStatus.ALUMNI))
        .exclude(status__in=GONE)
    )


def programs_to_invite_to(*, person: Person) -> QuerySet[Program]:
    """Programs the person may invite colleagues to (for the dashboard)."""
    return Program.objects.filter(
        pk__in=_inviting_enrollments(person).values("program_id")
    ).select_related("organization")


def _program_for_inviter(person: Person, program_id: int) -> Program:
    program = programs_to_invite_to(person=person).filter(pk=program_id).first()
    if program is None:
        raise Http404
    return program


def referral_link_for(*, person: Person, program_id: int) -> ReferralLink:
    """The person's current link to the program, made the first time they ask; 404 for anyone
    who is not one of its mentors or alumni."""
    program = _program_for_inviter(person, program_id)
    link = ReferralLink.objects.filter(program=program, person=person, replaced_at=None).first()
    if link is not None:
        return link
    try:
        with transaction.atomic():
            return ReferralLink.objects.create(program=program, person=person)
    except IntegrityError:  # made at the same moment in another tab
        return ReferralLink.objects.get(program=program, person=person, replaced_at=None)


def referral_links_of(*, person: Person) -> list[tuple[Program, ReferralLink | None]]:
    """Each program the person may invite colleagues to, with their current link to it (None
    until they first ask for it)."""
    programs = list(programs_to_invite_to(person=person).order_by("name", "pk"))
    current = {
        link.program_id: link
        for link in ReferralLink.objects.filter(
            person=person, replaced_at=None, program__in=programs
        )
    }
    return [(program, current.get(program.pk)) for program in programs]


@transaction.atomic
def referral_link_replace(*, person: Person, program_id: int) -> ReferralLink:
    """End the person's current link and give them a new one; the old one answers 404 from
    now on. Applications already counted stay counted."""
    program = _program_for_inviter(person, program_id)
    ReferralLink.objects.select_for_update().filter(
        program=program, person=person, replaced_at=None
    ).update(replaced_at=timezone.now())
    link = ReferralLink.objects.create(program=program, person=person)
    audit_record(
        actor=person,
        organization=program.organization,
        action="programs.referral_link_replace",
        target=link,
        summary=program.name,
    )
    return link


def referral_link_open(*, token: str) -> ReferralLink:
    """The link behind a token, for anyone: 404 unless it is current, its program is listed and
    the person who shared it still mentors in it or is one of its alumni."""
    link = (
        ReferralLink.objects.select_related("person", "program__organization")
        .filter(token=token, replaced_at=None, program__in=program_list_public())
        .first()
    )
    if link is None or not _inviting_enrollments(link.person).filter(program=link.program).exists():
        raise Http404
    return link


def first_name(person: Person) -> str:
    """Only the first word of the name a person chose; empty when they chose none (their email
    is never shown)."""
    parts = (person.display_name or "").split()
    return parts[0] if parts else ""


def code_of(value: str) -> str:
    """The code of a colleague's link, given the code itself or the whole link
    (`https://…/join/<code>/`)."""
    value = value.strip()
    if "/join/" in value:
        value = value.split("/join/", 1)[1]
    return value.split("?", 1)[0].split("#", 1)[0].strip("/")


def referral_record(*, enrollment: Enrollment, token: str) -> Referral | None:
    """Count the application as referred by the link's owner: once per applicant and program,
    never for one's own link. None when nothing was counted."""
    try:
        link = referral_link_open(token=token)
    except Http404:
        return None
    return _credit(enrollment, link)


def referrals_record(*, enrollments: Iterable[Enrollment], tokens: Iterable[str]) -> int:
    """Credit each new application whose program one of the links is for (an intake applies
    to several programs at once; each link is for one). Links no longer valid count nothing.
    How many applications were credited."""
    links = []
    for token in dict.fromkeys(t for t in tokens if t):
        try:
            links.append(referral_link_open(token=token))
        except Http404:
            continue
    credited = 0
    for enrollment in enrollments:
        for link in links:
            if link.program_id == enrollment.program_id and _credit(enrollment, link):
                credited += 1
    return credited


def _credit(enrollment: Enrollment, link: ReferralLink) -> Referral | None:
    if link.program_id != enrollment.program_id or link.person_id == enrollment.person_id:
        return None
    try:
        with transaction.atomic():
            referral, created = Referral.objects.get_or_create(
                program=enrollment.program,
                applicant=enrollment.person,
                defaults={"link": link, "referrer": link.person, "enrollment": enrollment},
            )
    except IntegrityError:  # the same person applying in two tabs at once
        return None
    return referral if created else None


@dataclass(frozen=True)
class ReferrerCount:
    person: Person
    applications: int


@dataclass(frozen=True)
class ReferralSummary:
    total: int
    referrers: list[ReferrerCount]


def referral_summary(*, program: Program, limit: int = 10) -> ReferralSummary:
    """How many people applied through colleagues' links, and who referred the most."""
    rows = list(
        Referral.objects.filter(program=program)
        .values("referrer")
        .annotate(applications=Count("pk"))
        .order_by("-applications", "referrer")
    )
    people = Person.objects.in_bulk([row["referrer"] for row in rows[:limit]])
    return ReferralSummary(
        total=sum(row["applications"] for row in rows),
        referrers=[
            ReferrerCount(person=people[row["referrer"]], applications=row["applications"])
            for row in rows[:limit]
        ],
    )


def referral_counts(*, person: Person) -> dict[int, int]:
    """How many colleagues applied through the person's links, by program id (links they
    replaced since included)."""
    rows = (
        Referral.objects.filter(referrer=person)
        .values("program")
        .annotate(applications=Count("pk"))
        .order_by()
    )
    return {row["program"]: row["applications"] for row in rows}


def referral_link_remember(*, request: HttpRequest, link: ReferralLink) -> None:
    """Keep the opened link for this visit, so an application after signing in still counts."""
    remembered = dict(request.session.get(SESSION_KEY, {}))
    remembered[str(link.program_id)] = link.token
    request.session[SESSION_KEY] = remembered


def referral_link_remembered(*, request: HttpRequest, program: Program) -> ReferralLink | None:
    """The colleague's link opened earlier in this visit for the program, if still valid."""
    token = request.session.get(SESSION_KEY, {}).get(str(program.pk))
    if not token:
        return None
    try:
        link = referral_link_open(token=token)
    except Http404:
        return None
    return link if link.program_id == program.pk else None


def referral_tokens_remembered(*, request: HttpRequest) -> list[str]:
    """Every colleague's link opened earlier in this visit (one per program), for an intake
    that may apply to several programs; they are checked when the application is made."""
    return [str(token) for token in request.session.get(SESSION_KEY, {}).values()]


def programs_invited_to(*, request: HttpRequest) -> dict[int, str]:
    """Programs a colleague's link opened in this visit is for, with the colleague's first
    name (empty when they chose none), for the intake to point them out."""
    remembered = request.session.get(SESSION_KEY, {})
    invited = {}
    for token in remembered.values():
        try:
            link = referral_link_open(token=str(token))
        except Http404:
            continue
        invited[link.program_id] = first_name(link.person)
    return invited
