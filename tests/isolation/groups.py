"""Isolation entries for mentoring groups: agency A's group program, a circle of its mentor and
two mentees (its name, agreement, goal and meeting carry the canary); agency B tries those ids
on every page and API address."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from bridgeway.relationships.groups.models import (
    GroupAgreement,
    GroupCheckIn,
    GroupClosureSurvey,
    GroupGoal,
    GroupGoalNote,
    GroupMeeting,
    GroupMeetingLog,
    GroupMember,
    GroupSignature,
    GroupStaffContact,
    MentoringGroup,
)
from tests.factories import EnrollmentFactory, PersonFactory, ProgramFactory
from tests.isolation._shared import CANARY, MISSING, NO_IDS, Entry, pk_of

FINGERPRINT_MODELS = [
    MentoringGroup,
    GroupMember,
    GroupAgreement,
    GroupSignature,
    GroupGoal,
    GroupGoalNote,
    GroupMeeting,
    GroupMeetingLog,
    GroupClosureSurvey,
    GroupCheckIn,
    GroupStaffContact,
]

MATRIX: dict[str, Entry] = {
    "relationships:group": pk_of("group"),
    "relationships:group_goals": pk_of("group"),
    "relationships:group_meeting_new": pk_of("group"),
    "relationships:group_close": pk_of("group"),
    "relationships:group_survey": pk_of("group"),
    "relationships:group_leave": pk_of("group"),
    "relationships:group_become_mentor": pk_of("group"),
    "relationships:group_check_in": lambda a: [
        (
            {"pk": a.group.pk, "kind": "pulse", "round_": "2026-12"},
            {"pk": MISSING, "kind": "pulse", "round_": "2026-12"},
        )
    ],
    "relationships:group_meeting": pk_of("group_meeting"),
    "relationships:group_meeting_calendar": pk_of("group_meeting"),
    "relationships:staff_groups": pk_of("group_program"),
    "relationships:staff_group": pk_of("group"),
    "api:group-list": NO_IDS,
    "api:staff-group-list": NO_IDS,
    "api:group-detail": pk_of("group"),
    "api:group-sign": pk_of("group"),
    "api:group-goals": pk_of("group"),
    "api:group-meetings": pk_of("group"),
    "api:group-meeting-cancel": pk_of("group_meeting"),
    "api:group-meeting-log": pk_of("group_meeting"),
    "api:group-check-in": pk_of("group"),
    "api:group-leave": pk_of("group"),
    "api:staff-group-detail": pk_of("group"),
    "api:staff-group-members": pk_of("group"),
    "api:staff-group-contacts": pk_of("group"),
    "api:staff-group-member-leave": lambda a: [
        ({"pk": a.group.pk, "member_pk": a.group_member.pk}, {"pk": MISSING, "member_pk": MISSING})
    ],
    "api:staff-group-member-rematch": lambda a: [
        ({"pk": a.group.pk, "member_pk": a.group_member.pk}, {"pk": MISSING, "member_pk": MISSING})
    ],
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    a.group_program = ProgramFactory(
        organization=world.agency_a,
        name=f"Circles {CANARY}",
        slug="circles",
        kind="group",
        is_published=False,
    )
    now = timezone.now()
    a.group = MentoringGroup.objects.create(
        program=a.group_program,
        name=f"Circle {CANARY}",
        status=MentoringGroup.Status.ACTIVE,
        planned_end=(now + timedelta(weeks=16)).date(),
    )
    for role, name in (("mentor", "Gmentor"), ("mentee", "Gmentee1"), ("mentee", "Gmentee2")):
        enrollment = EnrollmentFactory(
            program=a.group_program,
            person=PersonFactory(display_name=f"{name} {CANARY}"),
            role=role,
            status="matched",
        )
        GroupMember.objects.create(group=a.group, enrollment=enrollment, role=role)
    GroupAgreement.objects.create(group=a.group, waived_reason=f"Paper {CANARY}", waived_at=now)
    GroupGoal.objects.create(group=a.group, title=f"Goal {CANARY}")
    member = GroupMember.objects.filter(group=a.group, role="mentee").first()
    a.group_member = member
    GroupCheckIn.objects.create(
        group=a.group,
        person=member.enrollment.person,
        kind="pulse",
        round="2026-11",
        score=2,
        comment=f"Answer {CANARY}",
    )
    GroupStaffContact.objects.create(group=a.group, note=f"Contact {CANARY}")
    a.group_meeting = GroupMeeting.objects.create(
        group=a.group,
        kind="in_person",
        place=f"Library {CANARY}",
        starts_at=now - timedelta(hours=1),
    )
