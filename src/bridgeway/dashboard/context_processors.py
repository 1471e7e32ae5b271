"""What the header of every page shows the person signed in, asked in one query and only when
a page shows the header: which sections it links to — the community (a space to read, a circle
to see, Ask-an-Expert to use) and the resource library (a resource to see or manage) — whether
they are on an agency's staff (then a second query lists the agencies) or run the network, and
their unread messages and notifications (and whether they read a partner's figures, for the
dashboard, which asks the same row: `header_sections`).

The query follows the reach rules of programs/reach.py (four audiences at three levels, for
spaces and for resources, with the person's staff roles): building and compiling it costs a
page far more than running it (about 20 ms of CPU against a fraction of one). Its SQL is the
same for every person but for the person's id, so each process compiles it once per database
and then runs it with the person's id put in (core/kept_queries.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from bridgeway.core.kept_queries import KeptObjects, KeptQuery, person_by_id

COLUMNS = (
    "spaces",
    "circles",
    "topics",
    "expert",
    "resources",
    "staff",
    "network_admin",
    "partner_contact",
    "messages_unread",
    "notifications_unread",
)


def _count(rows: QuerySet[Any]) -> Coalesce:
    """How many rows, as a column of the header's query."""
    counted = rows.order_by().annotate(one=Value(1)).values("one").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")[:1]), 0, output_field=IntegerField())


def _query(person: Any) -> QuerySet[Any]:
    from bridgeway.accounts.models import Person
    from bridgeway.community.access import spaces_readable
    from bridgeway.community.circles.selectors import circles_visible
    from bridgeway.community.experts.selectors import expert_roles, topics_askable
    from bridgeway.core.access import staff_memberships
    from bridgeway.core.models import NetworkAdmin
    from bridgeway.learning.library.access import resources_readable
    from bridgeway.messaging.selectors import unread_messages
    from bridgeway.notifications.selectors import unread_notifications
    from bridgeway.reports.partners.selectors import partners_of_contact

    return (
        Person.objects.filter(pk=person.pk)
        .annotate(
            spaces=Exists(spaces_readable(person)),
            circles=Exists(circles_visible(person=person)),
            topics=Exists(topics_askable(person=person)),
            expert=Exists(expert_roles(person=person)),
            resources=Exists(resources_readable(person)),
            staff=Exists(staff_memberships(person)),
            network_admin=Exists(NetworkAdmin.objects.filter(person=person)),
            partner_contact=Exists(partners_of_contact(person)),
            messages_unread=_count(unread_messages(person=person)),
            notifications_unread=_count(unread_notifications(person=person)),
        )
        .values(*COLUMNS)
    )


_header = KeptQuery(lambda person: _query(person), COLUMNS)


def _sections(person: Any) -> dict[str, Any]:
    row = _header.row(person)
    return {
        "community": any(row.get(name) for name in ("spaces", "circles", "topics", "expert")),
        "library": bool(row.get("resources")),
        "staff": bool(row.get("staff")),
        "network_admin": bool(row.get("network_admin")),
        "partner_contact": bool(row.get("partner_contact")),
        "messages_unread": int(row.get("messages_unread") or 0),
        "notifications_unread": int(row.get("notifications_unread") or 0),
    }


_SECTIONS = "_bridgeway_header"
_MEMBERSHIPS = "_bridgeway_header_memberships"


def header_sections(request: HttpRequest) -> dict[str, Any]:
    """The header's row for the person signed in, asked once per request: the header and a
    view that needs the same answers (the dashboard: staff, network admin, partner contact)
    share it. A view that marks messages or notifications read must not ask it before doing
    so (the counts are read when it is first asked)."""
    cached: dict[str, Any] | None = getattr(request, _SECTIONS, None)
    if cached is None:
        cached = _sections(request.user)
        setattr(request, _SECTIONS, cached)
    return cached


def _memberships_of(person_id: int) -> QuerySet[Any]:
    from bridgeway.core.access import staff_memberships

    return staff_memberships(person_by_id(person_id)).select_related("organization")


# The agencies' query, compiled once per process and run with the person's id.
_memberships = KeptObjects(_memberships_of, int)


def staff_memberships_shown(request: HttpRequest) -> list[Any]:
    """The person's agencies (with the agency), read once per request and only for someone
    on an agency's staff."""
    cached: list[Any] | None = getattr(request, _MEMBERSHIPS, None)
    if cached is None:
        cached = []
        person: Any = request.user
        if header_sections(request)["staff"]:
            cached = _memberships.list(person.pk)
        setattr(request, _MEMBERSHIPS, cached)
    return cached


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The header's values, each read from the one row when the page first shows one of them
    (while the page is drawn, after the view has marked anything read)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    sections = SimpleLazyObject(lambda: header_sections(request))
    return {
        "nav_community": SimpleLazyObject(lambda: sections["community"]),
        "nav_library": SimpleLazyObject(lambda: sections["library"]),
        "nav_memberships": lambda: staff_memberships_shown(request),
        "nav_is_network_admin": SimpleLazyObject(lambda: sections["network_admin"]),
        "messages_unread": SimpleLazyObject(lambda: sections["messages_unread"]),
        "notifications_unread": SimpleLazyObject(lambda: sections["notifications_unread"]),
    }
