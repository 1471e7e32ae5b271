"""What the header of every page shows the person signed in, asked in one query and only when
a page shows the header: which sections it links to — the community (a space to read, a circle
to see, Ask-an-Expert to use) and the resource library (a resource to see or manage) — whether
they are on an agency's staff (then a second query lists the agencies) or run the network, and
their unread messages and notifications.

The query follows the reach rules of programs/reach.py (four audiences at three levels, for
spaces and for resources, with the person's staff roles): building and compiling it costs a
page far more than running it (about 20 ms of CPU against a fraction of one). Its SQL is the
same for every person but for the person's id, so each process compiles it once per database
and then runs it with the person's id put in (`_kept_query`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

COLUMNS = (
    "spaces",
    "circles",
    "topics",
    "expert",
    "resources",
    "staff",
    "network_admin",
    "messages_unread",
    "notifications_unread",
)
# Two ids no person has: the query is compiled for each, and kept only when the two differ in
# nothing but the places of the id.
_STAND_INS = (-7_700_000_001, -7_700_000_002)


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
            messages_unread=_count(unread_messages(person=person)),
            notifications_unread=_count(unread_notifications(person=person)),
        )
        .values(*COLUMNS)
    )


@dataclass(frozen=True)
class _Kept:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[int, ...]  # where the person's id goes among the params

    def run(self, person_id: int) -> tuple[Any, ...] | None:
        params = list(self.params)
        for slot in self.slots:
            params[slot] = person_id
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            row: tuple[Any, ...] | None = cursor.fetchone()
            return row


def _compile(alias: str) -> _Kept | None:
    """The query's SQL with the places of the person's id, or None when compiling it for two
    stand-ins shows it depends on the person in any other way (then each page builds it)."""
    from bridgeway.accounts.models import Person

    compiled = []
    for stand_in in _STAND_INS:
        sql, params = _query(Person(pk=stand_in)).query.get_compiler(using=alias).as_sql()
        compiled.append((sql, tuple(params)))
    (sql, first), (other_sql, second) = compiled
    slots = tuple(i for i, value in enumerate(first) if value == _STAND_INS[0])

    def same(i: int) -> bool:
        return second[i] == (_STAND_INS[1] if i in slots else first[i])

    if sql != other_sql or len(first) != len(second) or not slots:
        return None
    if not all(same(i) for i in range(len(first))):
        return None
    return _Kept(sql, first, slots)


_kept: dict[tuple[str, str], _Kept | None] = {}


def _kept_query() -> _Kept | None:
    key = (connection.alias, connection.vendor)
    if key not in _kept:
        _kept[key] = _compile(connection.alias)
    return _kept[key]


def _sections(person: Any) -> dict[str, Any]:
    kept = _kept_query()
    if kept is not None:
        values = kept.run(person.pk)
        row = dict(zip(COLUMNS, values, strict=True)) if values is not None else {}
    else:
        row = _query(person).first() or {}
    return {
        "community": any(row.get(name) for name in ("spaces", "circles", "topics", "expert")),
        "library": bool(row.get("resources")),
        "staff": bool(row.get("staff")),
        "network_admin": bool(row.get("network_admin")),
        "messages_unread": int(row.get("messages_unread") or 0),
        "notifications_unread": int(row.get("notifications_unread") or 0),
    }


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The header's values, each read from the one row when the page first shows one of them
    (while the page is drawn, after the view has marked anything read)."""
    from bridgeway.core.access import staff_memberships

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    sections = SimpleLazyObject(lambda: _sections(user))

    def memberships() -> list[Any]:
        if not sections["staff"]:
            return []
        return list(staff_memberships(user).select_related("organization"))

    return {
        "nav_community": SimpleLazyObject(lambda: sections["community"]),
        "nav_library": SimpleLazyObject(lambda: sections["library"]),
        "nav_memberships": memberships,
        "nav_is_network_admin": SimpleLazyObject(lambda: sections["network_admin"]),
        "messages_unread": SimpleLazyObject(lambda: sections["messages_unread"]),
        "notifications_unread": SimpleLazyObject(lambda: sections["notifications_unread"]),
    }
