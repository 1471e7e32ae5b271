from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def unread(request: HttpRequest) -> dict[str, Any]:
    """Messages waiting for the person, in the header (counted only when a page shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        from bridgeway.messaging.selectors import unread_total

        return unread_total(person=user)  # type: ignore[arg-type]

    return {"messages_unread": SimpleLazyObject(count)}
