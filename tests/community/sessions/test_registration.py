"""Registering for a session: a place, the waiting list beyond the places, cancelling, the
waiting list moving up in order, and the calendar invitations that go with each."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from bridgeway.community.sessions import registration as places
from bridgeway.community.sessions.models import Registration, Session
from bridgeway.core.services import DomainError
from bridgeway.notifications.models import Notification
from tests.community.sessions.conftest import send_emails
from tests.factories import EnrollmentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _mentee(world: SimpleNamespace, name: str) -> Any:
    person = PersonFactory(display_name=name)
    EnrollmentFactory(program=world.program_a, person=person, role="mentee")
    return person


def _ics(email: Any) -> str:
    [(name, content, _mimetype)] = email.attachments
    assert name == "session.ics"
    return content.decode() if isinstance(content, bytes) else content


def test_a_place_comes_with_the_calendar_invitation(
    world: SimpleNamespace, schedule: Callable[..., Session]
) -> None:
    session = schedule()
    registration = places.register(session=session, person=world.erin)
    again = places.register(session=session, person=world.erin)  # a double submit

    assert registration.status == Registration.Status.REGISTERED
    assert again.pk == registration.pk
    assert Registration.objects.filter(session=session).count() == 1
    [email] = [m for m in send_emails() if world.erin.email in m.to]
    assert "Job search in Canada" in email.subject
    ics = _ics(email)
    assert "METHOD:REQUEST" in ics
    assert f"UID:community-session-{session.pk}@" in ics
    assert "meet.example.org/job-search" in ics


def test_beyond_the_places_people_wait_and_move_up_in_order(
    world: SimpleNamespace, schedule: Callable[..., Session]
) -> None:
    session = schedule(capacity=1)
    places.register(session=session, person=world.erin)
    first = places.register(session=session, person=_mentee(world, "Amal"))
    second = places.register(session=session, person=_mentee(world, "Gita"))
    assert first.status == second.status == Registration.Status.WAITING

    places.unregister(session=session, person=world.erin)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.REGISTERED
    assert second.status == Registration.Status.WAITING
    kinds = set(Notification.objects.filter(person=first.person).values_list("kind", flat=True))
    assert kinds == {"community.session_waiting", "community.session_promoted"}
    emails = send_emails()
    [erin_email] = [m for m in emails if world.erin.email in m.to and "cancelled" in m.subject]
    assert "METHOD:CANCEL" in _ics(erin_email)
    [amal_email] = [m for m in emails if first.person.email in m.to and "place" in m.subject]
    assert "METHOD:REQUEST" in _ics(amal_email)
    # The new place's invitation outranks anything Amal's calendar had.
    assert "SEQUENCE:1" in _ics(amal_email)


def test_the_audience_decides_who_may_register(
    world: SimpleNamespace, schedule: Callable[..., Session]
) -> None:
    session = schedule(audience="mentors")
    places.register(session=session, person=world.frank)
    with pytest.raises(DomainError, match="not open to you"):
        places.register(session=session, person=world.erin)
    with pytest.raises(DomainError, match="not open to you"):
        places.register(session=session, person=world.carol)


def test_more_places_move_the_waiting_list_up(
    world: SimpleNamespace, schedule: Callable[..., Session]
) -> None:
    from bridgeway.community.sessions import services
    from tests.community.sessions.conftest import fields

    session = schedule(capacity=1)
    places.register(session=session, person=world.erin)
    waiting = places.register(session=session, person=world.frank)
    services.session_update(session=session, by=world.bob, fields=fields(capacity=2))
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED
