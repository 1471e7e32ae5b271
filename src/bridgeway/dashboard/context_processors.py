"""Which sections the header links to for the person signed in — the community (a space to
read, a circle to see, Ask-an-Expert to use) and the resource library (a resource to see or
manage) — asked in one query, and only when a page shows the header."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def _sections(person: Any) -> dict[str, bool]:
    from bridgeway.accounts.models import Person
    from bridgeway.community.access import spaces_readable
    from bridgeway.community.circles.selectors import circles_visible
    from bridgeway.community.experts.selectors import expert_roles, topics_askable
    from bridgeway.learning.library.access import resources_readable

    row = (
        Person.objects.filter(pk=person.pk)
        .annotate(
            spaces=Exists(spaces_readable(person)),
            circles=Exists(circles_visible(person=person)),
            topics=Exists(topics_askable(person=person)),
            expert=Exists(expert_roles(person=person)),
            resources=Exists(resources_readable(person)),
        )
        .values("spaces", "circles", "topics", "expert", "resources")
        .first()
    ) or {}
    return {
        "community": any(row.get(name) for name in ("spaces", "circles", "topics", "expert")),
        "library": bool(row.get("resources")),
    }


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    sections = SimpleLazyObject(lambda: _sections(user))
    return {
        "nav_community": SimpleLazyObject(lambda: sections["community"]),
        "nav_library": SimpleLazyObject(lambda: sections["library"]),
    }
