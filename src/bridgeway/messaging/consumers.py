"""The websocket of a call page (ws/calls/<conversation id>/).

Opening it joins the conversation's call (or starts one); closing it leaves. While open, it
passes the browsers' WebRTC messages — offers, answers and network candidates — to the one
participant they are addressed to, and tells the others who joined, left, muted their
microphone or turned their camera off. Only members of the open conversation get in: anyone
else is refused before the socket opens, the same way for a conversation that does not exist.

Messages from the page: {"type": "signal", "to": <peer>, "data": {...}},
{"type": "state", "muted": bool, "camera": bool, "sharing": bool}, {"type": "leave"}.
To the page: "welcome" (its peer id, the others, the ICE servers), "refused" (with the
reason, then closed with 4409), "signal", "peer.joined", "peer.left", "peer.state",
"replaced" (the person joined from another page)."""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.http import Http404
from django.utils import translation

from bridgeway.messaging.calls import (
    HEARTBEAT_SECONDS,
    CallError,
    call_join,
    call_leave,
    call_seen,
    ice_servers,
    people_in,
)
from bridgeway.messaging.selectors import member_get

# An SDP offer with many codecs is a few kilobytes; anything far larger is not WebRTC.
MAX_SIGNAL = 64 * 1024
CLOSE_SIGNED_OUT = 4401
CLOSE_NOT_FOUND = 4404
CLOSE_REFUSED = 4409


def call_group(call_id: int) -> str:
    return f"call.{call_id}"


def _join(user: Any, conversation_id: int, audio_only: bool) -> dict[str, Any]:
    """Sync: the membership check and the join, in the person's language for a refusal."""
    member = member_get(person=user, conversation_id=conversation_id)
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        participant, replaced = call_join(member=member, audio_only=audio_only)
    call = participant.call
    return {
        "peer": participant.pk,
        "call": call.pk,
        "name": user.name,
        "audioOnly": call.audio_only,
        "replaced": replaced,
        "peers": [
            {"peer": p.pk, "name": p.person.name} for p in people_in(call) if p.pk != participant.pk
        ],
        "iceServers": ice_servers(person_id=user.pk),
    }


class CallConsumer(AsyncJsonWebsocketConsumer):
    peer: int | None = None
    group: str = ""
    heartbeat: asyncio.Future[None] | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_SIGNED_OUT)
            return
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        audio_only = query.get("audio", [""])[0] == "1"
        conversation_id = int(self.scope["url_route"]["kwargs"]["pk"])
        try:
            joined = await database_sync_to_async(_join)(user, conversation_id, audio_only)
        except Http404:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        except CallError as error:
            # Accepted only to say why: a page shows the reason, then the socket closes.
            await self.accept()
            await self.send_json({"type": "refused", "reason": str(error.message)})
            await self.close(code=CLOSE_REFUSED)
            return
        self.peer, self.group = joined["peer"], call_group(joined["call"])
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        self.heartbeat = asyncio.ensure_future(self._heartbeat())
        replaced = joined.pop("replaced")
        await self.send_json({"type": "welcome", **joined})
        if replaced:
            await self.channel_layer.group_send(
                self.group, {"type": "call.replaced", "peers": replaced}
            )
        await self._tell_others({"type": "peer.joined", "peer": self.peer, "name": joined["name"]})

    async def disconnect(self, code: int) -> None:
        await self._leave()

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if self.peer is None or not isinstance(content, dict):
            return
        kind = content.get("type")
        if kind == "signal":
            to, data = content.get("to"), content.get("data")
            if not isinstance(to, int) or not isinstance(data, dict) or to == self.peer:
                return
            if len(json.dumps(data)) > MAX_SIGNAL:
                return
            await self.channel_layer.group_send(
                self.group, {"type": "call.signal", "to": to, "from": self.peer, "data": data}
            )
        elif kind == "state":
            state = {key: bool(content.get(key)) for key in ("muted", "camera", "sharing")}
            await self._tell_others({"type": "peer.state", "peer": self.peer, **state})
        elif kind == "leave":
            await self._leave()
            await self.close()

    async def _heartbeat(self) -> None:
        """Tell the server every half minute that this page is still in the call; a page that
        was counted out (or whose call ended without it) closes."""
        while self.peer is not None:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            if self.peer is None:
                return
            if not await database_sync_to_async(call_seen)(participant_id=self.peer):
                await self._leave()
                await self.close(code=CLOSE_REFUSED)
                return

    async def _leave(self) -> None:
        if self.heartbeat is not None and self.heartbeat is not asyncio.current_task():
            self.heartbeat.cancel()
        self.heartbeat = None
        if self.peer is None:
            return
        peer, self.peer = self.peer, None
        await database_sync_to_async(call_leave)(participant_id=peer)
        await self.channel_layer.group_send(
            self.group,
            {"type": "call.peer", "from": peer, "event": {"type": "peer.left", "peer": peer}},
        )
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def _tell_others(self, event: dict[str, Any]) -> None:
        await self.channel_layer.group_send(
            self.group, {"type": "call.peer", "from": self.peer, "event": event}
        )

    # Messages from the call's group: each page keeps only what is addressed to it.
    async def call_signal(self, message: dict[str, Any]) -> None:
        if self.peer is not None and message["to"] == self.peer:
            await self.send_json(
                {"type": "signal", "from": message["from"], "data": message["data"]}
            )

    async def call_peer(self, message: dict[str, Any]) -> None:
        if self.peer is not None and message["from"] != self.peer:
            await self.send_json(message["event"])

    async def call_replaced(self, message: dict[str, Any]) -> None:
        if self.peer is not None and self.peer in message["peers"]:
            # Already marked as left by the join that replaced it; tell the others and go.
            await self._leave()
            await self.send_json({"type": "replaced"})
            await self.close(code=CLOSE_REFUSED)
