"""Who leads a circle: a seasoned mentor for a mentors' circle (a completed mentorship, or a
staff member's word, kept and audited), any accepted mentor for a mentees' circle; naming
another leader."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest

from bridgeway.community.access import can_moderate
from bridgeway.community.circles import services
from bridgeway.community.circles.membership import circle_join
from bridgeway.community.circles.models import Circle, CircleMember
from bridgeway.core.models import AuditEvent
from bridgeway.core.services import DomainError
from bridgeway.messaging.models import Member
from bridgeway.notifications.models import Notification
from tests.community.circles.conftest import complete_mentorship, enrolled, fields

pytestmark = pytest.mark.django_db
Status = CircleMember.Status


def test_a_mentors_circle_is_led_by_a_seasoned_mentor_or_one_staff_vouch_for(
    people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    with pytest.raises(DomainError, match="has not completed a mentorship here yet"):
        open_circle(kind="mentors", leader=people.gina, vouch=False)
    assert not Circle.objects.exists()

    vouched = open_circle(kind="mentors", leader=people.gina, vouch=True, name="Peer circle")
    assert vouched.leader_vouched_by == people.bob
    audit = AuditEvent.objects.get(action="community.circle_create")
    assert audit.data["vouched"] is True
    assert audit.subject == people.gina

    complete_mentorship(people.frank, people.program_a)
    seasoned = open_circle(kind="mentors", leader=people.frank, vouch=False, name="Second")
    assert seasoned.leader_vouched_by is None
    assert can_moderate(people.frank, seasoned.space)
    assert Notification.objects.filter(kind="community.circle_leader", person=people.frank)


def test_the_leader_is_an_accepted_mentor_of_the_circle(
    people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    with pytest.raises(DomainError, match="Choose a mentor of Welcome Hosts A"):
        open_circle(leader=people.erin)  # a mentee
    with pytest.raises(DomainError, match="Say what need brings the mentees together"):
        open_circle(need=" ")


def test_another_leader_for_a_mentors_circle_keeps_the_one_before_as_a_member(
    people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    circle = open_circle(kind="mentors")
    circle_join(circle=circle, person=people.gina)
    services.leader_set(circle=circle, by=people.bob, leader=people.gina, vouch=True)
    services.leader_set(circle=circle, by=people.bob, leader=people.gina, vouch=True)  # twice

    roles = dict(CircleMember.objects.filter(circle=circle).values_list("person_id", "role"))
    assert roles == {people.gina.pk: "leader", people.frank.pk: "member"}
    assert CircleMember.objects.get(person=people.frank).status == Status.ACTIVE
    assert not can_moderate(people.frank, circle.space)
    assert can_moderate(people.gina, circle.space)
    [replaced] = Notification.objects.filter(kind="community.circle_leader_replaced")
    assert replaced.person == people.frank
    assert replaced.params["stays"] is True
    assert AuditEvent.objects.filter(action="community.circle_leader").count() == 1


def test_the_leader_before_leaves_a_mentees_circle(
    people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    circle = open_circle()
    circle_join(circle=circle, person=people.erin)
    services.leader_set(circle=circle, by=people.bob, leader=people.gina)
    circle.refresh_from_db()
    frank = CircleMember.objects.get(circle=circle, person=people.frank)
    assert frank.status == Status.LEFT
    chat = set(
        Member.objects.filter(conversation_id=circle.conversation_id, left_at=None).values_list(
            "person_id", flat=True
        )
    )
    assert chat == {people.erin.pk, people.gina.pk}


def test_changing_a_circle_keeps_room_for_its_members(
    people: SimpleNamespace, open_circle: Callable[..., Circle]
) -> None:
    circle = open_circle()
    for person in (people.erin, people.hana, enrolled(people.program_a, "Lena", "mentee")):
        circle_join(circle=circle, person=person)
    with pytest.raises(DomainError, match="3 members are in the circle already"):
        services.circle_update(circle=circle, by=people.bob, fields=fields(capacity=2))
    services.circle_update(
        circle=circle, by=people.bob, fields=fields(name="Health careers", capacity=4)
    )
    circle.refresh_from_db()
    assert circle.space.name == "Health careers"
    assert circle.conversation is not None
    assert circle.conversation.title == "Health careers"
    audit = AuditEvent.objects.get(action="community.circle_update")
    assert set(audit.data["fields"]) == {"name", "capacity"}
