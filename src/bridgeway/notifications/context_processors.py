from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def bell(request: HttpRequest) -> dict[str, Any]:
    """The unread count in the header of every page (counted only when a page shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        from bridgeway.notifications.selectors import unread_count

        return unread_count(person=user)  # type: ignore[arg-type]

    return {"notifications_unread": SimpleLazyObject(count)}
