"""Reminders the day and the hour before, repeating sessions, the waiting list invited, and the
last place asked for by two people at once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, time, timedelta
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from bridgeway.community.sessions import registration as places
from bridgeway.community.sessions import services
from bridgeway.community.sessions.models import Registration, Session
from bridgeway.community.sessions.recurrence import Repeat, occurrences
from bridgeway.core.services import DomainError
from bridgeway.notifications.models import Notification, Timer
from bridgeway.notifications.timers import timers_run_due
from bridgeway.programs.models import Enrollment
from bridgeway.programs.waitlist import waitlist_sync
from tests.community.sessions.conftest import fields, program_scope, send_emails
from tests.factories import EnrollmentFactory, PersonFactory


@pytest.mark.django_db
def test_reminders_come_the_day_and_the_hour_before_in_the_persons_time_zone(
    world: SimpleNamespace, schedule: Callable[..., Session]
) -> None:
    session = schedule()
    world.erin.time_zone = "Asia/Manila"
    world.erin.save(update_fields=["time_zone"])
    places.register(session=session, person=world.erin)
    keys = set(Timer.objects.filter(kind="community.session_remind").values_list("key", flat=True))
    assert keys == {f"community-session:{session.pk}:day", f"community-session:{session.pk}:hour"}

    timers_run_due(now=session.starts_at - timedelta(minutes=59))

    reminders = Notification.objects.filter(kind="community.session_reminder", person=world.erin)
    assert reminders.count() == 2
    [email, *_rest] = [m for m in send_emails() if m.subject.startswith("Reminder")]
    assert "Manila" in email.body
    assert "Toronto" in email.body


@pytest.mark.django_db
def test_a_monthly_session_keeps_its_wall_clock_time_and_refuses_a_missing_hour() -> None:
    starts = occurrences(
        day=date(2031, 1, 31),
        at=time(18, 0),
        time_zone="America/Toronto",
        repeat=Repeat(frequency="monthly", count=4),
    )
    # February, April and June have no 31st: skipped, as calendar apps do.
    assert [s.date() for s in starts][:2] == [date(2031, 1, 31), date(2031, 3, 31)]
    assert {s.astimezone(ZoneInfo("America/Toronto")).hour for s in starts} == {18}
    with pytest.raises(DomainError, match="does not exist"):
        occurrences(
            day=date(2031, 2, 9),
            at=time(2, 30),
            time_zone="America/Toronto",
            repeat=Repeat(frequency="monthly", until=date(2031, 4, 30)),
        )


@pytest.mark.django_db
def test_a_series_has_a_session_per_date_and_one_can_register_for_all(
    world: SimpleNamespace,
) -> None:
    made = services.session_create(
        by=world.bob,
        scope=program_scope(world),
        fields=fields(audience="mentors", title="Monthly case session"),
        repeat=Repeat(frequency="monthly", count=3),
    )
    assert len(made) == 3
    assert len({s.series_id for s in made}) == 1
    done = places.register_series(session=made[0], person=world.frank)
    assert len(done) == 3
    services.session_cancel(session=made[1], by=world.bob, following=True)
    assert [s.status for s in Session.objects.order_by("starts_at")] == [
        "scheduled",
        "cancelled",
        "cancelled",
    ]


@pytest.mark.django_db
def test_people_on_a_programs_waiting_list_are_invited_once(
    world: SimpleNamespace, schedule: Callable[..., Session]
) -> None:
    waiting = EnrollmentFactory(
        program=world.program_a, person=PersonFactory(), role="mentee", status="waitlisted"
    )
    waitlist_sync(enrollment=waiting)
    schedule(audience="mentees", title="Webinar while you wait")
    schedule(audience="mentors", title="For mentors only")
    timers_run_due(now=timezone.now() + timedelta(seconds=1))
    timers_run_due(now=timezone.now() + timedelta(seconds=2))
    invitations = Notification.objects.filter(kind="community.session_invitation")
    assert list(invitations.values_list("person_id", flat=True)) == [waiting.person_id]
    [email] = [m for m in send_emails() if waiting.person.email in m.to]
    assert "Webinar while you wait" in email.subject


@pytest.mark.django_db(transaction=True)
def test_two_people_asking_for_the_last_place_at_once_get_one_place(
    world: SimpleNamespace, schedule: Callable[..., Session]
) -> None:
    session = schedule(capacity=1)
    second = PersonFactory()
    EnrollmentFactory(program=world.program_a, person=second, role="mentee")
    start = threading.Barrier(2, timeout=30)
    errors: list[BaseException] = []

    def ask(person: Any) -> None:
        try:
            start.wait()
            places.register(session=session, person=person)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(p,)) for p in (world.erin, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    statuses = sorted(Registration.objects.values_list("status", flat=True))
    assert statuses == ["registered", "waiting"]
    assert Enrollment.objects.count() >= 2
