"""Reads of circles. Every way from an id to a circle goes through the circles a participant
may see or those a staff member manages: the same 404 for what does not exist and what is not
theirs.

A participant sees the active circles of their programs and agencies (with a reason when they
cannot join one), and the circles they are in. Staff of an agency manage its circles and its
programs' circles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bridgeway.community.circles.models import Circle, CircleMember
from bridgeway.community.circles.rules import (
    ACCEPTED,
    Place,
    accepted_enrollments,
    completed_mentorships,
    join_refusal,
    places_of,
    standing_memberships,
)
from bridgeway.community.sessions.models import Session
from bridgeway.core.access import staff_organizations
from bridgeway.core.kept_queries import KeptObjects
from bridgeway.programs.models import Enrollment, EnrollmentRole, Program
from bridgeway.programs.questionnaires.models import QuestionKind
from bridgeway.programs.questionnaires.selectors import answers_of_kinds
from bridgeway.programs.reach import participant_enrollments

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Organization

Status = CircleMember.Status
Role = CircleMember.Role


def circles_loaded(circles: QuerySet[Circle]) -> QuerySet[Circle]:
    """With their scope, their leader (`leaders`, a list of one) and their counts."""
    return (
        circles.select_related("organization__network", "program", "space")
        .annotate(
            member_total=Count(
                "members", filter=Q(members__role=Role.MEMBER, members__status=Status.ACTIVE)
            ),
            request_total=Count("members", filter=Q(members__status=Status.REQUESTED)),
        )
        .prefetch_related(
            Prefetch(
                "members",
                queryset=CircleMember.objects.filter(
                    role=Role.LEADER, status=Status.ACTIVE
                ).select_related("person"),
                to_attr="leaders",
            )
        )
    )


def circles_visible(*, person: Person) -> QuerySet[Circle]:
    """Active circles of the person's programs and agencies (any role: the list says why one
    is not for them), and the circles they are in."""
    if not person.is_authenticated:
        return Circle.objects.none()
    enrollments = participant_enrollments(person)
    in_scope = Q(status=Circle.Status.ACTIVE) & (
        Q(program__isnull=True, organization_id__in=enrollments.values("program__organization_id"))
        | Q(program_id__in=enrollments.values("program_id"))
    )
    return Circle.objects.filter(
        in_scope | Q(pk__in=standing_memberships(person).values("circle_id"))
    )


def circles_managed(*, person: Person) -> QuerySet[Circle]:
    if not person.is_authenticated:
        return Circle.objects.none()
    return Circle.objects.filter(organization__in=staff_organizations(person))


def may_manage(*, person: Person, circle: Circle) -> bool:
    return circles_managed(person=person).filter(pk=circle.pk).exists()


def circle_get_for_person(*, person: Person, circle_id: int) -> Circle:
    """A circle the person sees as a participant, or manages."""
    if not person.is_authenticated:
        raise Http404
    ids = circles_visible(person=person).values("pk")
    managed = circles_managed(person=person).values("pk")
    found = circles_loaded(Circle.objects.filter(Q(pk__in=ids) | Q(pk__in=managed))).filter(
        pk=circle_id
    )
    circle = found.first()
    if circle is None:
        raise Http404
    return circle


def circle_get_for_manager(*, person: Person, circle_id: int) -> Circle:
    circle = circles_loaded(circles_managed(person=person)).filter(pk=circle_id).first()
    if circle is None:
        raise Http404
    return circle


def leader_of(circle: Circle) -> CircleMember | None:
    leaders = getattr(circle, "leaders", None)
    if leaders is not None:
        return leaders[0] if leaders else None
    return (
        CircleMember.objects.filter(circle=circle, role=Role.LEADER, status=Status.ACTIVE)
        .select_related("person")
        .first()
    )


def membership_of(*, person: Person, circle: Circle) -> CircleMember | None:
    if not person.is_authenticated:
        return None
    return CircleMember.objects.filter(circle=circle, person=person).first()


def is_standing_member(*, person: Person, circle: Circle) -> bool:
    return standing_memberships(person).filter(circle=circle).exists()


def is_leading(*, person: Person, circle: Circle) -> bool:
    """The person leads the circle now (and is still a participant of its scope)."""
    return standing_memberships(person).filter(circle=circle, role=Role.LEADER).exists()


def members_of(*, circle: Circle) -> QuerySet[CircleMember]:
    """The members in order: the leader first, then by the date they joined."""
    return CircleMember.objects.filter(circle=circle, status=Status.ACTIVE).select_related("person")


def requests_of(*, circle: Circle) -> QuerySet[CircleMember]:
    return (
        CircleMember.objects.filter(circle=circle, status=Status.REQUESTED)
        .select_related("person")
        .order_by("asked_at", "pk")
    )


def invitations_of(*, circle: Circle) -> QuerySet[CircleMember]:
    return (
        CircleMember.objects.filter(circle=circle, status=Status.INVITED)
        .select_related("person")
        .order_by("asked_at", "pk")
    )


def member_get(*, circle: Circle, member_id: int) -> CircleMember:
    found = CircleMember.objects.select_related("person").filter(pk=member_id, circle=circle)
    member = found.first()
    if member is None:
        raise Http404
    return member


def coming_sessions(*, circle: Circle, now: datetime | None = None) -> QuerySet[Session]:
    now = now or timezone.now()
    return Session.objects.filter(
        circle=circle, status=Session.Status.SCHEDULED, ends_at__gt=now
    ).order_by("starts_at", "pk")


def session_of_circle(*, circle: Circle, session_id: int) -> Session:
    session = Session.objects.filter(pk=session_id, circle=circle).first()
    if session is None:
        raise Http404
    return session


@dataclass
class Card:
    """A circle as the participants' list shows it to one person."""

    circle: Circle
    membership: CircleMember | None
    refusal: str

    @property
    def status(self) -> str:
        return self.membership.status if self.membership is not None else ""

    @property
    def is_mine(self) -> bool:
        return self.status in (Status.ACTIVE, Status.REQUESTED, Status.INVITED)


