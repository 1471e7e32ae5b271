"""Members joining and leaving a group after it was formed: staff add a mentee or a second
mentor within the limits, the newcomer signs the agreement before taking part, everyone is told
in their own language; a member leaves (or staff take them out) with a reason, a mentee who
wants another group goes back to the waiting list at their place, and a group below its
minimum is flagged to staff rather than closed."""

from __future__ import annotations

from datetime import time, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.core.models import AuditEvent
from bridgeway.core.services import DomainError
from bridgeway.messaging.models import Member
from bridgeway.notifications.models import Notification
from bridgeway.notifications.render import summary_in
from bridgeway.programs.models import EnrollmentStatus, StatusChange, WaitlistEntry
from bridgeway.programs.waitlist import waitlist_sync
from bridgeway.relationships.groups import checkins, goals, meetings, membership, services
from bridgeway.relationships.groups.models import GroupMember, MentoringGroup
from tests.relationships.test_groups import _person, circle, form, sign_all  # noqa: F401

pytestmark = pytest.mark.django_db
S = EnrollmentStatus


@pytest.fixture
def active(circle: SimpleNamespace) -> MentoringGroup:  # noqa: F811
    group = form(circle)
    sign_all(group)
    return group


def _member(group: MentoringGroup, enrollment: Any) -> GroupMember:
    return GroupMember.objects.get(group=group, enrollment=enrollment)


def test_staff_add_a_mentee_who_signs_before_taking_part_and_everyone_is_told(
    client: Client,
    active: MentoringGroup,
    circle: SimpleNamespace,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    meeting = meetings.meeting_schedule(
        group=active,
        by=circle.maya.person,
        kind="phone",
        day=timezone.localdate() + timedelta(days=5),
        at=time(10, 0),
    )
    client.force_login(circle.world.bob)
    url = reverse("relationships:staff_group", args=[active.pk])
    page = client.get(url).content.decode()
    assert "Add a member" in page
    assert "Dev · mentee" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"form": "add", "add-enrollment": circle.dev.pk})
    assert response.status_code == 302
    again = client.post(url, {"form": "add", "add-enrollment": circle.dev.pk})
    assert again.status_code == 400  # a double submit: Dev is no longer a choice, nothing twice
    dev = _member(active, circle.dev)
    assert dev.must_sign
    circle.dev.refresh_from_db()
    assert circle.dev.status == S.MATCHED
    assert GroupMember.objects.filter(group=active).count() == 5
    with pytest.raises(DomainError, match="Dev is already in this group"):
        membership.member_add(group=active, enrollment_id=circle.dev.pk, by=circle.world.bob)
    # The newcomer is told to sign; the others that Dev joins (Amir in French).
    welcome = next(m for m in mail.outbox if m.to == [circle.dev.person.email])
    assert "Read and sign its agreement" in welcome.body
    joined = Notification.objects.filter(kind="relationships.group_member_joined")
    assert sorted(n.person_id for n in joined) == sorted(
        e.person_id for e in (circle.maya, circle.amir, circle.bea, circle.cleo)
    )
    assert summary_in(joined.get(person=circle.bea.person), "en").startswith(
        "Dev joins your group “Spring nurses”."
    )
    assert any(m.to == [circle.amir.person.email] for m in mail.outbox)
    assert AuditEvent.objects.filter(action="relationships.group_member_add").count() == 1
    assert "joined; signs the agreement before taking part" in client.get(url).content.decode()
    # Until Dev signs: no goals, no meeting answers, no conversation.
    with pytest.raises(DomainError, match="Sign the group's agreement first"):
        goals.goal_add(group=active, by=circle.dev.person, title="Pass the exam")
    with pytest.raises(DomainError, match="Sign the group's agreement first"):
        checkins.check_in_submit(
            group=active, by=circle.dev.person, kind="pulse", round="2026-12", score=4
        )
    assert not Member.objects.filter(
        conversation_id=active.conversation_id, person=circle.dev.person
    ).exists()
    client.force_login(circle.dev.person)
    my_group = reverse("relationships:group", args=[active.pk])
    page = client.get(my_group).content.decode()
    assert "The group is already under way" in page
    assert "Sign the agreement" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(my_group, {"form": "sign", "typed_name": "Dev Patel"})
    dev.refresh_from_db()
    assert not dev.must_sign
    assert Member.objects.filter(
        conversation_id=active.conversation_id, person=circle.dev.person, left_at=None
    ).exists()
    invited = Notification.objects.get(
        kind="relationships.group_meeting_scheduled", person=circle.dev.person
    )
    assert invited.params == {"meeting": meeting.pk}
    assert any(
        m.to == [circle.dev.person.email] and m.attachments for m in mail.outbox
    )  # the calendar invitation
    assert "Group messages" in client.get(my_group).content.decode()
    with pytest.raises(DomainError, match="already in force"):
        services.agreement_sign(agreement=active.agreement, by=circle.dev.person, typed_name="D")
    goals.goal_add(group=active, by=circle.dev.person, title="Pass the exam")


