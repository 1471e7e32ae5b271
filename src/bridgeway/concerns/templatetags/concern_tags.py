"""`{% block_notice relationship %}`: what a relationship's pages say about a block in force,
without the relationships app knowing about concerns."""

from __future__ import annotations

from typing import Any

from django import template

from bridgeway.concerns.selectors import block_in_force

register = template.Library()


@register.inclusion_tag("concerns/_block_notice.html", takes_context=True)
def block_notice(context: dict[str, Any], relationship: Any) -> dict[str, Any]:
    user = context.get("user")
    return {
        "block": block_in_force(relationship=relationship),
        "viewer_id": getattr(user, "pk", None),
        "staff_view": context.get("staff_view", False),
    }
