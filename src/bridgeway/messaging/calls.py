"""Video and voice calls in a conversation, browser to browser (WebRTC).

The server only introduces the browsers to each other (signalling over the websocket,
consumers.py) and keeps who took part and when; media go directly between them, or through
the operator's TURN relay. Nothing of a call is recorded. A page joins when its socket opens
and leaves when it closes; the last one out ends the call, and the conversation then says
"Video call, 12 minutes" (or that nobody answered)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.core.kept_queries import KeptObjects
from bridgeway.core.realtime import notify_person
from bridgeway.core.services import DomainError
from bridgeway.messaging.models import Call, CallParticipant, Conversation, Member
from bridgeway.messaging.services import event_add, write_refusal
from bridgeway.notifications.timers import timer_schedule

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.notifications.models import Timer

CHECK = "messaging.call_check"
# A page in a call says it is still there this often; one silent for STALE is counted out.
HEARTBEAT_SECONDS = 30
STALE = timedelta(seconds=90)
# How often a call under way is checked for people who vanished.
CHECK_EVERY = timedelta(minutes=2)


class CallError(DomainError):
    pass


def ice_servers(*, person_id: int, now: float | None = None) -> list[dict[str, Any]]:
    """The STUN and TURN servers a browser may use, as RTCPeerConnection takes them. TURN gets
    coturn's time-limited credentials (use-auth-secret, the "TURN REST API"): the user name is
    "<expiry as a Unix time>:<person id>" and the password is base64(HMAC-SHA1(secret, user
    name)), so coturn checks them without asking Bridgeway and they stop working on expiry."""
    servers: list[dict[str, Any]] = []
    if settings.BRIDGEWAY_STUN_URLS:
        servers.append({"urls": list(settings.BRIDGEWAY_STUN_URLS)})
    secret = settings.BRIDGEWAY_TURN_SECRET
    if settings.BRIDGEWAY_TURN_URLS and secret:
        expiry = int(time.time() if now is None else now) + int(settings.BRIDGEWAY_TURN_TTL)
        username = f"{expiry}:{person_id}"
        digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
        servers.append(
            {
                "urls": list(settings.BRIDGEWAY_TURN_URLS),
                "username": username,
                "credential": base64.b64encode(digest).decode("ascii"),
            }
        )
    return servers


# Every conversation page asks it: compiled once per process.
_live = KeptObjects(
    lambda conversation_id: (
        Call.objects.filter(conversation_id=conversation_id, ended_at=None)
        .select_related("started_by")
        .order_by("pk")[:1]
    ),
    int,
)


def call_live(*, conversation: Conversation) -> Call | None:
    """The call under way in the conversation, if any (there is at most one)."""
    found: Call | None = _live.first(conversation.pk)
    return found


def people_in(call: Call) -> list[CallParticipant]:
    """Who is in the call now, in the order they joined."""
    return list(call.participants.filter(left_at=None).select_related("person").order_by("pk"))


def call_url(conversation_id: int) -> str:
    return reverse("messaging:call", args=[conversation_id])


@transaction.atomic
def call_join(*, member: Member, audio_only: bool = False) -> tuple[CallParticipant, list[int]]:
    """The member's page joins the conversation's call, starting one when none is under way
    (the other members' open pages ring). Returns the new participant and the participants it
    replaced (the same person's earlier pages, which leave). The caller has checked that the
    person is a current member (selectors.member_get)."""
    conversation = Conversation.objects.select_for_update().get(pk=member.conversation_id)
    person = member.person
    if not conversation.is_open:
        raise CallError(_("This conversation is closed: calls are no longer possible."))
    if not Member.objects.filter(pk=member.pk, left_at=None).exists():
        raise CallError(_("You are no longer in this conversation."))
    # What pauses messages between two people (a block while staff review a concern) pauses
    # their calls too.
    paused = write_refusal(conversation=conversation, author=person)
    if paused:
        raise CallError(paused)
    now = timezone.now()
    call = call_live(conversation=conversation)
    if call is not None:
        _count_out_vanished(call, now)
        if not call.participants.filter(left_at=None).exists():
            _end(call)  # everyone in it vanished before the check came: it is over
            call = None
    if call is None:
        call = _start(conversation, person, audio_only)
    present = people_in(call)
    earlier = [p for p in present if p.person_id == person.pk]
    limit = settings.BRIDGEWAY_CALL_MAX_PEOPLE
    if not earlier and len(present) >= limit:
        raise CallError(
            ngettext(
                "This call is full: up to %(limit)d person can be in a call. Try again later.",
                "This call is full: up to %(limit)d people can be in a call. Try again later.",
                limit,
            )
            % {"limit": limit}
        )
    CallParticipant.objects.filter(pk__in=[p.pk for p in earlier]).update(left_at=now)
    participant = CallParticipant.objects.create(
        call=call, person=person, joined_at=now, seen_at=now
    )
    if call.answered_at is None and any(p.person_id != person.pk for p in present):
        call.answered_at = now
        call.save(update_fields=["answered_at"])
    return participant, [p.pk for p in earlier]


def _start(conversation: Conversation, person: Person, audio_only: bool) -> Call:
    call = Call.objects.create(conversation=conversation, started_by=person, audio_only=audio_only)
    # The first check ends the call as missed if nobody answered by then.
    _check_at(call, call.started_at + timedelta(seconds=settings.BRIDGEWAY_CALL_RING_SECONDS))
    others = list(
        Member.objects.filter(conversation=conversation, left_at=None)
        .exclude(person=person)
        .select_related("person")
    )
    rings = [(m.person_id, _ring(call, person, m.person)) for m in others]
    transaction.on_commit(lambda: _tell(rings))
    return call


def _ring(call: Call, caller: Person, to: Person) -> dict[str, Any]:
    """What a member's open pages show while the call rings, in that member's language."""
    with translation.override(to.preferred_language or settings.LANGUAGE_CODE):
        text = (
            _("%(name)s is calling you (voice call).")
            if call.audio_only
            else _("%(name)s is calling you (video call).")
        ) % {"name": caller.name}
        join = _("Join the call")
    return {
        "type": "call.ringing",
        "conversation": call.conversation_id,
        "call": call.pk,
        "text": text,
        "join": join,
        "url": call_url(call.conversation_id),
    }


def _tell(events: list[tuple[int, dict[str, Any]]]) -> None:
    for person_id, event in events:
        notify_person(person_id=person_id, event=event)


def _check_at(call: Call, due: datetime) -> None:
    timer_schedule(
        kind=CHECK,
        key=f"{CHECK}:{call.pk}:{int(due.timestamp())}",
        due_at=due,
        payload={"call": call.pk},
        organization=call.conversation.organization,
    )


def _count_out_vanished(call: Call, now: datetime) -> None:
    """Pages silent for longer than STALE left when they were last heard of."""
    call.participants.filter(left_at=None, seen_at__lt=now - STALE).update(left_at=F("seen_at"))


def call_seen(*, participant_id: int) -> bool:
    """The page is still in the call (its socket's heartbeat). False once it is not: replaced
    by another page of the person, or counted out."""
    return bool(
        CallParticipant.objects.filter(pk=participant_id, left_at=None).update(
            seen_at=timezone.now()
        )
    )


@transaction.atomic
def call_leave(*, participant_id: int) -> Call | None:
    """A page left the call (its socket closed). The last one out ends it; the ended call is
    returned then (None while others remain)."""
    participant = CallParticipant.objects.filter(pk=participant_id).first()
    if participant is None:
        return None
    call = (
        Call.objects.select_for_update(of=("self",))
        .select_related("conversation", "started_by")
        .get(pk=participant.call_id)
    )
    now = timezone.now()
    CallParticipant.objects.filter(pk=participant.pk, left_at=None).update(left_at=now)
    _count_out_vanished(call, now)
    if call.ended_at is not None or call.participants.filter(left_at=None).exists():
        return None
    return _end(call)


def _end(call: Call) -> Call:
    """Close the call when its last person left and say in the conversation what took place
    (after commit, every member's open page hears that it ended)."""
    now = timezone.now()
    call.participants.filter(left_at=None).update(left_at=now)
    last = call.participants.aggregate(last=Max("left_at"))["last"]
    # When the last person left (a vanished page: when it was last heard of).
    ended = max(last or now, call.answered_at or call.started_at)
    call.ended_at = ended
    call.save(update_fields=["ended_at"])
    conversation = call.conversation
    if call.answered_at is not None:
        seconds = int((ended - call.answered_at).total_seconds())
        event_add(
            conversation=conversation,
            code="call",
            data={"seconds": seconds, "audio_only": call.audio_only},
            by=call.started_by,
            at=call.answered_at,
        )
    else:
        name = call.started_by.name if call.started_by is not None else ""
        event_add(
            conversation=conversation,
            code="call_missed",
            data={"name": name, "audio_only": call.audio_only},
            by=call.started_by,
            at=call.started_at,
        )
    people = list(
        Member.objects.filter(conversation_id=call.conversation_id, left_at=None).values_list(
            "person_id", flat=True
        )
    )
    event = {"type": "call.ended", "conversation": call.conversation_id, "call": call.pk}
    transaction.on_commit(lambda: _tell([(p, event) for p in people]))
    return call


def call_check(timer: Timer) -> None:
    """Timer handler for a call under way. When nobody answered within the ringing time, it
    ends as missed (the caller's page gives up by itself too; this covers a page that
    vanished). Later, people whose pages went silent are counted out, and the call ends when
    nobody is left; otherwise it is checked again in CHECK_EVERY."""
    call = (
        Call.objects.select_for_update(of=("self",))
        .select_related("conversation__organization", "started_by")
        .filter(pk=timer.payload.get("call"), ended_at=None)
        .first()
    )
    if call is None:
        return
    now = timezone.now()
    if call.answered_at is not None:
        _count_out_vanished(call, now)
        if call.participants.filter(left_at=None).exists():
            _check_at(call, now + CHECK_EVERY)
            return
    _end(call)
