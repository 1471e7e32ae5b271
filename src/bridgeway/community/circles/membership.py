"""Joining and leaving a circle, and what comes with a place in it.

A member is in the circle's group conversation (messaging's: it starts when the leader and a
first member are there; joining adds a person, leaving takes them out, and the conversation
says so), follows its space (new topics reach them as the community's notifications do), and
may register for its sessions. Leaving — by themself, or taken out by staff — takes them out of
the conversation, the space and the circle's coming sessions at once.

The circle's row is locked while places are counted: two people asking for the last place at
the same moment get one place and one refusal; asking or joining twice changes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.community.circles.models import Circle, CircleKind, CircleMember, Joining
from bridgeway.community.circles.rules import join_refusal, places_of
from bridgeway.community.models import Follow
from bridgeway.community.sessions.models import Registration, Session
from bridgeway.core.services import DomainError
from bridgeway.messaging.models import Conversation
from bridgeway.messaging.services import (
    conversation_group_join,
    conversation_group_leave,
    conversation_start_group,
    event_add,
)
from bridgeway.notifications.outbox import notify

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

Status = CircleMember.Status
Role = CircleMember.Role


def locked(circle: Circle) -> Circle:
    return (
        Circle.objects.select_for_update(of=("self",))
        .select_related("organization", "program")
        .get(pk=circle.pk)
    )


def member_count(circle: Circle) -> int:
    """Members besides the leader."""
    return CircleMember.objects.filter(
        circle=circle, role=Role.MEMBER, status=Status.ACTIVE
    ).count()


def leader_member(circle: Circle) -> CircleMember | None:
    return (
        CircleMember.objects.filter(circle=circle, role=Role.LEADER, status=Status.ACTIVE)
        .select_related("person")
        .first()
    )


def stamp() -> int:
    """Now, in seconds: tells apart the events of someone who joins again later."""
    return int(timezone.now().timestamp())


def tell(
    circle: Circle,
    person: Person,
    kind: str,
    event: str,
    *,
    leader: bool = False,
    url: str = "",
    **params: object,
) -> None:
    """A notification about the circle, in the person's language, with a link to its page;
    by default as the circle's members hear (a mentor's summaries, a mentee's), its leader
    as a mentor."""
    notify(
        kind=kind,
        event=f"circle:{circle.pk}:{event}",
        person=person,
        role="mentor" if leader or circle.kind == CircleKind.MENTORS else "mentee",
        params={"circle": circle.pk, **params},
        url=url or reverse("community:circle", args=[circle.pk]),
        organization=circle.organization,
    )


def activate(circle: Circle, member: CircleMember, *, by: Person | None = None) -> None:
    """Give the person their place: the conversation, the space's news. The caller holds the
    circle's lock and has checked that they may be in it."""
    now = timezone.now()
    member.status, member.joined_at, member.left_at = Status.ACTIVE, now, None
    if by is not None:
        member.decided_by = by
    member.save()
    _conversation_add(circle, member)
    Follow.objects.get_or_create(person=member.person, space_id=circle.space_id)


def _conversation_add(circle: Circle, member: CircleMember) -> None:
    if circle.conversation_id is None:
        people = {
            m.person_id: m.person
            for m in CircleMember.objects.filter(
                circle=circle, status=Status.ACTIVE
            ).select_related("person")
        }
        if len(people) < 2:
            return  # the leader alone: the conversation starts with the first member
        circle.conversation = conversation_start_group(
            program_id=circle.program_id,
            organization_id=circle.organization_id,
            title=circle.name,
            people=list(people.values()),
        )
        circle.save(update_fields=["conversation", "updated_at"])
        return
    conversation_group_join(conversation_id=circle.conversation_id, person=member.person)
    conversation = Conversation.objects.get(pk=circle.conversation_id)
    event_add(
        conversation=conversation,
        code="member_joined",
        data={"name": member.person.name},
        by=member.person,
    )


def deactivate(
    circle: Circle, member: CircleMember, status: str, *, by: Person | None = None
) -> None:
    """Take the person out: of the conversation (which says so), the space's news and the
    circle's coming sessions. The caller holds the circle's lock."""
    from bridgeway.community.sessions.registration import unregister

    member.status, member.left_at = status, timezone.now()
    if by is not None:
        member.decided_by = by
    member.save()
    if circle.conversation_id is not None:
        conversation_group_leave(conversation_id=circle.conversation_id, person=member.person)
        event_add(
            conversation=Conversation.objects.get(pk=circle.conversation_id),
            code="member_left",
            data={"name": member.person.name},
        )
    Follow.objects.filter(person=member.person, space_id=circle.space_id).delete()
    Follow.objects.filter(person=member.person, topic__space_id=circle.space_id).delete()
    coming = Session.objects.filter(
        circle=circle,
        status=Session.Status.SCHEDULED,
        starts_at__gt=timezone.now(),
        registrations__person=member.person,
        registrations__status__in=[Registration.Status.REGISTERED, Registration.Status.WAITING],
    )
    for session in coming:
        unregister(session=session, person=member.person)


@transaction.atomic
def circle_join(*, circle: Circle, person: Person, note: str = "") -> CircleMember:
    """Join an open circle, accept an invitation, or ask to join a circle by approval (the
    leader is told). Twice changes nothing."""
    circle = locked(circle)
    membership = (
        CircleMember.objects.select_for_update()
        .select_related("person")
        .filter(circle=circle, person=person)
        .first()
    )
    if membership is not None and membership.status == Status.ACTIVE:
        return membership  # joined twice
    invited = membership is not None and membership.status == Status.INVITED
    if (
        membership is not None
        and membership.status == Status.REQUESTED
        and circle.joining == Joining.APPROVAL
    ):
        return membership  # asked twice
    refusal = join_refusal(
        circle=circle, places=places_of(person), membership=membership, members=member_count(circle)
    )
    if refusal:
        raise DomainError(refusal)
    if membership is None:
        membership = CircleMember(circle=circle, person=person, role=Role.MEMBER)
    leader = leader_member(circle)
    if circle.joining == Joining.OPEN or invited:
        activate(circle, membership)
        if leader is not None:
            tell(
                circle,
                leader.person,
                "community.circle_joined",
                f"joined:{membership.pk}:{stamp()}",
                leader=True,
                member=membership.pk,
            )
        return membership
    membership.status, membership.asked_at = Status.REQUESTED, timezone.now()
    membership.note = note.strip()[:500]
    membership.save()
    if leader is not None:
        tell(
            circle,
            leader.person,
            "community.circle_request",
            f"request:{membership.pk}:{stamp()}",
            leader=True,
            member=membership.pk,
        )
    return membership


@transaction.atomic
def circle_leave(*, circle: Circle, person: Person) -> CircleMember | None:
    """Leave the circle, take back one's request, or say no to an invitation. Twice changes
    nothing; the leader stays until staff name another."""
    circle = locked(circle)
    membership = (
        CircleMember.objects.select_for_update()
        .select_related("person")
        .filter(circle=circle, person=person)
        .first()
    )
    if membership is None or membership.status not in (
        Status.ACTIVE,
        Status.REQUESTED,
        Status.INVITED,
    ):
        return None  # nothing to leave, or left twice
    if membership.is_leader:
        raise DomainError(
            _(
                "As its leader you stay in the circle: ask the program's staff to name another "
                "leader, or to close the circle."
            )
        )
    if membership.status == Status.ACTIVE:
        deactivate(circle, membership, Status.LEFT)
    else:
        membership.status, membership.left_at = Status.LEFT, timezone.now()
        membership.save(update_fields=["status", "left_at"])
    return membership
