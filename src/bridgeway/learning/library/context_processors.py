from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Whether the header and the dashboard link to the library: only for people with
    resources to see or manage (checked only when a page shows the link)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def visible() -> bool:
        from bridgeway.learning.library.selectors import has_resources

        return has_resources(person=user)  # type: ignore[arg-type]

    return {"nav_library": SimpleLazyObject(visible)}
