"""Lines in a conversation that say what happened, worded in each reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from bridgeway.messaging.formatting import render_message
from bridgeway.messaging.models import Message


def _call(data: dict[str, Any]) -> str:
    minutes = max(1, round(int(data.get("seconds", 0)) / 60))
    if data.get("audio_only"):
        return ngettext(
            "Voice call, %(minutes)d minute.", "Voice call, %(minutes)d minutes.", minutes
        ) % {"minutes": minutes}
    return ngettext(
        "Video call, %(minutes)d minute.", "Video call, %(minutes)d minutes.", minutes
    ) % {"minutes": minutes}


def event_text(message: Message) -> str:
    data = message.event_data or {}
    name = str(data.get("name", ""))
    if message.event == "mediator_joined":
        return _("%(name)s, from program staff, joined the conversation as a mediator.") % {
            "name": name
        }
    if message.event == "member_joined":
        return _("%(name)s joined the conversation.") % {"name": name}
    if message.event == "member_left":
        return _("%(name)s left the conversation.") % {"name": name}
    if message.event == "call":
        return _call(data)
    if message.event == "call_missed":
        return _("%(name)s called; nobody answered.") % {"name": name}
    if message.event == "prompt":
        return _("From your program: %(title)s") % {"title": _prompt_text(data).get("title", "")}
    return ""


def _prompt_text(data: dict[str, Any]) -> dict[str, str]:
    """A program's prompt (curriculum mode) in the reader's language, else the prompt's own."""
    texts: dict[str, dict[str, str]] = data.get("texts") or {}
    language = get_language() or ""
    for code in (language, language.split("-")[0], str(data.get("language", ""))):
        if code in texts:
            return texts[code]
    return next(iter(texts.values()), {})


def event_html(message: Message) -> str:
    """The safe HTML an event carries beside its words: a prompt's text."""
    if message.event == "prompt":
        return render_message(_prompt_text(message.event_data or {}).get("body", ""))
    return ""
