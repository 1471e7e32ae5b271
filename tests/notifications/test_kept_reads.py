"""The reads of a change that tells people (their contact settings, their choices, their unread
counts after the commit) give what the ORM gives, kept or not, for one person or many."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.notifications import kept
from bridgeway.notifications.models import ContactSettings, Notification, Preference, Timer
from bridgeway.notifications.preferences import preferences_chosen
from bridgeway.notifications.timers import timers_schedule
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

KINDS = ["programs.application_received", "relationships.request_new", "relationships.started"]


def _people(n: int) -> list[Person]:
    return [PersonFactory(display_name=f"Person {i}") for i in range(n)]


@pytest.mark.parametrize("count", [1, 2, 3, kept.MOST_KEPT + 2])
def test_contacts_choices_and_unread_counts_are_those_the_orm_reads(count: int) -> None:
    people = _people(count + 1)  # the last one is never asked about
    asked, other = people[:-1], people[-1]
    for person in (*asked[::2], other):
        ContactSettings.objects.create(person=person, phone="+33612345678")
    for person in (*asked[1::2], other):
        Preference.objects.create(person=person, kind=KINDS[1], channel="email", frequency="daily")
    for i, person in enumerate((*asked, other)):
        for n in range(i + 1):
            Notification.objects.create(
                kind=KINDS[0],
                event=f"e{n}",
                person=person,
                read_at=timezone.now() if n == 0 else None,
            )
    ids = [p.pk for p in asked]

    contacts = kept.contacts_of(ids)
    assert sorted(c.pk for c in contacts) == sorted(
        ContactSettings.objects.filter(person_id__in=ids).values_list("pk", flat=True)
    )
    assert {c.person_id: c.phone for c in contacts} == {p.pk: "+33612345678" for p in asked[::2]}

    chosen = preferences_chosen(person_ids=ids, kinds=set(KINDS[:2]))
    assert chosen == {(p.pk, KINDS[1], "email"): "daily" for p in asked[1::2]}

    counts = kept.unread_counts(ids)
    assert counts == {p.pk: i for i, p in enumerate(asked) if i > 0}
    assert other.pk not in counts


def test_the_reads_of_a_change_are_compiled_once() -> None:
    person = PersonFactory()
    kept.contacts_of([person.pk])
    kept.choices_of([person.pk], [KINDS[0]])
    kept.unread_counts([person.pk])
    for key in [("contacts", 1, 0), ("choices", 1, 1), ("unread", 1, 0)]:
        assert kept._kept[key].compiled() is not None, key


def test_timers_of_a_new_row_written_without_reading_move_one_that_was_there() -> None:
    # A key already there (not expected for a request opened now) is moved, as
    # timer_schedule does, rather than written twice or refused.
    now = timezone.now()
    Timer.objects.create(
        kind="relationships.request_remind", key="request:1:remind", due_at=now, payload={}
    )
    later = now + timedelta(days=3)
    timers_schedule(
        timers=[
            ("relationships.request_remind", "request:1:remind", later, {"request": 1}),
            ("relationships.request_expire", "request:1:expire", later, {"request": 1}),
        ],
        fresh=True,
    )
    timers = {t.key: t for t in Timer.objects.all()}
    assert set(timers) == {"request:1:remind", "request:1:expire"}
    assert timers["request:1:remind"].due_at == later
    assert timers["request:1:remind"].payload == {"request": 1}
    assert timers["request:1:remind"].state == Timer.State.PENDING
