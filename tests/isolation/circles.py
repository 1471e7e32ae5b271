"""Isolation entries for circles: agency A's mentees' circle of its program (by approval, with
a member, a request waiting and a session) and its agency-wide mentors' circle carry the
canary. Agency B's people get the same 404 for them as for a circle that does not exist."""

from __future__ import annotations

from datetime import time, timedelta
from types import SimpleNamespace

from django.utils import timezone

from bridgeway.community.circles import members, membership, scheduling, services
from bridgeway.community.circles.models import Circle, CircleMember
from bridgeway.community.sessions.services import SessionFields
from tests.factories import EnrollmentFactory, PersonFactory
from tests.isolation._shared import CANARY, MISSING, NO_IDS, Entry, Pair

FINGERPRINT_MODELS = [Circle, CircleMember]


def _circles(a: SimpleNamespace) -> list[Pair]:
    return [({"pk": circle.pk}, {"pk": MISSING}) for circle in (a.circle_mentees, a.circle_mentors)]


def _org(a: SimpleNamespace) -> list[Pair]:
    return [({"org": "agency-a"}, {"org": "no-such-agency"})]


def _request(a: SimpleNamespace) -> list[Pair]:
    return [
        (
            {"pk": a.circle_mentees.pk, "member_pk": a.circle_request.pk},
            {"pk": MISSING, "member_pk": MISSING},
        ),
        # B's own circle id is never needed: any circle id with A's request is the same 404.
        ({"pk": MISSING, "member_pk": a.circle_request.pk}, {"pk": MISSING, "member_pk": MISSING}),
    ]


def _session(a: SimpleNamespace) -> list[Pair]:
    return [
        (
            {"pk": a.circle_mentees.pk, "session_pk": a.circle_session.pk},
            {"pk": MISSING, "session_pk": MISSING},
        )
    ]


MATRIX: dict[str, Entry] = {
    "community:circles": NO_IDS,
    "community:circle": _circles,
    "community:circle_join": _circles,
    "community:circle_leave": _circles,
    "community:circle_decide": _request,
    "community:circle_session_new": _circles,
    "community:circle_session_cancel": _session,
    "community:circles_agency": _org,
    "community:circles_agency_new": _org,
    "community:circle_manage": _circles,
    "community:circle_members": _circles,
    "api:community-circles": NO_IDS,
    "api:community-circle": _circles,
    "api:community-circle-membership": _circles,
    "api:community-circles-manage": NO_IDS,
    "api:community-circles-manage-circle": _circles,
    "api:community-circles-manage-close": _circles,
    "api:community-circles-manage-members": _circles,
}


def _person(a_world: SimpleNamespace, name: str, role: str) -> object:
    person = PersonFactory(display_name=f"{name} {CANARY}")
    EnrollmentFactory(program=a_world.program_a, person=person, role=role, status="ready")
    return person


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    leader = _person(world, "Circle leader", "mentor")
    member, asking = _person(world, "Member", "mentee"), _person(world, "Asking", "mentee")
    a.circle_mentees = services.circle_create(
        by=world.bob,
        organization=world.agency_a,
        program=world.program_a,
        kind="mentees",
        fields=services.CircleFields(
            name=f"Nurses' circle {CANARY}",
            need=f"Licensing in Ontario {CANARY}",
            sector="3",
            language="en",
            description=f"Private plans {CANARY}",
            capacity=8,
            joining="approval",
        ),
        leader=leader,  # type: ignore[arg-type]
    )
    a.circle_mentors = services.circle_create(
        by=world.alice,
        organization=world.agency_a,
        program=None,
        kind="mentors",
        fields=services.CircleFields(
            name=f"Mentors' circle {CANARY}",
            need="",
            sector="",
            language="fr",
            description="",
            capacity=12,
            joining="open",
        ),
        leader=leader,  # type: ignore[arg-type]
        vouch=True,
    )
    joined = membership.circle_join(circle=a.circle_mentees, person=member)  # type: ignore[arg-type]
    members.request_decide(circle=a.circle_mentees, member=joined, by=leader, approve=True)  # type: ignore[arg-type]
    a.circle_request = membership.circle_join(circle=a.circle_mentees, person=asking)  # type: ignore[arg-type]
    [a.circle_session] = scheduling.circle_session_create(
        circle=a.circle_mentees,
        by=leader,  # type: ignore[arg-type]
        fields=SessionFields(
            title=f"Circle meeting {CANARY}",
            description="",
            audience="everyone",
            language="en",
            day=timezone.localdate() + timedelta(days=9),
            at=time(18, 0),
            time_zone="America/Toronto",
            duration_minutes=60,
            capacity=5,
            join_kind="call",
        ),
    )
