"""The notifications' own reads of one change, compiled once per process.

Each change that tells people (a request sent, a mentorship started or closed) reads the
contact settings and choices of the one to three people it tells and, after its commit, their
unread counts. Building those querysets with the ORM cost more CPU than running them; their
SQL differs only by how many people (and kinds) are in its lists, so it is kept once per
process and per number of values (core/kept_queries.py), for the few numbers a change has.
More values than that are asked with the ORM, and the answer is the same either way."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import Count, QuerySet

from bridgeway.core.kept_queries import KeptObjects, KeptRows
from bridgeway.notifications.models import ContactSettings, Notification, Preference

# The most people (and kinds) one change tells whose reads are kept: a request, a start or a
# close tells one to three people of one or two kinds; a longer list goes to the ORM.
MOST_KEPT = 4

_kept: dict[tuple[str, int, int], Any] = {}


def _kept_for(name: str, people: int, kinds: int, make: Callable[[], Any]) -> Any:
    key = (name, people, kinds)
    if key not in _kept:
        _kept[key] = make()
    return _kept[key]


def _contacts(*person_ids: int) -> QuerySet[ContactSettings]:
    return ContactSettings.objects.filter(person_id__in=person_ids)


def contacts_of(person_ids: Sequence[int]) -> list[ContactSettings]:
    """The contact settings these people have saved (none for who never needed them)."""
    ids = tuple(person_ids)
    if not ids or len(ids) > MOST_KEPT:
        return list(_contacts(*ids))
    kept: KeptObjects = _kept_for(
        "contacts", len(ids), 0, lambda: KeptObjects(_contacts, *(int,) * len(ids))
    )
    return kept.list(*ids)


def _choices(people: int) -> Callable[..., QuerySet[Any]]:
    def build(*values: Any) -> QuerySet[Any]:
        return Preference.objects.filter(
            person_id__in=values[:people], kind__in=values[people:]
        ).values_list("person_id", "kind", "channel", "frequency")

    return build


def choices_of(person_ids: Sequence[int], kinds: Sequence[str]) -> list[tuple[Any, ...]]:
    """(person id, kind, channel, frequency) of what these people chose for these kinds."""
    ids, codes = tuple(person_ids), tuple(kinds)
    if not ids or not codes or len(ids) > MOST_KEPT or len(codes) > MOST_KEPT:
        return list(_choices(len(ids))(*ids, *codes))
    kept: KeptRows = _kept_for(
        "choices",
        len(ids),
        len(codes),
        lambda: KeptRows(_choices(len(ids)), *(int,) * len(ids), *(str,) * len(codes)),
    )
    return kept.list(*ids, *codes)


def _unread(*person_ids: int) -> QuerySet[Any]:
    return (
        Notification.objects.filter(person_id__in=person_ids, read_at__isnull=True)
        .values("person_id")
        .annotate(unread=Count("pk"))
        .values_list("person_id", "unread")
    )


def unread_counts(person_ids: Sequence[int]) -> dict[int, int]:
    """How many notifications each of these people has not read (absent: none)."""
    ids = tuple(person_ids)
    if not ids or len(ids) > MOST_KEPT:
        return dict(_unread(*ids))
    kept: KeptRows = _kept_for("unread", len(ids), 0, lambda: KeptRows(_unread, *(int,) * len(ids)))
    return dict(kept.list(*ids))
