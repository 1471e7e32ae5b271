"""What circles tell messaging (BRIDGEWAY_MESSAGE_GUARDS): in a circle's conversation, only
people still in the circle write — someone who withdrew from the program keeps what they read
but writes no more, until staff take them out of the circle."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from bridgeway.community.circles.models import Circle
from bridgeway.community.circles.rules import standing_memberships


def circle_members_only(*, conversation: Any, author: Any) -> str:
    if conversation.kind != "group":
        return ""
    circle = Circle.objects.filter(conversation_id=conversation.pk).only("pk").first()
    if circle is None or standing_memberships(author).filter(circle=circle).exists():
        return ""
    return _("Only the circle's members write in its conversation.")
