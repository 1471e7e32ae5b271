"""The notification that a program's prompt was posted in one's conversation."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bridgeway.community.curriculum.models import Prompt
from bridgeway.notifications.kinds import Kind


def _prompt(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    prompt = Prompt.objects.select_related("program").get(pk=params["prompt"])
    return {
        "title": prompt.text(get_language() or "").get("title", ""),
        "program": prompt.program.name,
    }


PROMPT = Kind(
    code="community.prompt",
    label=_("A prompt from your program in your conversation"),
    subject=_("%(program)s: %(title)s"),
    summary=_("A prompt from %(program)s in your conversation: “%(title)s”."),
    context=_prompt,
    email_defaults={"mentor": "weekly", "mentee": "immediate"},
    texts=False,
)
