"""The in-browser group call of a small session (messaging's calls, docs/calls.md). A call
belongs to a conversation, so a session joined in Bridgeway has its own group conversation:
the organiser and everyone with a place are its members (a place cancelled: the person leaves
it), and its call page is where they meet. A call holds at most BRIDGEWAY_CALL_MAX_PEOPLE
people, the organiser included, and a conversation belongs to an agency: larger sessions and
the network's use an external link."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.community.sessions.models import Session, SessionScope
from bridgeway.core.services import DomainError
from bridgeway.messaging.models import Conversation, Member
from bridgeway.messaging.services import conversation_close_group

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person


def max_places() -> int:
    return int(settings.BRIDGEWAY_CALL_MAX_PEOPLE) - 1


def check_possible(*, scope_level: str, capacity: int) -> None:
    if scope_level == SessionScope.NETWORK:
        raise DomainError(_("A session for the whole network needs an external link."), "join_kind")
    if capacity > max_places():
        raise DomainError(
            ngettext(
                "A group call in Bridgeway holds %(places)d person besides you: give an "
                "external link for more places.",
                "A group call in Bridgeway holds %(places)d people besides you: give an "
                "external link for more places.",
                max_places(),
            )
            % {"places": max_places()},
            "join_kind",
        )


def open_for(session: Session, *, host: Person) -> None:
    assert session.organization_id is not None
    conversation = Conversation.objects.create(
        organization_id=session.organization_id,
        program_id=session.program_id,
        kind=Conversation.Kind.GROUP,
        title=session.title[:200],
    )
    Member.objects.create(conversation=conversation, person=host, role=Member.Role.STAFF)
    session.conversation = conversation
    session.save(update_fields=["conversation"])


def add(session: Session, person: Person) -> None:
    if session.conversation_id is None:
        return
    Member.objects.update_or_create(
        conversation_id=session.conversation_id, person=person, defaults={"left_at": None}
    )


def remove(session: Session, person: Person) -> None:
    if session.conversation_id is None:
        return
    Member.objects.filter(
        conversation_id=session.conversation_id, person=person, left_at=None
    ).exclude(role=Member.Role.STAFF).update(left_at=timezone.now())


def close_for(session: Session) -> None:
    if session.conversation_id is not None:
        conversation_close_group(conversation_id=session.conversation_id)
