"""The call page of a conversation."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from bridgeway.core.http import AuthedRequest
from bridgeway.messaging import calls, selectors, services


@login_required
def call(request: AuthedRequest, pk: int) -> HttpResponse:
    """Choose camera and microphone, then join the conversation's call (or start one). The
    page's script does the rest over its own websocket (consumers.py). Without JavaScript the
    page says that a call needs it."""
    member = selectors.member_get(person=request.user, conversation_id=pk)
    chat = member.conversation
    refusal = services.write_refusal(conversation=chat, author=request.user)
    live = calls.call_live(conversation=chat) if chat.is_open else None
    in_call = calls.people_in(live) if live is not None else []
    others = {p.person_id for p in in_call} - {request.user.pk}
    return render(
        request,
        "messaging/call.html",
        {
            "conversation": chat,
            "title": selectors.conversation_title(chat, request.user),
            "refusal": refusal,
            "live": live,
            "in_call": in_call,
            "full": len(others) >= settings.BRIDGEWAY_CALL_MAX_PEOPLE,
            "audio_only": live.audio_only if live is not None else request.GET.get("audio") == "1",
            "ring_seconds": settings.BRIDGEWAY_CALL_RING_SECONDS,
            "max_people": settings.BRIDGEWAY_CALL_MAX_PEOPLE,
        },
    )
