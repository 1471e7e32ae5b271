"""Isolation entries for group sessions: agency A's sessions (one for the agency, one for its
program's mentors, a repeating one for its mentees) carry the canary, and Erin holds a place.
Sessions of the whole network are shared with agency B by design, so none is made here: B's
people get the same 404 for A's sessions as for a session that does not exist."""

from __future__ import annotations

from datetime import time, timedelta
from types import SimpleNamespace

from django.utils import timezone

from bridgeway.community.news.models import PostScope
from bridgeway.community.news.selectors import Scope
from bridgeway.community.sessions import registration, services
from bridgeway.community.sessions.models import Registration, Session, SessionSeries
from bridgeway.community.sessions.recurrence import Repeat
from tests.isolation._shared import CANARY, MISSING, NO_IDS, Entry, Pair

FINGERPRINT_MODELS = [Session, SessionSeries, Registration]


def _sessions(a: SimpleNamespace) -> list[Pair]:
    return [
        ({"pk": session.pk}, {"pk": MISSING})
        for session in (a.session_agency, a.session_mentors, a.session_series)
    ]


def _org(a: SimpleNamespace) -> list[Pair]:
    return [({"org": "agency-a"}, {"org": "no-such-agency"})]


MATRIX: dict[str, Entry] = {
    "community:sessions": NO_IDS,
    "community:session": _sessions,
    "community:session_register": _sessions,
    "community:sessions_agency": _org,
    "community:sessions_agency_new": _org,
    "community:sessions_network": NO_IDS,
    "community:sessions_network_new": NO_IDS,
    "community:session_manage": _sessions,
    "api:community-sessions": NO_IDS,
    "api:community-session": _sessions,
    "api:community-session-registration": _sessions,
    "api:community-sessions-manage": NO_IDS,
    "api:community-sessions-manage-session": _sessions,
    "api:community-sessions-attendance": _sessions,
}


def _fields(title: str, audience: str, capacity: int = 10) -> services.SessionFields:
    return services.SessionFields(
        title=f"{title} {CANARY}",
        description=f"Only for agency A {CANARY}",
        audience=audience,
        language="en",
        day=timezone.localdate() + timedelta(days=9),
        at=time(18, 0),
        time_zone="America/Toronto",
        duration_minutes=60,
        capacity=capacity,
        join_link=f"https://meet.example.org/{CANARY}",
    )


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    network = world.agency_a.network
    agency = Scope(level=PostScope.AGENCY, network=network, organization=world.agency_a)
    program = Scope(
        level=PostScope.PROGRAM,
        network=network,
        organization=world.agency_a,
        program=world.program_a,
    )
    [a.session_agency] = services.session_create(
        by=world.alice, scope=agency, fields=_fields("Agency webinar", "everyone")
    )
    [a.session_mentors] = services.session_create(
        by=world.bob, scope=program, fields=_fields("Case session", "mentors")
    )
    a.session_series = services.session_create(
        by=world.bob,
        scope=program,
        fields=_fields("Mentee circle", "mentees", capacity=1),
        repeat=Repeat(frequency="weekly", count=2),
    )[0]
    registration.register(session=a.session_agency, person=world.erin)
    registration.register(session=a.session_series, person=world.erin)