def test_the_limits_hold_when_adding(
    active: MentoringGroup,
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    bob = circle.world.bob
    membership.member_add(group=active, enrollment_id=circle.noah.pk, by=bob)
    third = _person(circle.program, "Tara", "mentor")
    with pytest.raises(DomainError, match="two mentors at most"):
        membership.member_add(group=active, enrollment_id=third.pk, by=bob)
    for n in range(9):
        extra = _person(circle.program, f"Extra{n}", "mentee")
        membership.member_add(group=active, enrollment_id=extra.pk, by=bob)
    last = _person(circle.program, "Last", "mentee")
    with pytest.raises(DomainError, match="12 mentees at most"):
        membership.member_add(group=active, enrollment_id=last.pk, by=bob)
    applied = _person(circle.program, "Ina", "mentee")
    applied.status = "applied"
    applied.save()
    membership.member_leave(
        group=active, member=_member(active, circle.amir), by=bob, reason="staff"
    )
    with pytest.raises(DomainError, match="Ina is not ready to be matched"):
        membership.member_add(group=active, enrollment_id=applied.pk, by=bob)
    with pytest.raises(DomainError, match="Only the program's staff"):
        membership.member_add(group=active, enrollment_id=last.pk, by=circle.maya.person)
    with pytest.raises(DomainError, match="Choose a person of this program"):
        membership.member_add(group=active, enrollment_id=circle.world.program_a.pk, by=bob)


def test_a_mentee_leaves_and_goes_back_to_the_waiting_list_at_their_place(
    client: Client,
    circle: SimpleNamespace,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    now = timezone.now()
    # Bea has waited since a month ago; Dev since ten days ago.
    StatusChange.objects.create(enrollment=circle.bea, from_status="training", to_status="ready")
    StatusChange.objects.filter(enrollment=circle.bea).update(changed_at=now - timedelta(days=30))
    waitlist_sync(enrollment=circle.dev)
    WaitlistEntry.objects.filter(enrollment=circle.dev).update(joined_at=now - timedelta(days=10))
    group = form(circle)
    sign_all(group)
    client.force_login(circle.bea.person)
    url = reverse("relationships:group_leave", args=[group.pk])
    page = client.get(url).content.decode()
    assert "The program&#x27;s staff decided it" not in page
    assert "waiting list at my place" in page
    refused = client.post(url, {"reason": "other"})
    assert "Say in a few words why." in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "no_time", "wants_another": "on"})
    assert response["Location"] == reverse("relationships:group", args=[group.pk])
    twice = client.post(url, {"reason": "no_time", "wants_another": "on"})
    assert twice.status_code == 200  # the page says she is no longer in it; nothing changes
    assert "You are not in this group any more" in twice.content.decode()
    bea = _member(group, circle.bea)
    assert (bea.left_reason, bea.left_by_id) == ("no_time", circle.bea.person.pk)
    with pytest.raises(DomainError, match="You have already left this group"):
        membership.member_leave(group=group, member=bea, by=circle.bea.person, reason="no_time")
    circle.bea.refresh_from_db()
    assert circle.bea.status == S.READY
    order = list(
        WaitlistEntry.objects.filter(program=circle.program)
        .order_by("position")
        .values_list("enrollment_id", flat=True)
    )
    assert order == [circle.bea.pk, circle.dev.pk]  # her earlier place, before Dev
    assert not Member.objects.filter(
        conversation_id=group.conversation_id, person=circle.bea.person, left_at=None
    ).exists()
    told = Notification.objects.get(kind="relationships.group_you_left", person=circle.bea.person)
    assert "back on the waiting list at the place you had" in summary_in(told, "en")
    left = Notification.objects.filter(kind="relationships.group_member_left")
    assert left.count() == 3  # Maya, Amir and Cleo
    assert summary_in(left.first(), "en") == "Bea has left your group “Spring nurses”."  # type: ignore[arg-type]
    assert AuditEvent.objects.filter(action="relationships.group_member_leave").count() == 1
    page = client.get(reverse("relationships:group", args=[group.pk])).content.decode()
    assert "You left this group on" in page
    assert "Leave this group" not in page
    # The staff page shows who left and why.
    client.force_login(circle.world.bob)
    staff = client.get(reverse("relationships:staff_group", args=[group.pk])).content.decode()
    assert "Members who left" in staff
    assert "No time for the group any more" in staff


