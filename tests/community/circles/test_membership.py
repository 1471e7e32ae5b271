"""Joining and leaving circles: who may join and why not, the places, a double join, the
conversation and the space that follow membership, requests and their answers."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest

from bridgeway.community import services as forum
from bridgeway.community.access import spaces_readable
from bridgeway.community.circles import members
from bridgeway.community.circles.membership import circle_join, circle_leave
from bridgeway.community.circles.models import Circle, CircleMember
from bridgeway.community.models import Follow
from bridgeway.core.services import DomainError
from bridgeway.messaging.models import Member, Message
from bridgeway.messaging.services import message_send
from bridgeway.notifications.models import Notification
from bridgeway.programs.models import Enrollment
from tests.community.circles.conftest import enrolled, send_emails

pytestmark = pytest.mark.django_db
Status = CircleMember.Status


def _reads(person: object, circle: Circle) -> bool:
    return spaces_readable(person).filter(pk=circle.space_id).exists()  # type: ignore[arg-type]


def _in_chat(person: object, circle: Circle) -> bool:
    circle.refresh_from_db()
    return Member.objects.filter(
        conversation_id=circle.conversation_id, person=person, left_at=None
    ).exists()


def test_joining_twice_is_one_join_with_the_conversation_and_the_space(
    people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    circle = open_circle()
    assert circle.conversation_id is None  # the leader alone: no conversation yet
    assert _reads(people.frank, circle)
    assert _reads(people.bob, circle)
    assert not _reads(people.erin, circle)

    first = circle_join(circle=circle, person=people.erin)
    again = circle_join(circle=circle, person=people.erin)  # a double submit

    assert first.pk == again.pk
    assert first.status == Status.ACTIVE
    assert CircleMember.objects.filter(circle=circle, person=people.erin).count() == 1
    assert _in_chat(people.erin, circle)
    assert _in_chat(people.frank, circle)
    assert _reads(people.erin, circle)
    assert Follow.objects.filter(person=people.erin, space_id=circle.space_id).exists()
    # Another mentee of the same program reads neither the space nor the conversation.
    assert not _reads(people.hana, circle)
    assert not _in_chat(people.hana, circle)
    [told] = Notification.objects.filter(kind="community.circle_joined")
    assert told.person == people.frank

    circle_join(circle=circle, person=people.hana)
    assert _in_chat(people.hana, circle)
    joined = Message.objects.filter(conversation_id=circle.conversation_id, event="member_joined")
    assert [m.event_data["name"] for m in joined] == ["Hana"]


def test_leaving_takes_the_person_out_of_the_conversation_and_the_space(
    people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    circle = open_circle()
    circle_join(circle=circle, person=people.erin)
    circle_join(circle=circle, person=people.hana)

    left = circle_leave(circle=circle, person=people.erin)
    assert left is not None
    assert left.status == Status.LEFT
    assert circle_leave(circle=circle, person=people.erin) is None  # twice: nothing more
    assert not _in_chat(people.erin, circle)
    assert not _reads(people.erin, circle)
    assert not Follow.objects.filter(person=people.erin, space_id=circle.space_id).exists()
    assert Message.objects.filter(conversation_id=circle.conversation_id, event="member_left")
    with pytest.raises(DomainError, match="As its leader you stay"):
        circle_leave(circle=circle, person=people.frank)

    circle_join(circle=circle, person=people.erin)  # back again, while there is room
    assert _in_chat(people.erin, circle)
    assert _reads(people.erin, circle)


def test_who_may_join_and_why_not(
    people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    circle = open_circle(capacity=2)
    with pytest.raises(DomainError, match="once your application to Welcome Hosts A"):
        circle_join(circle=circle, person=people.ivan)
    with pytest.raises(DomainError, match="for the mentees of Welcome Hosts A"):
        circle_join(circle=circle, person=people.gina)
    circle_join(circle=circle, person=people.erin)
    circle_join(circle=circle, person=people.hana)
    late = enrolled(people.program_a, "Lena", "mentee")
    with pytest.raises(DomainError, match="This circle is full"):
        circle_join(circle=circle, person=late)
    assert not CircleMember.objects.filter(circle=circle, person=late).exists()


def test_a_request_waits_for_the_leader_who_approves_or_declines(
    people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    circle = open_circle(joining="approval")
    people.erin.preferred_language = "fr"
    people.erin.save(update_fields=["preferred_language"])
    asked = circle_join(circle=circle, person=people.erin, note="I am a nurse from Manila.")
    circle_join(circle=circle, person=people.erin)  # asked twice
    assert asked.status == Status.REQUESTED
    assert not _reads(people.erin, circle)
    [request] = Notification.objects.filter(kind="community.circle_request")
    assert request.person == people.frank

    members.request_decide(circle=circle, member=asked, by=people.frank, approve=True)
    members.request_decide(circle=circle, member=asked, by=people.frank, approve=True)  # twice
    asked.refresh_from_db()
    assert asked.status == Status.ACTIVE
    assert _reads(people.erin, circle)
    sent = send_emails()
    [welcome] = [m for m in sent if people.erin.email in m.to]
    assert "Job search in health care" in welcome.subject
    assert welcome.body.startswith("Bonjour Erin,")  # in her language
    [to_leader] = [m for m in sent if people.frank.email in m.to and "asks to join" in m.subject]
    assert to_leader.body.startswith("Hello Frank,")
    assert "Erin asks to join the circle “Job search in health care”" in to_leader.body

    refused = circle_join(circle=circle, person=people.hana)
    members.request_decide(circle=circle, member=refused, by=people.bob, approve=False)
    refused.refresh_from_db()
    assert refused.status == Status.DECLINED
    assert not _reads(people.hana, circle)
    assert Notification.objects.filter(kind="community.circle_declined", person=people.hana)


def test_staff_invite_and_take_out(
    people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    circle = open_circle(joining="approval")
    invited = members.member_invite(circle=circle, by=people.bob, person=people.erin)
    assert invited.status == Status.INVITED
    with pytest.raises(DomainError, match="Only an accepted mentee"):
        members.member_invite(circle=circle, by=people.bob, person=people.ivan)
    joined = circle_join(circle=circle, person=people.erin)  # accepting skips the approval
    assert joined.status == Status.ACTIVE

    members.member_remove(circle=circle, member=joined, by=people.bob, note="Off-topic posts")
    joined.refresh_from_db()
    assert joined.status == Status.REMOVED
    assert not _in_chat(people.erin, circle)
    [told] = Notification.objects.filter(kind="community.circle_removed")
    assert told.params["note"] == "Off-topic posts"
    with pytest.raises(DomainError, match="taken out of this circle"):
        circle_join(circle=circle, person=people.erin)


def test_withdrawing_from_the_program_closes_the_space_and_the_conversation_to_them(
    people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    circle = open_circle()
    circle_join(circle=circle, person=people.erin)
    circle.refresh_from_db()
    assert circle.conversation is not None
    message_send(conversation=circle.conversation, author=people.erin, body="Hello everyone")
    Enrollment.objects.filter(person=people.erin).update(status="withdrawn")

    assert not _reads(people.erin, circle)
    with pytest.raises(DomainError, match="Only the circle's members write"):
        message_send(conversation=circle.conversation, author=people.erin, body="Still here?")


def test_a_closed_circle_is_read_only(
    people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    from bridgeway.community.circles.services import circle_close

    circle = open_circle()
    circle_join(circle=circle, person=people.erin)
    circle_close(circle=circle, by=people.bob, note="The cohort ended.")
    circle_close(circle=circle, by=people.bob)  # twice: once
    circle.refresh_from_db()
    assert circle.status == Circle.Status.CLOSED
    assert circle.conversation is not None
    assert not circle.conversation.is_open
    assert _reads(people.erin, circle)  # the archive stays theirs
    with pytest.raises(DomainError, match="its space can be read but not written to"):
        forum.topic_create(space=circle.space, by=people.erin, title="Anyone?", body="Hi")
    told = Notification.objects.filter(kind="community.circle_closed")
    assert {n.person for n in told} == {people.erin, people.frank}
    with pytest.raises(DomainError, match="This circle has closed"):
        circle_join(circle=circle, person=people.hana)
