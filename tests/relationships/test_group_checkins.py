"""Check-ins of a group: the mid-point check and the monthly question reach each member of an
under-way group once, through durable timers; answers go to staff only; low answers, a call
for help, a silent group or one below its minimum show on the coordinator's list with the
reason; staff record contacts with a note on the group's page."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.core.services import DomainError
from bridgeway.messaging.models import Conversation
from bridgeway.notifications.models import Notification, Timer
from bridgeway.notifications.render import summary_in
from bridgeway.notifications.timers import timers_run_due
from bridgeway.relationships.groups import checkins, services
from bridgeway.relationships.groups.models import GroupCheckIn, GroupMember, MentoringGroup
from bridgeway.relationships.overdue import overdue_groups
from tests.relationships.test_groups import circle, form, sign_all  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def active(circle: SimpleNamespace) -> MentoringGroup:  # noqa: F811
    group = form(circle)
    sign_all(group)
    return group


def test_the_midpoint_and_monthly_questions_reach_each_member_once(
    active: MentoringGroup,
    circle: SimpleNamespace,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    assert active.activated_at is not None
    midpoint = Timer.objects.get(key=f"group:{active.pk}:midpoint")
    assert midpoint.kind == "relationships.group_check_in"
    half = (active.planned_end - active.activated_at.date()) / 2
    assert abs(midpoint.due_at - (active.activated_at + half)) < timedelta(days=1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        timers_run_due(now=active.activated_at + timedelta(days=31))
        timers_run_due(now=active.activated_at + timedelta(days=32))  # nothing twice
    asked = Notification.objects.filter(kind="relationships.group_check_in")
    assert asked.count() == 4  # Maya and the three mentees, once each
    assert summary_in(asked[0], "en").startswith("How is your group going?")
    assert Timer.objects.filter(key=f"group:{active.pk}:pulse:2", state="pending").exists()
    to_bea = next(
        m for m in mail.outbox if m.to == [circle.bea.person.email] and "going" in m.subject
    )
    assert to_bea.subject == "How is your group “Spring nurses” going?"
    round_ = (active.activated_at + timedelta(days=30)).strftime("%Y-%m")
    assert reverse("relationships:group_check_in", args=[active.pk, "pulse", round_]) in to_bea.body
    timers_run_due(now=midpoint.due_at + timedelta(minutes=1))
    texts = {summary_in(n, "en") for n in asked.all()}
    assert any(t.startswith("Your group is half-way through its time together.") for t in texts)


def test_a_group_check_in_nobody_answered_is_overdue_until_a_member_answers(
    active: MentoringGroup,
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    asked = timezone.now() - timedelta(days=9)
    # The group's first monthly question went out nine days ago.
    Timer.objects.filter(key=f"group:{active.pk}:pulse:1").update(
        due_at=asked, state=Timer.State.DONE, finished_at=asked
    )
    found = overdue_groups(program=active.program)
    assert any("A check-in asked on" in reason for reason in found[active.pk])
    GroupCheckIn.objects.create(
        group=active,
        person=circle.bea.person,
        kind="pulse",
        round=asked.strftime("%Y-%m"),
        score=4,
    )
    found = overdue_groups(program=active.program)
    assert not any("A check-in asked on" in reason for reason in found.get(active.pk, []))


def test_a_group_not_under_way_or_closed_is_not_asked(
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    group = form(circle)
    assert not Timer.objects.filter(key__startswith=f"group:{group.pk}:").exists()
    sign_all(group)
    services.group_close(group=group, by=circle.maya.person, reason="no_time")
    timers_run_due(now=group.activated_at + timedelta(days=400))  # type: ignore[operator]
    assert not Notification.objects.filter(kind="relationships.group_check_in").exists()


def test_answers_reach_staff_only_and_put_the_group_on_the_at_risk_list(
    client: Client,
    active: MentoringGroup,
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    assert checkins.at_risk(program=circle.program) == {}
    client.force_login(circle.bea.person)
    url = reverse("relationships:group_check_in", args=[active.pk, "pulse", "2026-12"])
    page = client.get(url).content.decode()
    assert "How is your group going?" in page
    assert "the other members of the group do not" in page
    assert "Select a valid choice." in client.post(url, {"score": "9"}).content.decode()
    response = client.post(url, {"score": "1", "needs_help": "on", "comment": "Nobody shows up."})
    assert response["Location"] == reverse("relationships:group", args=[active.pk])
    client.post(url, {"score": "5"})  # a second click: the first answer stays
    assert list(GroupCheckIn.objects.values_list("score", flat=True)) == [1]
    assert "You have answered" in client.get(url).content.decode()
    with pytest.raises(DomainError, match="already answered"):
        checkins.check_in_submit(
            group=active, by=circle.bea.person, kind="pulse", round="2026-12", score=4
        )
    with pytest.raises(DomainError, match="Only the group's members"):
        checkins.check_in_submit(
            group=active, by=circle.dev.person, kind="pulse", round="2026-12", score=4
        )
    assert checkins.at_risk(program=circle.program)[active.pk] == [
        "Asked for the program's help",
        "A low answer to a check-in",
    ]
    # The coordinator's list: a group row, saying it is a group, linking to its staff page.
    client.force_login(circle.world.bob)
    listing = client.get(reverse("relationships:staff_list", args=[circle.program.pk]))
    text = listing.content.decode()
    staff_url = reverse("relationships:staff_group", args=[active.pk])
    assert "Group “Spring nurses”" in text
    assert "a group of 3 mentees" in text
    assert f'href="{staff_url}"' in text
    assert "Asked for the program&#x27;s help; A low answer to a check-in" in text
    page = client.get(staff_url).content.decode()
    assert "Nobody shows up." in page
    assert "Needs attention:" in page
    assert "asked for help" in page
    # Staff record a contact with a note.
    blank = client.post(staff_url, {"form": "contact", "contact-note": "  "})
    assert blank.status_code == 400
    assert "This field is required." in blank.content.decode()
    client.post(staff_url, {"form": "contact", "contact-note": "Called Bea; meetings on Tuesdays."})
    assert "Called Bea; meetings on Tuesdays." in client.get(staff_url).content.decode()
    # Other members never read her answer; another agency's staff never see the group.
    client.force_login(circle.amir.person)
    assert (
        "Nobody shows up."
        not in client.get(reverse("relationships:group", args=[active.pk])).content.decode()
    )
    assert client.get(staff_url).status_code == 404
    client.force_login(circle.world.carol)
    assert client.get(staff_url).status_code == 404


def test_a_silent_group_is_flagged_after_the_programs_number_of_days(
    active: MentoringGroup,
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    assert active.activated_at is not None
    days = circle.program.inactivity_days
    soon = active.activated_at + timedelta(days=days - 1)
    assert checkins.at_risk(program=circle.program, now=soon) == {}
    later = active.activated_at + timedelta(days=days + 1)
    assert checkins.at_risk(program=circle.program, now=later)[active.pk] == [
        f"No message, meeting or progress in {days} days"
    ]
    # A message in the group's conversation is a sign of life.
    Conversation.objects.filter(pk=active.conversation_id).update(
        last_message_at=active.activated_at + timedelta(days=days)
    )
    assert checkins.at_risk(program=circle.program, now=later) == {}


def test_a_group_below_its_minimum_is_listed_not_closed(
    active: MentoringGroup,
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    from django.utils import timezone

    GroupMember.objects.filter(group=active, role="mentee").exclude(enrollment=circle.amir).update(
        left_at=timezone.now()
    )
    assert checkins.at_risk(program=circle.program)[active.pk] == [
        "1 mentee left; a group needs at least 2"
    ]
    active.refresh_from_db()
    assert active.status == MentoringGroup.Status.ACTIVE


def test_the_list_shows_all_or_only_what_needs_attention_or_one_status(
    client: Client,
    active: MentoringGroup,
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    quiet = form(
        circle,
        name="Autumn",
        mentor_ids=[circle.noah.pk],
        mentee_ids=[circle.dev.pk, _ready(circle, "Zoe").pk],
    )
    checkins.check_in_submit(
        group=active, by=circle.bea.person, kind="pulse", round="2026-12", score=1
    )
    client.force_login(circle.world.bob)
    url = reverse("relationships:staff_list", args=[circle.program.pk])
    everything = client.get(url).content.decode()
    assert "Group “Spring nurses”" in everything
    assert "Group “Autumn”" in everything
    attention = client.get(url, {"show": "attention"}).content.decode()
    assert "Group “Spring nurses”" in attention
    assert "Group “Autumn”" not in attention
    starting = client.get(url, {"show": "agreement"}).content.decode()
    assert "Group “Autumn”" in starting
    assert "Group “Spring nurses”" not in starting
    services.group_close(group=quiet, by=circle.world.bob, reason="staff")
    closed = client.get(url, {"show": "closed"}).content.decode()
    assert "Group “Autumn”" in closed
    assert "Group “Spring nurses”" not in closed
    # A choice that does not exist shows everything.
    assert "Group “Autumn”" in client.get(url, {"show": "nonsense"}).content.decode()


def test_the_list_of_a_group_program_keeps_its_query_count(
    client: Client,
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_groups(n: int) -> None:
        for i in range(n):
            mentor = _ready(circle, f"Mentor{n}x{i}", role="mentor")
            mentees = [_ready(circle, f"Mentee{n}x{i}x{j}").pk for j in range(2)]
            group = form(circle, name=f"G{n}x{i}", mentor_ids=[mentor.pk], mentee_ids=mentees)
            sign_all(group)

    client.force_login(circle.world.bob)
    url = reverse("relationships:staff_list", args=[circle.program.pk])
    counts = []
    for n in (2, 8):
        add_groups(n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def _ready(circle: SimpleNamespace, name: str, role: str = "mentee") -> Any:  # noqa: F811
    from tests.relationships.test_groups import _person

    return _person(circle.program, name, role)