def cards_for(
    *, person: Person, circles: list[Circle], places: list[Place] | None = None
) -> list[Card]:
    """Each circle with the person's place in it and why they cannot join: two queries."""
    places = places_of(person) if places is None else places
    rows = CircleMember.objects.filter(person=person, circle__in=[c.pk for c in circles])
    memberships = {row.circle_id: row for row in rows}
    cards = []
    for circle in circles:
        membership = memberships.get(circle.pk)
        refusal = join_refusal(
            circle=circle,
            places=places,
            membership=membership,
            members=circle.member_total,  # type: ignore[attr-defined]
        )
        cards.append(Card(circle=circle, membership=membership, refusal=refusal))
    return cards


MINE = (Status.ACTIVE, Status.REQUESTED, Status.INVITED)


def circles_for_list(*, person: Person, show: str = "") -> QuerySet[Circle]:
    """The circles the person sees, by name; `show`: "mine" (they are in, asked to join or
    are invited to), "joinable" (the other active ones), or all."""
    circles = circles_visible(person=person)
    mine = CircleMember.objects.filter(person=person, status__in=MINE).values("circle_id")
    if show == "mine":
        circles = circles.filter(pk__in=mine)
    elif show == "joinable":
        circles = circles.filter(status=Circle.Status.ACTIVE).exclude(pk__in=mine)
    return circles_loaded(circles).order_by("name", "pk")


def person_sector(*, person: Person) -> str:
    """The person's occupation group (a NOC 2021 broad category) from their profile, or ""."""
    if not person.is_authenticated:
        return ""
    answers = answers_of_kinds(
        enrollments=participant_enrollments(person),
        kinds=[QuestionKind.OCCUPATION, QuestionKind.NOC_CODE],
    )
    for _kind, value in answers:
        if isinstance(value, str) and value[:1].isdigit():
            return value[:1]
    return ""


def circles_of_agency(*, organization: Organization) -> QuerySet[Circle]:
    return circles_loaded(Circle.objects.filter(organization=organization)).order_by(
        "status", "name", "pk"
    )


