"""Calls in a conversation: who may start and join, the limit of six, the line the call leaves
in the conversation, time-limited TURN credentials, and the call's websocket, which passes
the browsers' messages to the call's participants only (on both channel layers)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.config.asgi import application
from bridgeway.messaging import calls, selectors
from bridgeway.messaging.events import event_text
from bridgeway.messaging.models import Call, CallParticipant, Conversation, Member, Message
from bridgeway.notifications.models import Timer
from bridgeway.notifications.timers import timers_run_due
from bridgeway.relationships.closure import relationship_close
from bridgeway.relationships.models import Relationship
from tests.factories import OrganizationFactory, PersonFactory
from tests.services.sockets import PageSocket
from tests.services.test_realtime import (
    QUIET_TIMEOUT,
    RECEIVE_TIMEOUT,
    channel_layer,  # noqa: F401 - the in-memory and Redis channel layers, as a fixture
    run_async,
    session_headers,
)


def circle(size: int) -> tuple[Conversation, list[Person]]:
    """A group conversation of `size` people (Ana, Ben, Cy, …)."""
    chat = Conversation.objects.create(
        organization=OrganizationFactory(), kind="group", title="Circle"
    )
    names = ["Ana", "Ben", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal"]
    people = [PersonFactory(display_name=names[i]) for i in range(size)]
    for person in people:
        Member.objects.create(conversation=chat, person=person)
    return chat, people


def join(chat: Conversation, person: Person, audio_only: bool = False) -> CallParticipant:
    member = selectors.member_get(person=person, conversation_id=chat.pk)
    participant, _replaced = calls.call_join(member=member, audio_only=audio_only)
    return participant


def events(chat: Conversation) -> list[Message]:
    return list(Message.objects.filter(conversation=chat, kind=Message.Kind.EVENT))


@pytest.mark.django_db
class TestServices:
    def test_it_starts_one_call_and_the_next_person_joins_it(self) -> None:
        chat, (ana, ben, _cy) = circle(3)
        first = join(chat, ana)
        second = join(chat, ben)
        assert first.call_id == second.call_id
        call = Call.objects.get()
        assert call.started_by == ana
        assert call.answered_at is not None

    def test_the_last_one_out_ends_it_and_the_conversation_shows_its_length(self) -> None:
        chat, (ana, ben) = circle(2)
        first, second = join(chat, ana), join(chat, ben)
        Call.objects.update(answered_at=timezone.now() - timedelta(minutes=12, seconds=10))
        assert calls.call_leave(participant_id=first.pk) is None
        assert Call.objects.get().is_live
        assert calls.call_leave(participant_id=second.pk) is not None
        call = Call.objects.get()
        assert not call.is_live
        [line] = events(chat)
        assert line.event == "call"
        assert line.event_data["audio_only"] is False
        assert 730 <= line.event_data["seconds"] < 740
        assert line.created_at == call.answered_at  # the line shows when the call started
        assert event_text(line) == "Video call, 12 minutes."
        # A new call can start once the last one ended.
        assert join(chat, ben).call_id != call.pk

    def test_a_voice_call_says_so(self) -> None:
        chat, (ana, ben) = circle(2)
        first, second = join(chat, ana, audio_only=True), join(chat, ben)
        calls.call_leave(participant_id=first.pk)
        calls.call_leave(participant_id=second.pk)
        assert event_text(events(chat)[0]) == "Voice call, 1 minute."

    def test_a_call_nobody_answers_ends_as_missed_with_the_callers_name(self) -> None:
        chat, (ana, _ben) = circle(2)
        join(chat, ana)
        timer = Timer.objects.get(kind=calls.CHECK)
        assert timer.due_at == Call.objects.get().started_at + timedelta(seconds=60)
        Timer.objects.update(due_at=timezone.now() - timedelta(seconds=1))
        timers_run_due()
        call = Call.objects.get()
        assert not call.is_live
        assert call.participants.filter(left_at=None).count() == 0
        [line] = events(chat)
        assert event_text(line) == "Ana called; nobody answered."

    def test_the_caller_hanging_up_alone_is_a_missed_call_too(self) -> None:
        chat, (ana, _ben) = circle(2)
        calls.call_leave(participant_id=join(chat, ana).pk)
        assert [m.event for m in events(chat)] == ["call_missed"]
        # The check that would have ended it finds it ended and does nothing more.
        Timer.objects.update(due_at=timezone.now() - timedelta(seconds=1))
        timers_run_due()
        assert len(events(chat)) == 1

    def test_pages_that_vanished_are_counted_out_and_the_call_ends_when_they_were_last_seen(
        self,
    ) -> None:
        chat, (ana, ben, cy) = circle(3)
        for person in (ana, ben, cy):
            join(chat, person)
        long_ago = timezone.now() - timedelta(minutes=30)
        Call.objects.update(answered_at=long_ago)
        seen = timezone.now() - timedelta(minutes=10)
        CallParticipant.objects.filter(person__in=[ana, ben]).update(seen_at=seen)

        # The server carrying Ana's and Ben's sockets died: the first check counts them out;
        # Cy's page is still heard from, so the call goes on and is checked again.
        Timer.objects.update(due_at=timezone.now() - timedelta(seconds=1))
        timers_run_due()
        assert Call.objects.get().is_live
        assert set(
            CallParticipant.objects.filter(left_at=None).values_list("person", flat=True)
        ) == {cy.pk}
        cy_page = CallParticipant.objects.get(person=cy)
        assert calls.call_seen(participant_id=cy_page.pk)
        assert not calls.call_seen(participant_id=CallParticipant.objects.get(person=ana).pk)
        assert Timer.objects.filter(kind=calls.CHECK, state=Timer.State.PENDING).count() == 1

        # Then Cy's page goes silent too: the next check ends the call when she was last seen.
        CallParticipant.objects.filter(person=cy).update(seen_at=seen + timedelta(minutes=5))
        Timer.objects.filter(state=Timer.State.PENDING).update(due_at=timezone.now())
        timers_run_due()
        call = Call.objects.get()
        assert call.ended_at == seen + timedelta(minutes=5)
        [line] = events(chat)
        assert line.event_data["seconds"] == 25 * 60

    def test_joining_a_call_whose_people_all_vanished_starts_a_new_one(self) -> None:
        chat, (ana, ben) = circle(2)
        join(chat, ana)
        join(chat, ben)
        seen = timezone.now() - timedelta(minutes=3)
        Call.objects.update(answered_at=seen - timedelta(minutes=20))
        CallParticipant.objects.update(seen_at=seen)
        fresh = join(chat, ana)
        old, new = Call.objects.order_by("pk")
        assert old.ended_at == seen
        assert fresh.call == new
        assert new.is_live
        assert new.answered_at is None
        assert [m.event_data["seconds"] for m in events(chat)] == [20 * 60]

    def test_six_people_fit_and_a_seventh_is_refused_with_the_reason(self) -> None:
        chat, people = circle(7)
        for person in people[:6]:
            join(chat, person)
        with pytest.raises(calls.CallError) as refused:
            join(chat, people[6])
        assert "up to 6 people" in str(refused.value.message)
        assert CallParticipant.objects.filter(left_at=None).count() == 6

    def test_joining_again_from_another_page_replaces_the_earlier_one(self) -> None:
        chat, people = circle(7)
        for person in people[:6]:
            join(chat, person)
        member = selectors.member_get(person=people[0], conversation_id=chat.pk)
        again, replaced = calls.call_join(member=member)
        assert replaced == [CallParticipant.objects.filter(person=people[0]).first().pk]
        assert CallParticipant.objects.filter(left_at=None).count() == 6
        assert again.call.participants.filter(person=people[0], left_at=None).get() == again

    def test_outsiders_and_former_members_are_not_found(self, mallory: Person) -> None:
        chat, (ana, ben) = circle(2)
        with pytest.raises(Http404):
            selectors.member_get(person=mallory, conversation_id=chat.pk)
        member = selectors.member_get(person=ben, conversation_id=chat.pk)
        Member.objects.filter(person=ben).update(left_at=timezone.now())
        with pytest.raises(Http404):
            selectors.member_get(person=ben, conversation_id=chat.pk)
        with pytest.raises(calls.CallError):
            calls.call_join(member=member)
        join(chat, ana)
        assert CallParticipant.objects.count() == 1


@pytest.mark.django_db
def test_a_closed_mentorship_takes_no_call(
    client: Client, chat: Conversation, pair: Relationship, cohort: SimpleNamespace
) -> None:
    relationship_close(relationship=pair, by=cohort.amal.person, reason="completed")
    member = selectors.member_get(person=cohort.amal.person, conversation_id=chat.pk)
    with pytest.raises(calls.CallError) as refused:
        calls.call_join(member=member)
    assert "closed" in str(refused.value.message)
    client.force_login(cohort.dana.person)
    page = client.get(reverse("messaging:call", args=[chat.pk])).content.decode()
    assert "calls are no longer possible" in page
    assert 'id="call-join"' not in page
    conversation = client.get(reverse("messaging:conversation", args=[chat.pk])).content.decode()
    assert "Start a video call" not in conversation


@pytest.mark.django_db
def test_the_pages_offer_calls_to_members_and_show_404_to_everyone_else(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    url = reverse("messaging:call", args=[chat.pk])
    client.force_login(cohort.amal.person)
    conversation = client.get(reverse("messaging:conversation", args=[chat.pk])).content.decode()
    assert f'href="{url}"' in conversation
    assert f'href="{url}?audio=1"' in conversation
    page = client.get(url + "?audio=1").content.decode()
    assert 'data-audio-only="1"' in page
    assert f'data-socket-url="/ws/calls/{chat.pk}/"' in page
    world = cohort.world
    for person in (cohort.bo.person, world.mallory, world.carol, world.bob):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.get(reverse("messaging:call", args=[987654321])).status_code == 404


@pytest.mark.django_db
def test_a_live_call_shows_on_the_conversation_page_with_who_is_in_it(
    client: Client, chat: Conversation, cohort: SimpleNamespace
) -> None:
    join(chat, cohort.amal.person)
    client.force_login(cohort.dana.person)
    page = client.get(reverse("messaging:conversation", args=[chat.pk])).content.decode()
    assert "A video call is under way." in page
    call_page = client.get(reverse("messaging:call", args=[chat.pk])).content.decode()
    assert "Amal" in call_page.split('id="call-now"')[1].split("</p>")[0]


def test_turn_credentials_are_coturns_time_limited_ones(settings: Any) -> None:
    settings.BRIDGEWAY_STUN_URLS = ["stun:turn.example.org:3478"]
    settings.BRIDGEWAY_TURN_URLS = ["turn:turn.example.org:3478", "turns:turn.example.org:5349"]
    settings.BRIDGEWAY_TURN_SECRET = "north-star"
    settings.BRIDGEWAY_TURN_TTL = 3600
    stun, turn = calls.ice_servers(person_id=42, now=1_800_000_000)
    assert stun == {"urls": ["stun:turn.example.org:3478"]}
    assert turn["urls"] == ["turn:turn.example.org:3478", "turns:turn.example.org:5349"]
    assert turn["username"] == "1800003600:42"
    # What coturn computes with static-auth-secret=north-star for that user name.
    expected = hmac.new(b"north-star", b"1800003600:42", hashlib.sha1).digest()
    assert turn["credential"] == base64.b64encode(expected).decode()
    assert turn["credential"] == "LH8Uq2tDdY5LeYqvdS17RqhWKiQ="
    # Later requests get a later expiry; the secret itself never leaves the server.
    later = calls.ice_servers(person_id=42, now=1_800_000_600)[1]
    assert later["username"] == "1800004200:42"
    assert "north-star" not in repr(later)


def test_without_a_turn_secret_no_turn_server_is_offered(settings: Any) -> None:
    settings.BRIDGEWAY_STUN_URLS = []
    settings.BRIDGEWAY_TURN_URLS = ["turn:turn.example.org:3478"]
    settings.BRIDGEWAY_TURN_SECRET = ""
    assert calls.ice_servers(person_id=1) == []


# --- The call's websocket --------------------------------------------------------------------


def call_socket(
    headers: list[tuple[bytes, bytes]], chat_id: int, audio: bool = False
) -> PageSocket:
    socket = PageSocket(application, f"/ws/calls/{chat_id}/", headers)
    if audio:
        socket.scope["query_string"] = b"audio=1"
    return socket


async def say(socket: PageSocket, data: dict[str, Any]) -> None:
    """What a page sends over its socket."""
    await socket.send_input({"type": "websocket.receive", "text": json.dumps(data)})


def events_socket(headers: list[tuple[bytes, bytes]]) -> PageSocket:
    return PageSocket(application, "/ws/events/", headers)


@pytest.mark.django_db(transaction=True)
def test_only_the_addressed_participant_receives_a_relayed_message(channel_layer: str) -> None:  # noqa: F811
    chat, (ana, ben, cy, dee) = circle(4)
    mallory = PersonFactory(display_name="Mallory")
    headers = {p.display_name: session_headers(p) for p in (ana, ben, cy, dee, mallory)}

    async def scenario() -> None:
        watching = events_socket(headers["Dee"])  # Dee has a page open, not the call
        a, b, c = (call_socket(headers[n], chat.pk) for n in ("Ana", "Ben", "Cy"))
        outsider = call_socket(headers["Mallory"], chat.pk)
        try:
            assert (await watching.connect())[0]
            assert (await a.connect())[0]
            welcome = await a.receive_json(timeout=RECEIVE_TIMEOUT)
            assert welcome["type"] == "welcome"
            assert welcome["peers"] == []
            ring = await watching.receive_json(timeout=RECEIVE_TIMEOUT)
            assert ring["type"] == "call.ringing"
            assert ring["text"] == "Ana is calling you (video call)."
            assert ring["url"] == f"/my/messages/{chat.pk}/call/"

            assert (await b.connect())[0]
            b_welcome = await b.receive_json(timeout=RECEIVE_TIMEOUT)
            assert b_welcome["peers"] == [{"peer": welcome["peer"], "name": "Ana"}]
            joined = await a.receive_json(timeout=RECEIVE_TIMEOUT)
            assert joined == {"type": "peer.joined", "peer": b_welcome["peer"], "name": "Ben"}
            assert (await c.connect())[0]
            c_welcome = await c.receive_json(timeout=RECEIVE_TIMEOUT)
            for socket in (a, b):
                assert (await socket.receive_json(timeout=RECEIVE_TIMEOUT))["type"] == "peer.joined"

            connected, code = await outsider.connect()
            assert (connected, code) == (False, 4404)

            offer = {"sdp": {"type": "offer", "sdp": "v=0 from Ben"}}
            await say(b, {"type": "signal", "to": welcome["peer"], "data": offer})
            relayed = await a.receive_json(timeout=RECEIVE_TIMEOUT)
            assert relayed == {"type": "signal", "from": b_welcome["peer"], "data": offer}
            await say(b, {"type": "state", "muted": True, "camera": False})
            for socket in (a, c):
                state = await socket.receive_json(timeout=RECEIVE_TIMEOUT)
                assert state == {
                    "type": "peer.state",
                    "peer": b_welcome["peer"],
                    "muted": True,
                    "camera": False,
                    "sharing": False,
                }
            assert await c.receive_nothing(timeout=QUIET_TIMEOUT)
            assert await b.receive_nothing(timeout=0.05)
            assert await watching.receive_nothing(timeout=0.05)

            await say(c, {"type": "leave"})
            for socket in (a, b):
                left = await socket.receive_json(timeout=RECEIVE_TIMEOUT)
                assert left == {"type": "peer.left", "peer": c_welcome["peer"]}
        finally:
            for socket in (a, b, c, watching):
                await socket.disconnect()
        assert await sync_to_async(lambda: [m.event for m in events(chat)])() == ["call"]

    run_async(scenario)


@pytest.mark.django_db(transaction=True)
def test_the_call_socket_refuses_the_signed_out_the_seventh_and_closed_conversations(
    channel_layer: str,  # noqa: F811
) -> None:
    chat, people = circle(7)
    headers = [session_headers(p) for p in people]
    for person in people[:6]:
        join(chat, person)

    async def scenario() -> None:
        anonymous = call_socket([(b"origin", b"http://localhost")], chat.pk)
        assert await anonymous.connect() == (False, 4401)
        missing = call_socket(headers[0], 987654321)
        assert await missing.connect() == (False, 4404)
        seventh = call_socket(headers[6], chat.pk)
        assert (await seventh.connect())[0]
        refused = await seventh.receive_json(timeout=RECEIVE_TIMEOUT)
        assert refused["type"] == "refused"
        assert "up to 6 people" in refused["reason"]
        closed = await seventh.receive_output(timeout=RECEIVE_TIMEOUT)
        assert (
            closed == {"type": "websocket.close", "code": 4409, "reason": ""}
            or closed.get("code") == 4409
        )

    run_async(scenario)
    assert CallParticipant.objects.filter(left_at=None).count() == 6


@pytest.mark.django_db
def test_a_video_meeting_without_a_link_is_held_in_a_bridgeway_call(
    client: Client, chat: Conversation, pair: Relationship, cohort: SimpleNamespace
) -> None:
    from datetime import time

    from bridgeway.relationships import meetings

    day = timezone.localdate() + timedelta(days=5)
    here = meetings.meeting_propose(
        relationship=pair, by=cohort.amal.person, kind="video", times=[(day, time(18, 0))]
    )
    elsewhere = meetings.meeting_propose(
        relationship=pair,
        by=cohort.amal.person,
        kind="video",
        times=[(day, time(19, 0))],
        link="https://meet.example.org/amal-dana",
    )
    client.force_login(cohort.dana.person)
    page = client.get(reverse("relationships:meeting", args=[here.pk])).content.decode()
    assert "Join the video call in Bridgeway" in page
    assert f'href="{reverse("messaging:call", args=[chat.pk])}"' in page
    page = client.get(reverse("relationships:meeting", args=[elsewhere.pk])).content.decode()
    assert "https://meet.example.org/amal-dana" in page
    assert "Join the video call in Bridgeway" not in page


@pytest.mark.django_db(transaction=True)
def test_a_page_counted_out_of_the_call_is_closed_at_its_next_heartbeat(
    channel_layer: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("bridgeway.messaging.consumers.HEARTBEAT_SECONDS", 0.05)
    chat, (ana, ben) = circle(2)
    headers = session_headers(ana), session_headers(ben)

    async def scenario() -> None:
        a, b = call_socket(headers[0], chat.pk), call_socket(headers[1], chat.pk)
        assert (await a.connect())[0]
        await a.receive_json(timeout=RECEIVE_TIMEOUT)
        assert (await b.connect())[0]
        b_welcome = await b.receive_json(timeout=RECEIVE_TIMEOUT)
        await a.receive_json(timeout=RECEIVE_TIMEOUT)  # Ben joined
        # Ben's page is still heard from: nothing happens.
        assert await b.receive_nothing(timeout=0.3)
        await sync_to_async(
            lambda: CallParticipant.objects.filter(pk=b_welcome["peer"]).update(
                left_at=timezone.now()
            )
        )()
        closed = await b.receive_output(timeout=RECEIVE_TIMEOUT)
        assert closed["type"] == "websocket.close"
        assert closed["code"] == 4409
        left = await a.receive_json(timeout=RECEIVE_TIMEOUT)
        assert left == {"type": "peer.left", "peer": b_welcome["peer"]}
        await a.disconnect()
        await b.disconnect()

    run_async(scenario)


@pytest.mark.django_db
def test_the_call_page_tells_a_seventh_person_the_call_is_full(client: Client) -> None:
    chat, people = circle(7)
    for person in people[:6]:
        join(chat, person)
    client.force_login(people[6])
    page = client.get(reverse("messaging:call", args=[chat.pk])).content.decode()
    assert "This call is full: up to 6 people can be in a call." in page
    client.force_login(people[0])
    page = client.get(reverse("messaging:call", args=[chat.pk])).content.decode()
    assert "This call is full" not in page  # someone already in it may rejoin


def paused(*, conversation: Conversation, author: Person) -> str:
    """A message guard as concerns installs one: contact between the pair is paused."""
    return "Messages between you are paused while program staff review a concern."


@pytest.mark.django_db
def test_while_contact_is_paused_no_call_starts(
    client: Client, chat: Conversation, cohort: SimpleNamespace, settings: Any
) -> None:
    settings.BRIDGEWAY_MESSAGE_GUARDS = ["tests.messaging.test_calls.paused"]
    member = selectors.member_get(person=cohort.amal.person, conversation_id=chat.pk)
    with pytest.raises(calls.CallError) as refused:
        calls.call_join(member=member)
    assert "paused" in str(refused.value.message)
    assert not Call.objects.exists()
    client.force_login(cohort.dana.person)
    page = client.get(reverse("messaging:call", args=[chat.pk])).content.decode()
    assert "paused while program staff review a concern" in page
    assert 'id="call-join"' not in page
    conversation = client.get(reverse("messaging:conversation", args=[chat.pk])).content.decode()
    assert "Start a video call" not in conversation
