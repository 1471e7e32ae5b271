"""Kinds of notification about messages (BRIDGEWAY_NOTIFICATION_KINDS). They never carry a
message's text: the person reads it in the conversation, behind their sign-in."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from bridgeway.notifications.kinds import Kind
from bridgeway.programs.models import Program


def _program(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    program = Program.objects.filter(pk=params.get("program") or 0).first()
    return {"program": program.name if program is not None else ""}


UNREAD = Kind(
    code="messaging.unread",
    label=_("Messages you have not read yet"),
    subject=ngettext_lazy(
        "A new message from %(names)s", "%(count)d new messages from %(names)s", "count"
    ),
    summary=ngettext_lazy(
        "You have a new message from %(names)s.",
        "You have %(count)d new messages from %(names)s.",
        "count",
    ),
    # Mentors hear of messages at once too (other notifications reach them weekly).
    email_defaults={"mentor": "immediate"},
)

MEDIATOR = Kind(
    code="messaging.mediator",
    label=_("Program staff join your conversation"),
    subject=_("%(name)s joined your conversation"),
    summary=_("%(name)s, from program staff, joined your conversation as a mediator."),
    needs_answer=True,
    roles=("mentee", "mentor", "person"),
)

FLAGGED = Kind(
    code="messaging.flagged",
    label=_("A message contains one of the program's flag words"),
    subject=_("A message to look at in %(program)s"),
    summary=_("A message in %(program)s contains one of the program's flag words."),
    context=_program,
    needs_answer=True,
    roles=("staff",),
    texts=False,
)
