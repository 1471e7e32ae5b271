from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Whether the header links to the community: only for people with a space to read, or
    who may ask an expert or are one (checked only when a page shows the header)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def readable() -> bool:
        from bridgeway.community.experts.selectors import may_use_ask_an_expert
        from bridgeway.community.selectors import has_readable_space

        return has_readable_space(person=user) or may_use_ask_an_expert(person=user)  # type: ignore[arg-type]

    return {"nav_community": SimpleLazyObject(readable)}