def test_staff_take_out_the_only_mentor_and_the_group_is_flagged_not_closed(
    client: Client,
    active: MentoringGroup,
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    client.force_login(circle.world.bob)
    url = reverse("relationships:staff_group", args=[active.pk])
    maya = _member(active, circle.maya)
    client.post(
        url,
        {"form": "leave", "member": maya.pk, "leave-reason": "staff", "leave-note": "Moved away"},
    )
    maya.refresh_from_db()
    assert maya.left_reason == "staff"
    active.refresh_from_db()
    assert active.status == MentoringGroup.Status.ACTIVE
    circle.maya.refresh_from_db()
    assert circle.maya.status == S.READY  # her place is free
    flagged = Notification.objects.filter(kind="relationships.group_below_minimum")
    assert circle.world.bob.pk in {n.person_id for n in flagged}
    assert flagged.first().url == url  # type: ignore[union-attr]
    assert "No mentor left in the group" in client.get(url).content.decode()
    listing = client.get(reverse("relationships:staff_list", args=[circle.program.pk]))
    assert "No mentor left in the group" in listing.content.decode()
    # A member cannot take another out; an outsider gets nothing.
    with pytest.raises(DomainError, match="Only the member or the program's staff"):
        membership.member_leave(
            group=active, member=_member(active, circle.bea), by=circle.amir.person, reason="other"
        )
    client.force_login(circle.world.carol)
    client.post(url, {"form": "leave", "member": _member(active, circle.bea).pk})
    assert _member(active, circle.bea).left_at is None


def test_a_mentor_leaves_with_a_reason_and_is_not_offered_the_waiting_list(
    client: Client,
    active: MentoringGroup,
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    """The mentor's "Leave the group" page opens (it once failed for anyone but a mentee) and
    asks only for the reason: a mentor has no waiting-list place to go back to."""
    client.force_login(circle.maya.person)
    url = reverse("relationships:group_leave", args=[active.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "waiting list at my place" not in page.content.decode()
    response = client.post(url, {"reason": "no_time"})
    assert response["Location"] == reverse("relationships:group", args=[active.pk])
    assert _member(active, circle.maya).left_reason == "no_time"


def test_a_starting_group_starts_when_the_one_who_had_not_signed_leaves(
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    group = form(circle)
    for enrollment in (circle.maya, circle.amir, circle.bea):
        services.agreement_sign(
            agreement=group.agreement, by=enrollment.person, typed_name=enrollment.person.name
        )
    membership.member_leave(
        group=group, member=_member(group, circle.cleo), by=circle.cleo.person, reason="not_fit"
    )
    group.refresh_from_db()
    assert group.status == MentoringGroup.Status.ACTIVE
    circle.cleo.refresh_from_db()
    assert circle.cleo.status == S.CLOSED  # she did not ask for another group


def test_a_mentor_who_leads_another_group_joins_as_second_mentor(
    active: MentoringGroup,
    circle: SimpleNamespace,  # noqa: F811
) -> None:
    circle.noah.capacity = 2
    circle.noah.save()
    form(
        circle,
        name="Autumn",
        mentor_ids=[circle.noah.pk],
        mentee_ids=[circle.dev.pk, _person(circle.program, "Zoe", "mentee").pk],
    )
    member = membership.member_add(group=active, enrollment_id=circle.noah.pk, by=circle.world.bob)
    assert (member.role, member.must_sign) == ("mentor", True)
    circle.noah.refresh_from_db()
    assert circle.noah.status == S.MATCHED
    circle.noah.capacity = 1
    circle.noah.save()
    with pytest.raises(DomainError, match="Noah is already in this group"):
        membership.member_add(group=active, enrollment_id=circle.noah.pk, by=circle.world.bob)
