"""A group program's activation window: the staff form the groups, so a week before the end
the program's staff get one summary a day (in each one's language) naming how many waiting
mentees reach the end and when, linking to the Groups page filtered on them, the longest
waiting first; each mentee is told the staff are forming the groups. Once, whatever the number
of sweeps; nothing for a mentee who joined a group or withdrew; at the end, the flag as for
pairs."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridgeway.notifications.models import ContactSettings, Notification
from bridgeway.notifications.outbox import deliveries_send_due
from bridgeway.notifications.render import summary_in
from bridgeway.programs.models import Enrollment
from bridgeway.relationships.activation import activation_sweep
from bridgeway.relationships.groups import services
from tests.factories import EnrollmentFactory, PersonFactory, ProgramFactory

pytestmark = pytest.mark.django_db

DIGEST = "relationships.group_activation_digest"
REMINDER = "relationships.group_activation_reminder"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # the first mentee ready


def _person(program: Any, name: str, role: str, since: datetime, **extra: Any) -> Any:
    person = PersonFactory(display_name=name, email=f"{name.lower()}@example.org", **extra)
    ContactSettings.objects.create(person=person, quiet_start=time(0), quiet_end=time(0))
    enrollment = EnrollmentFactory(program=program, person=person, role=role, status="ready")
    Enrollment.objects.filter(pk=enrollment.pk).update(status_changed_at=since)
    enrollment.refresh_from_db()
    return enrollment


@pytest.fixture
def circles(world: SimpleNamespace) -> SimpleNamespace:
    """A group program of agency A (60 days to start): a mentor, four mentees ready one after
    the other (Amir first, Dev three weeks later). Alice reads English, Bob French."""
    program = ProgramFactory(
        organization=world.agency_a, name="Nurses circle", slug="nurses", kind="group"
    )
    type(world.bob).objects.filter(pk=world.bob.pk).update(preferred_language="fr")
    world.bob.refresh_from_db()
    return SimpleNamespace(
        world=world,
        program=program,
        maya=_person(program, "Maya", "mentor", START),
        amir=_person(program, "Amir", "mentee", START, preferred_language="fr"),
        bea=_person(program, "Bea", "mentee", START + timedelta(days=1)),
        cleo=_person(program, "Cleo", "mentee", START + timedelta(days=2)),
        dev=_person(program, "Dev", "mentee", START + timedelta(days=21)),
    )


def day(n: float) -> datetime:
    """`n` days after the first mentee became ready (06:15, when the daily job runs)."""
    return START + timedelta(days=n, hours=-2, minutes=-45)


def digests() -> list[Notification]:
    return list(Notification.objects.filter(kind=DIGEST).order_by("pk"))


def test_a_week_before_the_staff_get_one_summary_and_each_mentee_a_word_of_reassurance(
    circles: SimpleNamespace,
) -> None:
    world = circles.world
    assert activation_sweep(now=day(53)) == 0  # more than a week before Amir's end
    activation_sweep(now=day(56))
    activation_sweep(now=day(56) + timedelta(hours=3))  # again the same day: nobody told twice
    # One summary for each of the program's staff, whatever the number of mentees.
    summaries = digests()
    assert sorted(n.person_id for n in summaries) == sorted([world.alice.pk, world.bob.pk])
    text = summary_in(summaries[0], "en")
    assert text == (
        "3 mentees waiting for a group in Nurses circle reach the end of the program's 60 days "
        "to start between May 1, 2026 and May 3, 2026. Form groups for them on the Groups page."
    )
    groups_page = reverse("relationships:staff_groups", args=[circles.program.pk])
    assert summaries[0].url == f"{groups_page}?waiting=soon#waiting"
    # Each of the three is told the staff form the groups, with their profile's link; not
    # asked to choose mentors; Dev (ready three weeks later) is not told yet.
    reminders = Notification.objects.filter(kind=REMINDER)
    assert {n.person_id for n in reminders} == {
        circles.amir.person_id,
        circles.bea.person_id,
        circles.cleo.person_id,
    }
    to_bea = reminders.get(person=circles.bea.person)
    assert summary_in(to_bea, "en") == (
        "You are still waiting for a group in Nurses circle: the program's staff are forming the "
        "groups and will tell you when you join one. Meanwhile, check that your profile and "
        "availability are up to date."
    )
    assert to_bea.url == reverse("questionnaires:profile", args=[circles.bea.pk])
    assert not Notification.objects.filter(kind="relationships.activation_reminder").exists()
    # Eve becomes ready a day after Cleo: the day she reaches her last week, a new summary
    # counts the four still to place; the day after, nothing new, no summary.
    eve = _person(circles.program, "Eve", "mentee", START + timedelta(days=3))
    activation_sweep(now=day(57))
    activation_sweep(now=day(58))
    to_alice = [n for n in digests() if n.person_id == world.alice.pk]
    assert len(to_alice) == 2
    assert summary_in(to_alice[-1], "en").startswith(
        "4 mentees waiting for a group in Nurses circle reach the end of the program's 60 days "
        "to start between May 1, 2026 and May 4, 2026."
    )
    assert Notification.objects.filter(kind=REMINDER, person=eve.person).count() == 1
    assert Notification.objects.filter(kind=REMINDER).count() == 4


def test_the_summary_counts_only_those_the_staff_can_still_place(
    circles: SimpleNamespace,
) -> None:
    """Past the end a mentee is flagged (as for pairs), not counted among those to come."""
    activation_sweep(now=day(63))  # Amir's, Bea's and Cleo's ends have passed
    assert not digests()
    flags = Notification.objects.filter(kind="relationships.activation_flag")
    assert flags.count() == 3 * 2  # each of the three, to Alice and Bob
    activation_sweep(now=day(75))  # Dev's last week
    [to_alice] = [n for n in digests() if n.person_id == circles.world.alice.pk]
    assert summary_in(to_alice, "en").startswith(
        "1 mentee waiting for a group in Nurses circle reaches the end of the program's 60 days "
        "to start on May 22, 2026. Form a group for them"
    )
    assert flags.count() == 6  # the flags stay as they were


def test_a_mentee_who_joined_a_group_or_withdrew_is_neither_told_nor_counted(
    circles: SimpleNamespace,
) -> None:
    services.group_form(
        program=circles.program,
        name="Spring nurses",
        mentor_ids=[circles.maya.pk],
        mentee_ids=[circles.amir.pk, circles.bea.pk],
        by=circles.world.bob,
    )
    Enrollment.objects.filter(pk=circles.dev.pk).update(
        status="withdrawn", status_changed_at=START + timedelta(days=2)
    )
    activation_sweep(now=day(56))
    assert set(Notification.objects.filter(kind=REMINDER).values_list("person_id", flat=True)) == {
        circles.cleo.person_id
    }
    [to_alice] = [n for n in digests() if n.person_id == circles.world.alice.pk]
    assert summary_in(to_alice, "en").startswith("1 mentee waiting for a group in Nurses circle")
    activation_sweep(now=day(70))  # past the end: only Cleo is flagged
    flagged = Notification.objects.filter(kind="relationships.activation_flag")
    assert {n.params["enrollment"] for n in flagged} == {circles.cleo.pk}


def test_each_staff_member_reads_the_summary_in_their_language_with_the_mentees_named(
    circles: SimpleNamespace,
) -> None:
    for staff in (circles.world.alice, circles.world.bob):
        ContactSettings.objects.update_or_create(
            person=staff, defaults={"quiet_start": time(0), "quiet_end": time(0)}
        )
    activation_sweep(now=day(56))
    mail.outbox.clear()
    deliveries_send_due(now=timezone.now() + timedelta(minutes=1))
    to_alice = next(m for m in mail.outbox if m.to == [circles.world.alice.email])
    to_bob = next(m for m in mail.outbox if m.to == [circles.world.bob.email])
    assert to_alice.subject == "3 mentees are waiting for a group in Nurses circle"
    assert to_alice.body.startswith("Hello Alice")
    assert to_bob.body.startswith("Bonjour")
    # Dates in each reader's language, the longest waiting first.
    assert "May 1, 2026" in to_alice.body
    assert "1 mai 2026" in to_bob.body
    body = to_alice.body
    assert body.index("- Amir: May 1, 2026") < body.index("- Bea: May 2, 2026")
    assert body.index("- Bea") < body.index("- Cleo: May 3, 2026")
    assert "Dev" not in body
    assert "/groups/?waiting=soon#waiting" in body


def test_the_groups_page_lists_the_waiting_mentees_the_longest_waiting_first(
    client: Client, circles: SimpleNamespace
) -> None:
    client.force_login(circles.world.alice)  # who reads English
    url = reverse("relationships:staff_groups", args=[circles.program.pk])
    # Seen 55 days after Amir became ready: Amir, Bea, Cleo end within the week; Dev later.
    ready = {
        circles.amir.pk: timezone.now() - timedelta(days=55),
        circles.bea.pk: timezone.now() - timedelta(days=54),
        circles.cleo.pk: timezone.now() - timedelta(days=61),  # passed
        circles.dev.pk: timezone.now() - timedelta(days=34),
    }
    for pk, since in ready.items():
        Enrollment.objects.filter(pk=pk).update(status_changed_at=since)
    page = client.get(url).content.decode()
    section = page[page.index('id="waiting"') : page.index("Form a group")]
    names = ["Cleo", "Amir", "Bea", "Dev"]  # the longest waiting first
    assert [section.index(n) for n in names] == sorted(section.index(n) for n in names)
    assert "(passed)" in section[section.index("Cleo") : section.index("Amir")]
    soon = client.get(url, {"waiting": "soon"}).content.decode()
    section = soon[soon.index('id="waiting"') : soon.index("Form a group")]
    for name in ("Cleo", "Amir", "Bea"):
        assert name in section
    assert "Dev" not in section
    assert "within 7 days, or has passed" in soon
    # Nobody near the end: said so, with a way back to everyone.
    Enrollment.objects.filter(pk__in=ready).update(status_changed_at=timezone.now())
    empty = client.get(url, {"waiting": "soon"}).content.decode()
    assert "No mentee waiting for a group reaches the end of their time to start within 7" in (
        empty
    )
    # An unknown choice shows everyone; the form offers each mentee with their end day.
    everyone = client.get(url, {"waiting": "nonsense"}).content.decode()
    assert "Dev" in everyone[everyone.index('id="waiting"') :]
    assert "time to start ends" in everyone
    # A mentee in a group is no longer waiting.
    services.group_form(
        program=circles.program,
        name="Spring nurses",
        mentor_ids=[circles.maya.pk],
        mentee_ids=[circles.amir.pk, circles.bea.pk],
        by=circles.world.bob,
    )
    page = client.get(url).content.decode()
    section = page[page.index('id="waiting"') : page.index("Form a group")]
    assert "Amir" not in section
    assert "Cleo" in section


def _queries(now: datetime) -> int:
    with CaptureQueriesContext(connection) as captured:
        activation_sweep(now=now)
    return len(captured)


def test_the_sweeps_queries_do_not_grow_with_the_mentees_waiting(
    world: SimpleNamespace,
) -> None:
    """A sweep that finds nobody new, and one where a single newcomer brings the day's
    summary, cost the same with 2 or 10 mentees told before."""
    program = ProgramFactory(organization=world.agency_a, name="Circles", kind="group")
    for n in range(2):
        _person(program, f"Early{n}", "mentee", START + timedelta(hours=n))
    activation_sweep(now=day(54))  # both told, the summary written
    idle_2 = _queries(day(55))
    _person(program, "Newcomer", "mentee", START + timedelta(days=2))
    newcomer_2 = _queries(day(56))
    for n in range(7):
        _person(program, f"More{n}", "mentee", START + timedelta(hours=n + 2))
    activation_sweep(now=day(57))  # the seven told
    idle_10 = _queries(day(58))
    _person(program, "Latecomer", "mentee", START + timedelta(days=5))
    newcomer_10 = _queries(day(59))
    assert Notification.objects.filter(kind=REMINDER).count() == 11
    assert len(digests()) == 2 * 4  # Alice and Bob, on days 54, 56, 57 and 59
    assert idle_2 == idle_10
    assert newcomer_2 == newcomer_10
