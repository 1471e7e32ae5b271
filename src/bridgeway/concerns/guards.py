"""What concerns tell messaging (BRIDGEWAY_MESSAGE_GUARDS): while a block between the two
people of a mentorship is in force, neither writes to the other in its conversation. Staff
mediators still can."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from bridgeway.concerns.selectors import is_blocked


def blocked_pair(*, conversation: Any, author: Any) -> str:
    relationship = conversation.relationship
    if relationship is None or not is_blocked(relationship=relationship, person=author):
        return ""
    return _(
        "Messages between you are paused while program staff review a concern. Staff can "
        "still be reached: write to the program's staff from your dashboard."
    )
