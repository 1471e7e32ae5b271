"""Who may be in a circle, who may lead it, and why someone cannot join.

- **Members** of a mentors' circle are mentors, of a mentees' circle mentees, of its program (or
  of any program of its agency) whose application was accepted: an enrollment in that role from
  training on (training, ready, waiting list, matched, closed, alumni). People who applied or
  are in screening join once accepted; withdrawn and declined enrollments count for nothing.
- **The leader** is a mentor of the circle's scope, accepted the same way. A mentors' circle is
  led by a *seasoned* mentor: one with at least one completed mentorship in the agency (a pair or
  a group that closed at its planned end or with its goals met) — or one a staff member vouches
  for, which the circle keeps (`leader_vouched_by`) and the audit log records.
- **Standing.** A member keeps the circle's space and sessions while they are still a
  participant of its scope (an enrollment there that is not withdrawn or declined); withdrawing
  from the program takes them away at once, as it does the other spaces.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from bridgeway.community.circles.models import Circle, CircleKind, CircleMember
from bridgeway.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus
from bridgeway.programs.reach import participant_enrollments
from bridgeway.relationships.groups.models import GroupMember, MentoringGroup
from bridgeway.relationships.models import CloseReason, Relationship

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

S = EnrollmentStatus
ACCEPTED = (S.TRAINING, S.READY, S.WAITLISTED, S.MATCHED, S.CLOSED, S.ALUMNI)
COMPLETED = (CloseReason.COMPLETED, CloseReason.GOALS_MET)
Member = CircleMember


def scope_enrollments(circle: Circle) -> QuerySet[Enrollment]:
    """The enrollments of the circle's program, or of every program of its agency."""
    enrollments = Enrollment.objects.filter(program__organization__is_active=True)
    if circle.program_id is not None:
        return enrollments.filter(program_id=circle.program_id)
    return enrollments.filter(program__organization_id=circle.organization_id)


def accepted_enrollments(circle: Circle, role: str) -> QuerySet[Enrollment]:
    return scope_enrollments(circle).filter(role=role, status__in=ACCEPTED)


def may_be_member(person: Person, circle: Circle) -> bool:
    return accepted_enrollments(circle, circle.member_role).filter(person=person).exists()


def may_lead(person: Person, circle: Circle) -> bool:
    return accepted_enrollments(circle, EnrollmentRole.MENTOR).filter(person=person).exists()


def completed_mentorships(*, organization_id: int, person_ids: list[int]) -> dict[int, int]:
    """How many mentorships each of these mentors completed in the agency: pairs and groups
    closed at their planned end or with their goals met (a mentor who left a group before it
    closed does not count it). Two queries."""
    pairs = (
        Relationship.objects.filter(
            status=Relationship.Status.CLOSED,
            close_reason__in=COMPLETED,
            program__organization_id=organization_id,
            mentor__person_id__in=person_ids,
        )
        .values("mentor__person_id")
        .annotate(n=Count("pk"))
    )
    groups = (
        GroupMember.objects.filter(
            role=EnrollmentRole.MENTOR,
            left_at__isnull=True,
            group__status=MentoringGroup.Status.CLOSED,
            group__close_reason__in=COMPLETED,
            group__program__organization_id=organization_id,
            enrollment__person_id__in=person_ids,
        )
        .values("enrollment__person_id")
        .annotate(n=Count("pk"))
    )
    done: dict[int, int] = {}
    for row in pairs:
        done[row["mentor__person_id"]] = done.get(row["mentor__person_id"], 0) + row["n"]
    for row in groups:
        done[row["enrollment__person_id"]] = done.get(row["enrollment__person_id"], 0) + row["n"]
    return done


def is_seasoned(person: Person, circle: Circle) -> bool:
    counts = completed_mentorships(organization_id=circle.organization_id, person_ids=[person.pk])
    return counts.get(person.pk, 0) > 0


def standing_memberships(person: Person) -> QuerySet[CircleMember]:
    """The person's active places in circles that let them in now: they are still a
    participant of the circle's scope (not withdrawn or declined, in an active agency)."""
    if not person.is_authenticated:
        return CircleMember.objects.none()
    enrollments = participant_enrollments(person)
    return CircleMember.objects.filter(person=person, status=Member.Status.ACTIVE).filter(
        Q(circle__program__isnull=True)
        & Q(circle__organization_id__in=enrollments.values("program__organization_id"))
        | Q(circle__program_id__in=enrollments.values("program_id"))
    )


@dataclass(frozen=True)
class Place:
    """One of a person's enrollments, as the circle rules read it."""

    program_id: int
    program_name: str
    organization_id: int
    role: str
    status: str


def places_of(person: Person) -> list[Place]:
    """The person's enrollments that count (not withdrawn or declined): one query."""
    rows = participant_enrollments(person).values_list(
        "program_id", "program__name", "program__organization_id", "role", "status"
    )
    return [Place(*row) for row in rows]


def in_scope(places: list[Place], circle: Circle) -> list[Place]:
    if circle.program_id is not None:
        return [p for p in places if p.program_id == circle.program_id]
    return [p for p in places if p.organization_id == circle.organization_id]


def join_refusal(
    *, circle: Circle, places: list[Place], membership: CircleMember | None, members: int
) -> str:
    """Why the person cannot join (or ask to join) the circle now, in their words; "" when
    they can. `members` is the number of members besides the leader."""
    if not circle.is_active:
        return _("This circle has closed.")
    if membership is not None and membership.status == Member.Status.REMOVED:
        return _(
            "You were taken out of this circle. If you think this is a mistake, write to your "
            "program's staff."
        )
    mine = [p for p in in_scope(places, circle) if p.role == circle.member_role]
    if not mine:
        if circle.kind == CircleKind.MENTORS:
            return _("This circle is for the mentors of %(scope)s.") % {"scope": circle.scope_name}
        return _("This circle is for the mentees of %(scope)s.") % {"scope": circle.scope_name}
    if not any(p.status in ACCEPTED for p in mine):
        return _("You can join once your application to %(program)s is accepted.") % {
            "program": mine[0].program_name
        }
    if members >= circle.capacity:
        return _("This circle is full. A place may free up when a member leaves.")
    return ""
