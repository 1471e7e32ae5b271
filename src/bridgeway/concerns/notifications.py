"""Kinds of notification about concerns (BRIDGEWAY_NOTIFICATION_KINDS). What a notification
says is short and never quotes the concern: emails and text messages leave the agency's hands,
and the page behind the link checks who is reading."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bridgeway.concerns.models import Concern
from bridgeway.notifications.kinds import Kind


def _concern(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    concern = Concern.objects.select_related("program").get(pk=params["concern"])
    return {
        "concern": concern,
        "number": concern.pk,
        "category": concern.get_category_display().lower(),
        "program": concern.program.name,
        "status": concern.status_for_reporter,
    }


RAISED = Kind(
    code="concerns.raised",
    label=_("A concern is raised in one of your agency's programs"),
    subject=_("A concern about %(category)s in %(program)s"),
    summary=_("Concern %(number)s about %(category)s was raised in %(program)s."),
    context=_concern,
    roles=("staff",),
)

# A safety concern cannot wait for a summary or for the morning: email (and a text message for
# those who chose them) goes at once, whatever the person's preferences and quiet hours.
SAFETY = Kind(
    code="concerns.safety",
    label=_("A safety concern is raised (always sent at once)"),
    subject=_("Safety concern in %(program)s: please act now"),
    summary=_("A safety concern (%(number)s) was raised in %(program)s. Please look at it now."),
    context=_concern,
    needs_answer=True,
    mandatory=True,
    roles=("staff",),
)

ESCALATED = Kind(
    code="concerns.escalated",
    label=_("A concern nobody on staff has handled in time"),
    subject=_("Concern %(number)s is waiting for staff"),
    summary=_("Nobody on staff has handled concern %(number)s in %(program)s in time."),
    context=_concern,
    needs_answer=True,
    roles=("staff",),
)

ANSWERED = Kind(
    code="concerns.answered",
    label=_("The person who raised a concern assigned to you answers"),
    subject=_("New answer on concern %(number)s"),
    summary=_("The person who raised concern %(number)s in %(program)s has answered."),
    context=_concern,
    needs_answer=True,
    roles=("staff",),
)

UPDATE = Kind(
    code="concerns.update",
    label=_("News about a concern you raised"),
    subject=_("News about the concern you raised"),
    summary=_("News about the concern you raised in %(program)s. %(status)s."),
    context=_concern,
    needs_answer=True,
)