def programs_of_agency(*, organization: Organization) -> list[Program]:
    return list(Program.objects.filter(organization=organization).order_by("name", "pk"))


@dataclass(frozen=True)
class MentorChoice:
    person_id: int
    name: str
    programs: str
    completed: int


def mentor_choices(*, organization: Organization) -> list[MentorChoice]:
    """The agency's accepted mentors, each once, with their programs and how many mentorships
    they completed in the agency (seasoned ones first): three queries."""
    rows = (
        Enrollment.objects.filter(
            program__organization=organization,
            program__organization__is_active=True,
            role=EnrollmentRole.MENTOR,
            status__in=ACCEPTED,
            person__is_active=True,
        )
        .order_by("person__display_name", "person_id", "program__name")
        .values_list("person_id", "person__display_name", "program__name")
    )
    people: dict[int, tuple[str, list[str]]] = {}
    for person_id, name, program in rows:
        people.setdefault(person_id, (name, []))[1].append(program)
    done = completed_mentorships(organization_id=organization.pk, person_ids=list(people))
    choices = [
        MentorChoice(pk, name, ", ".join(programs), done.get(pk, 0))
        for pk, (name, programs) in people.items()
    ]
    return sorted(choices, key=lambda c: (c.completed == 0, c.name.casefold(), c.person_id))


def mentor_get(*, organization: Organization, person_id: int) -> Person | None:
    """One of the agency's accepted mentors, or None (the service checks the circle's scope)."""
    found = (
        Enrollment.objects.filter(
            program__organization=organization,
            role=EnrollmentRole.MENTOR,
            status__in=ACCEPTED,
            person_id=person_id,
            person__is_active=True,
        )
        .select_related("person")
        .first()
    )
    return found.person if found is not None else None


def leader_candidate(*, circle: Circle, person_id: int) -> Person | None:
    """An accepted mentor of the circle's scope with this id, or None."""
    found = (
        accepted_enrollments(circle, EnrollmentRole.MENTOR)
        .filter(person_id=person_id, person__is_active=True)
        .select_related("person")
        .first()
    )
    return found.person if found is not None else None


def person_by_email(*, circle: Circle, email: str) -> Person | None:
    """A participant of the circle's scope with this address (staff inviting someone), or
    None: staff may look their own participants up, nobody else."""
    found = (
        Enrollment.objects.filter(
            pk__in=accepted_enrollments(circle, circle.member_role).values("pk"),
            person__email__iexact=email.strip(),
        )
        .select_related("person")
        .first()
    )
    return found.person if found is not None else None


# Asked on every page of a space: compiled once per process (core/kept_queries.py).
_circle_of_space = KeptObjects(
    lambda space_id: Circle.objects.filter(space_id=space_id).order_by("pk")[:1], int
)


def circle_of_space(*, space_id: int) -> Circle | None:
    return _circle_of_space.first(int(space_id))


def memberships_for_staff(*, circle: Circle) -> QuerySet[CircleMember]:
    """Everyone with a place in the circle, asking or invited: the leader first."""
    return (
        CircleMember.objects.filter(
            circle=circle, status__in=[Status.ACTIVE, Status.REQUESTED, Status.INVITED]
        )
        .select_related("person")
        .order_by("status", "role", "asked_at", "pk")
    )


def scope_for_staff(*, person: Person, value: str) -> tuple[Organization, Program | None] | None:
    """ "agency:<id>" or "program:<id>" of an agency the person is staff of; None otherwise
    (the same for one that does not exist)."""
    level, _sep, raw = value.partition(":")
    if not raw.isdigit() or len(raw) > 18:
        return None
    agencies = staff_organizations(person)
    if level == "agency":
        agency = agencies.filter(pk=int(raw)).first()
        return (agency, None) if agency is not None else None
    if level == "program":
        program = (
            Program.objects.select_related("organization")
            .filter(pk=int(raw), organization__in=agencies)
            .first()
        )
        return (program.organization, program) if program is not None else None
    return None
