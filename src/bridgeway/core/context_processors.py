from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from bridgeway.core.access import is_network_admin, staff_memberships


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the header shows: the person's agencies and whether they run the network."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def memberships() -> list[Any]:
        return list(staff_memberships(user).select_related("organization"))  # type: ignore[arg-type]

    return {
        "nav_memberships": memberships,
        "nav_is_network_admin": lambda: is_network_admin(user),  # type: ignore[arg-type]
    }
