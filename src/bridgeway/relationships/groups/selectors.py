"""Reading circles, each only by its members or by its program's staff (the same 404 for a
group that does not exist and one the person may not see)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from bridgeway.accounts.models import Person
from bridgeway.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus, Program
from bridgeway.relationships.groups.models import (
    GroupAgreement,
    GroupCheckIn,
    GroupClosureSurvey,
    GroupGoal,
    GroupMeeting,
    GroupMeetingLog,
    GroupMember,
    GroupStaffContact,
    MentoringGroup,
)
from bridgeway.relationships.models import Goal

S = EnrollmentStatus
G = MentoringGroup.Status


def groups_of(*, person: Person) -> QuerySet[MentoringGroup]:
    """The circles the person is (or was) a member of."""
    return (
        MentoringGroup.objects.filter(members__enrollment__person=person)
        .select_related("program__organization")
        .distinct()
    )


def group_get_for_member(*, person: Person, group_id: int) -> MentoringGroup:
    found = groups_of(person=person).filter(pk=group_id).first()
    if found is None:
        raise Http404
    return found


def group_get_for_staff(*, person: Person, group_id: int) -> MentoringGroup:
    from bridgeway.core.access import staff_organizations

    found = (
        MentoringGroup.objects.filter(
            pk=group_id, program__organization__in=staff_organizations(person)
        )
        .select_related("program__organization")
        .first()
    )
    if found is None:
        raise Http404
    return found


def groups_for_staff(*, person: Person) -> QuerySet[MentoringGroup]:
    from bridgeway.core.access import staff_organizations

    return MentoringGroup.objects.filter(
        program__organization__in=staff_organizations(person)
    ).select_related("program")


def groups_for_program(*, program: Program) -> QuerySet[MentoringGroup]:
    return MentoringGroup.objects.filter(program=program).annotate(
        mentees=Count("members", filter=Q(members__role=EnrollmentRole.MENTEE))
    )


def members_with_people(*, group: MentoringGroup) -> list[GroupMember]:
    return list(
        GroupMember.objects.filter(group=group, left_at__isnull=True).select_related(
            "enrollment__person"
        )
    )


def groups_for_enrollments(*, enrollment_ids: list[int]) -> dict[int, list[MentoringGroup]]:
    """The open circles of each enrollment (the dashboard)."""
    found: dict[int, list[MentoringGroup]] = {pk: [] for pk in enrollment_ids}
    for member in (
        GroupMember.objects.filter(enrollment_id__in=enrollment_ids, left_at__isnull=True)
        .exclude(group__status=G.CLOSED)
        .select_related("group")
    ):
        found[member.enrollment_id].append(member.group)
    return found


def candidates_for_group(*, program: Program) -> tuple[list[Enrollment], list[Enrollment]]:
    """Mentors who could lead a circle and mentees waiting for one, ready to be matched."""
    from bridgeway.relationships.models import Relationship

    busy = GroupMember.objects.filter(left_at__isnull=True).exclude(group__status=G.CLOSED)
    paired = Relationship.objects.exclude(status="closed")
    base = Enrollment.objects.filter(program=program).select_related("person")
    mentors = base.filter(role=EnrollmentRole.MENTOR, status__in=[S.READY, S.MATCHED])
    mentees = (
        base.filter(role=EnrollmentRole.MENTEE, status__in=[S.READY, S.WAITLISTED])
        .exclude(pk__in=busy.values("enrollment_id"))
        .exclude(pk__in=paired.values("mentee_id"))
    )
    # Mentees in the waiting list's order (a mentee back from a group keeps their place).
    return list(mentors.order_by("person__display_name")[:200]), list(
        mentees.order_by(F("waitlist_entry__position").asc(nulls_last=True), "status_changed_at")[
            :200
        ]
    )


WAITING_SHOWN = 200  # rows of the Groups page's waiting list


@dataclass(frozen=True)
class Waiting:
    """A mentee waiting for a group, and when their time to start ends."""

    enrollment: Enrollment
    ends: datetime
    passed: bool


def waiting_for_group(
    *, program: Program, soon: bool = False, now: datetime | None = None
) -> tuple[list[Waiting], bool]:
    """The program's mentees waiting for a group, the longest waiting first (one query), only
    those whose time to start ends within `activation.soon_days` (or has passed) when `soon`;
    and whether more than `WAITING_SHOWN` wait."""
    from django.utils import timezone

    from bridgeway.relationships.activation import deadline, soon_days, waiting_mentees

    now = now or timezone.now()
    rows = waiting_mentees(program).order_by("status_changed_at", "pk")
    if soon:
        window = timedelta(days=program.mentee_activation_days - soon_days(program))
        rows = rows.filter(status_changed_at__lte=now - window)
    found = list(rows[: WAITING_SHOWN + 1])
    shown = [
        Waiting(enrollment=e, ends=deadline(e, program), passed=deadline(e, program) <= now)
        for e in found[:WAITING_SHOWN]
    ]
    return shown, len(found) > WAITING_SHOWN


def agreement_of(group: MentoringGroup) -> GroupAgreement | None:
    return (
        GroupAgreement.objects.filter(group=group)
        .select_related("template")
        .prefetch_related("signatures")
        .first()
    )


def goals_of(*, group: MentoringGroup) -> list[GroupGoal]:
    return list(GroupGoal.objects.filter(group=group).prefetch_related("notes__author"))


def goal_get(*, group: MentoringGroup, goal_id: int | None) -> GroupGoal | None:
    if goal_id is None:
        return None
    return GroupGoal.objects.filter(group=group, pk=goal_id).select_related("group").first()


def open_goals_count(*, group: MentoringGroup) -> int:
    return GroupGoal.objects.filter(group=group, status=Goal.Status.OPEN).count()


def meetings_of(*, group: MentoringGroup) -> QuerySet[GroupMeeting]:
    """The circle's meetings, newest first (the API pages them)."""
    return GroupMeeting.objects.filter(group=group).order_by("-starts_at", "-pk")


