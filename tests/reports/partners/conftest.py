"""A partner of agency A, Northern Engineering, whose figures are known (docs/reports.md,
"Corporate partners"). In agency A's program, over 2025 (at noon UTC, so no day moves):

- six employees mentor with a confirmed link that counts their figures: Mia, Noah, Omar, Pia,
  Quinn (pairs) and Rosa (a group);
- Mia: a pair from 15 Jan, completed 1 May; she logged 60 minutes on 20 Jan, 1 Feb, 1 Mar (her
  mentee logged the first too); surveys: Mia 5, her mentee 4. Mia also mentors in agency B's
  program, with 120 minutes logged there (not agency A's: not counted);
- Noah: a pair from 10 Feb, still active: 30 minutes on 20 Feb, a meeting not held on 20 Apr;
  and a pair from October 2024 that closed with its goals met on 1 Feb (surveys 4 and 4);
- Omar: a pair from 5 Apr that ended early on 1 Aug ("not working"): 90 minutes on 5 May;
  surveys 3 and 2;
- Pia: a pair from November 2024, completed 1 Mar: 60 minutes on 10 Jan; surveys 4 and 5;
- Quinn: a pair from 1 Jul, still active: 45 minutes on 15 Jul and 15 Aug; and a pair from
  5 Jan completed 30 Jun (surveys 5 and 3);
- Rosa: a group from 1 Sep, active, with two mentees: 60 minutes on 10 Sep (a mentee logged 60
  too) and 10 Oct.

Not counted, each with a pair and 240 minutes logged in March: Sam, who asked to be linked
but is not confirmed yet, Tara, who shares her letters only, and Uma, who is not linked.

So: 6 employees, 6 mentoring in 2025, 2 pairs and 1 group active today, 6 mentorships started
(3 in Jan–Mar, 1 in Apr–Jun, 2 in Jul–Sep), 4 completed, 10 meetings (5 in Jan–Mar, 1, 3, 1),
570 minutes (9.5 hours), employees' satisfaction 21/5 = 4.2, their mentees' 18/5 = 3.6."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from bridgeway.programs.models import Enrollment
from bridgeway.relationships.groups.models import (
    GroupMeeting,
    GroupMeetingLog,
    GroupMember,
    MentoringGroup,
)
from bridgeway.relationships.models import MeetingLog
from bridgeway.reports.partners.models import EmployerLink, Partner, PartnerContact
from bridgeway.reports.scope import ReportFilter
from tests.factories import EnrollmentFactory, PersonFactory, enable_mfa
from tests.reports.conftest import meeting, pair, survey
from tests.reports.recognition.conftest import finished  # noqa: F401 (Frank finished a pair)

YEAR_2025 = ReportFilter(start=date(2025, 1, 1), end=date(2025, 12, 31))


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)


def mentor(program: Any, name: str, **person: Any) -> Enrollment:
    return EnrollmentFactory(
        program=program,
        person=PersonFactory(display_name=name, **person),
        role="mentor",
        status="matched",
    )


def mentee(program: Any) -> Enrollment:
    return EnrollmentFactory(program=program, person=PersonFactory(), role="mentee")


def link(partner: Partner, enrollment: Enrollment, **fields: Any) -> EmployerLink:
    values: dict[str, Any] = {
        "status": "active",
        "share_figures": True,
        "share_letters": True,
        "consent_at": timezone.now(),
    }
    values.update(fields)
    return EmployerLink.objects.create(
        partner=partner,
        person=enrollment.person,
        organization=enrollment.program.organization,
        **values,
    )


def contact(partner: Partner, email: str, language: str = "en", mfa: bool = True) -> Any:
    person = PersonFactory(email=email, display_name=email.split("@")[0].title())
    person.preferred_language = language
    person.save(update_fields=["preferred_language"])
    if mfa:
        enable_mfa(person)
    PartnerContact.objects.create(
        partner=partner, email=email, name=person.display_name, person=person, status="active"
    )
    return person


def group(program: Any, mentor_enrollment: Enrollment, started: datetime) -> MentoringGroup:
    circle = MentoringGroup.objects.create(
        program=program,
        name="Circle",
        status="active",
        started_at=started,
        activated_at=started,
        planned_end=date(2026, 3, 1),
    )
    GroupMember.objects.create(group=circle, enrollment=mentor_enrollment, role="mentor")
    for _i in range(2):
        GroupMember.objects.create(group=circle, enrollment=mentee(program), role="mentee")
    return circle


def group_meeting(circle: MentoringGroup, day: datetime, *logs: tuple[Any, int]) -> None:
    held = GroupMeeting.objects.create(group=circle, kind="video", starts_at=day)
    for person, minutes in logs:
        GroupMeetingLog.objects.create(
            meeting=held, person=person, outcome="met", minutes=minutes, created_at=day
        )


def build(world: SimpleNamespace) -> SimpleNamespace:
    program = world.program_a
    partner = Partner.objects.create(
        network=world.agency_a.network,
        organization=world.agency_a,
        name="Northern Engineering",
        domains=["northern.example"],
    )
    people = {
        name: mentor(program, name, email=f"{name.lower()}@northern.example")
        for name in ("Mia", "Noah", "Omar", "Pia", "Quinn", "Rosa")
    }
    for enrollment in people.values():
        link(partner, enrollment)
    mia, noah, omar, pia, quinn, rosa = people.values()

    p1 = pair(mentee(program), mia, at("2025-01-15"), closed=at("2025-05-01"), reason="completed")
    first = meeting(p1, at("2025-01-20"), (mia.person, "met", 60))
    meeting(p1, at("2025-02-01"), (mia.person, "met", 60))
    meeting(p1, at("2025-03-01"), (mia.person, "met", 60))
    MeetingLog.objects.create(
        meeting=first,
        person=p1.mentee.person,
        outcome="met",
        minutes=60,
        created_at=at("2025-01-20"),
    )
    survey(p1, mia.person, 5, "yes", True)
    survey(p1, p1.mentee.person, 4, "yes", True)
    elsewhere = EnrollmentFactory(
        program=world.program_b, person=mia.person, role="mentor", status="matched"
    )
    meeting(
        pair(mentee(world.program_b), elsewhere, at("2025-03-01")),
        at("2025-03-10"),
        (mia.person, "met", 120),
    )

    p2 = pair(mentee(program), noah, at("2025-02-10"))
    meeting(p2, at("2025-02-20"), (noah.person, "met", 30))
    meeting(p2, at("2025-04-20"), (noah.person, "not_met", 0))
    p8 = pair(mentee(program), noah, at("2024-10-01"), closed=at("2025-02-01"), reason="goals_met")
    survey(p8, noah.person, 4, "yes", True)
    survey(p8, p8.mentee.person, 4, "yes", True)

    p3 = pair(
        mentee(program), omar, at("2025-04-05"), closed=at("2025-08-01"), reason="not_working"
    )
    meeting(p3, at("2025-05-05"), (omar.person, "met", 90))
    survey(p3, omar.person, 3, "no", False)
    survey(p3, p3.mentee.person, 2, "no", False)

    p4 = pair(mentee(program), pia, at("2024-11-01"), closed=at("2025-03-01"), reason="completed")
    meeting(p4, at("2025-01-10"), (pia.person, "met", 60))
    survey(p4, pia.person, 4, "yes", True)
    survey(p4, p4.mentee.person, 5, "yes", True)

    p5 = pair(mentee(program), quinn, at("2025-07-01"))
    meeting(p5, at("2025-07-15"), (quinn.person, "met", 45))
    meeting(p5, at("2025-08-15"), (quinn.person, "met", 45))
    p7 = pair(mentee(program), quinn, at("2025-01-05"), closed=at("2025-06-30"), reason="completed")
    survey(p7, quinn.person, 5, "yes", True)
    survey(p7, p7.mentee.person, 3, "partly", True)

    circle = group(program, rosa, at("2025-09-01"))
    a_mentee = circle.members.filter(role="mentee").first().enrollment.person
    group_meeting(circle, at("2025-09-10"), (rosa.person, 60), (a_mentee, 60))
    group_meeting(circle, at("2025-10-10"), (rosa.person, 60))

    uncounted = {
        "Sam": {"status": "requested"},
        "Tara": {"share_figures": False},
        "Uma": None,
    }
    for name, fields in uncounted.items():
        enrollment = mentor(program, name)
        if fields is not None:
            link(partner, enrollment, **fields)
        busy = pair(mentee(program), enrollment, at("2025-03-01"))
        meeting(busy, at("2025-03-05"), (enrollment.person, "met", 240))
    return SimpleNamespace(partner=partner, program=program, people=people, circle=circle)


@pytest.fixture
def northern(world: SimpleNamespace) -> SimpleNamespace:
    built = build(world)
    return SimpleNamespace(**vars(world), **vars(built))
