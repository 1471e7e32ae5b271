"""A circle's sessions: scheduled by its leader through the group sessions, for its members
only; members are told; leaving gives the place back; closing cancels what is to come."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from bridgeway.community.circles import scheduling, services
from bridgeway.community.circles.membership import circle_join, circle_leave
from bridgeway.community.circles.models import Circle
from bridgeway.community.sessions import registration, selectors
from bridgeway.community.sessions.models import Registration, Session
from bridgeway.community.sessions.services import SessionFields
from bridgeway.core.services import DomainError
from bridgeway.notifications.models import Notification, Timer

pytestmark = pytest.mark.django_db


def _fields(**changes: object) -> SessionFields:
    values: dict[str, object] = {
        "title": "Monthly circle meeting",
        "description": "",
        "audience": "mentees",  # a circle's session is for its members, whatever this says
        "language": "en",
        "day": timezone.localdate() + timedelta(days=6),
        "at": time(18, 0),
        "time_zone": "America/Toronto",
        "duration_minutes": 60,
        "capacity": 5,
        "join_kind": "call",
        "join_link": "",
    }
    values.update(changes)
    return SessionFields(**values)  # type: ignore[arg-type]


def test_only_members_register_for_a_circle_session_and_they_are_told(
    people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    circle = open_circle()
    circle_join(circle=circle, person=people.erin)
    [session] = scheduling.circle_session_create(circle=circle, by=people.frank, fields=_fields())
    assert session.circle == circle
    assert session.audience == "everyone"
    assert not Timer.objects.filter(key=f"community-session:{session.pk}:invite").exists()
    [told] = Notification.objects.filter(kind="community.circle_session")
    assert told.person == people.erin
    assert told.url.endswith(f"/community/sessions/{session.pk}/")

    assert selectors.may_attend(person=people.erin, session=session)
    assert not selectors.may_attend(person=people.hana, session=session)  # same program
    assert session not in selectors.upcoming_open(person=people.hana)
    with pytest.raises(DomainError, match="not open to you"):
        registration.register(session=session, person=people.hana)
    registration.register(session=session, person=people.erin)

    circle_leave(circle=circle, person=people.erin)
    assert Registration.objects.get(person=people.erin).status == "cancelled"


def test_closing_the_circle_cancels_its_coming_sessions(
    people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    circle = open_circle()
    made = scheduling.circle_session_create(
        circle=circle,
        by=people.bob,
        fields=_fields(join_kind="link", join_link="https://meet.example.org/circle"),
        repeat=scheduling.sessions.Repeat(frequency="monthly", count=3),
    )
    assert len(made) == 3
    services.circle_close(circle=circle, by=people.bob)
    assert set(Session.objects.filter(circle=circle).values_list("status", flat=True)) == {
        "cancelled"
    }
    with pytest.raises(DomainError, match="no more sessions"):
        scheduling.circle_session_create(circle=circle, by=people.frank, fields=_fields())