def meetings_for_staff(*, group: MentoringGroup) -> list[GroupMeeting]:
    """The newest twenty meetings, each with how many members answered "did you meet?"."""
    return list(
        GroupMeeting.objects.filter(group=group)
        .annotate(answers=Count("logs"))
        .order_by("-starts_at", "-pk")[:20]
    )


def upcoming_meetings(*, group: MentoringGroup, now: object) -> list[GroupMeeting]:
    return list(
        GroupMeeting.objects.filter(
            group=group, status=GroupMeeting.Status.SCHEDULED, starts_at__gte=now
        ).order_by("starts_at")[:10]
    )


def meetings_to_log(*, group: MentoringGroup, person: Person, now: object) -> list[GroupMeeting]:
    """Meetings that have started and the person has not said whether they met."""
    return list(
        GroupMeeting.objects.filter(
            group=group, status=GroupMeeting.Status.SCHEDULED, starts_at__lt=now
        )
        .exclude(logs__person=person)
        .order_by("-starts_at")[:10]
    )


def meeting_get_for_member(*, person: Person, meeting_id: int) -> GroupMeeting:
    found = (
        GroupMeeting.objects.filter(pk=meeting_id, group__members__enrollment__person=person)
        .select_related("group__program__organization")
        .distinct()
        .first()
    )
    if found is None:
        raise Http404
    return found


def meeting_logged(*, meeting: GroupMeeting, person: Person) -> bool:
    return GroupMeetingLog.objects.filter(meeting=meeting, person=person).exists()


def survey_answered(*, group: MentoringGroup, person: Person) -> bool:
    return GroupClosureSurvey.objects.filter(group=group, person=person).exists()


def surveys_of(*, group: MentoringGroup) -> list[GroupClosureSurvey]:
    return list(GroupClosureSurvey.objects.filter(group=group).select_related("person"))


def check_in_answered(*, group: MentoringGroup, person: Person, round_: str) -> bool:
    return GroupCheckIn.objects.filter(group=group, person=person, round=round_).exists()


def check_ins_of(*, group: MentoringGroup) -> list[GroupCheckIn]:
    return list(GroupCheckIn.objects.filter(group=group).select_related("person")[:50])


def staff_contacts_of(*, group: MentoringGroup) -> list[GroupStaffContact]:
    return list(GroupStaffContact.objects.filter(group=group).select_related("author")[:50])


def member_of_person(*, group: MentoringGroup, person: Person) -> GroupMember | None:
    """The person's current place in the group (None once they left)."""
    return (
        GroupMember.objects.filter(group=group, enrollment__person=person, left_at__isnull=True)
        .select_related("enrollment__person")
        .first()
    )


def departure_of(*, group: MentoringGroup, person: Person) -> GroupMember | None:
    """The person's membership of the group when they have left it."""
    return (
        GroupMember.objects.filter(group=group, enrollment__person=person, left_at__isnull=False)
        .order_by("-left_at")
        .first()
    )


def members_for_staff(*, group: MentoringGroup) -> list[GroupMember]:
    """Every member, those who left too (with who took them out), mentors first."""
    return list(
        GroupMember.objects.filter(group=group).select_related("enrollment__person", "left_by")
    )


def addable_to_group(*, group: MentoringGroup) -> list[Enrollment]:
    """People staff could add: mentors who could lead it, mentees waiting for a group, in the
    waiting list's order."""
    mentors, mentees = candidates_for_group(program=group.program)
    inside = set(
        GroupMember.objects.filter(group=group, left_at__isnull=True).values_list(
            "enrollment_id", flat=True
        )
    )
    return [e for e in [*mentors, *mentees] if e.pk not in inside]


def groups_for_list(
    *,
    program: Program,
    status: str | None = None,
    ids: set[int] | None = None,
    month: date | None = None,
) -> list[MentoringGroup]:
    """The program's groups for the relationships list (of one status, among `ids`, started in
    the `month`, when given), each with its current mentors' names and number of mentees."""
    from django.db.models import Prefetch

    found = MentoringGroup.objects.filter(program=program)
    if status is not None:
        found = found.filter(status=status)
    if ids is not None:
        found = found.filter(pk__in=ids)
    if month is not None:
        found = found.filter(started_at__year=month.year, started_at__month=month.month)
    groups: list[MentoringGroup] = list(
        found.prefetch_related(
            Prefetch(
                "members",
                queryset=GroupMember.objects.filter(left_at__isnull=True).select_related(
                    "enrollment__person"
                ),
                to_attr="current",
            )
        )[:50]  # type: ignore[arg-type]
    )
    for group in groups:
        current: list[GroupMember] = getattr(group, "current", [])
        mentors = [m.enrollment.person.name for m in current if m.role == EnrollmentRole.MENTOR]
        group.mentor_names = ", ".join(mentors)  # type: ignore[attr-defined]
        group.mentee_count = len(current) - len(mentors)  # type: ignore[attr-defined]
    return groups


def member_get_for_staff(*, group: MentoringGroup, member_id: int) -> GroupMember:
    """A member of the group (or one who left it) that its staff act on; 404 otherwise."""
    found = (
        GroupMember.objects.filter(group=group, pk=member_id)
        .select_related("enrollment__person")
        .first()
    )
    if found is None:
        raise Http404
    return found
