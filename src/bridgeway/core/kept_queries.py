"""Queries asked on every request, compiled once per process.

Some questions are asked by almost every request — what the header shows, whether the person
holds a staff role or must use two-step sign-in — and their querysets are the same for every
person but for the person's id. Building and compiling such a queryset in the ORM costs far
more CPU than the database spends running it, so each process compiles it once per database
and then runs its SQL with the person's id put in.

A query is kept only when compiling it for two ids no person has gives the same SQL and
parameters but for the places of the id; otherwise (the queryset depends on the person in
some other way) each call builds it with the ORM, and the answer is the same either way.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet

# Two ids no person has: the query is compiled for each, and kept only when the two differ in
# nothing but the places of the id.
STAND_INS = (-7_700_000_001, -7_700_000_002)


@dataclass(frozen=True)
class _Compiled:
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


def _compile(build: Callable[[Any], QuerySet[Any]], alias: str) -> _Compiled | None:
    from bridgeway.accounts.models import Person

    compiled = []
    for stand_in in STAND_INS:
        sql, params = build(Person(pk=stand_in)).query.get_compiler(using=alias).as_sql()
        compiled.append((sql, tuple(params)))
    (sql, first), (other_sql, second) = compiled
    slots = tuple(i for i, value in enumerate(first) if value == STAND_INS[0])

    def same(i: int) -> bool:
        return second[i] == (STAND_INS[1] if i in slots else first[i])

    if sql != other_sql or len(first) != len(second) or not slots:
        return None
    if not all(same(i) for i in range(len(first))):
        return None
    return _Compiled(sql, first, slots)


class KeptQuery:
    """One row about a person: `build(person)` is a queryset of at most one row whose values
    are `columns` (a `.values(*columns)` queryset); `row(person)` answers it as a dict, or an
    empty dict when there is no row.

    `version` names what else the SQL depends on (settings read while building it): the query
    is compiled again when it changes."""

    def __init__(
        self,
        build: Callable[[Any], QuerySet[Any]],
        columns: tuple[str, ...],
        version: Callable[[], Hashable] = lambda: None,
    ) -> None:
        self.build, self.columns, self.version = build, columns, version
        self._compiled: dict[tuple[str, str, Hashable], _Compiled | None] = {}

    def compiled(self) -> _Compiled | None:
        key = (connection.alias, connection.vendor, self.version())
        if key not in self._compiled:
            self._compiled[key] = _compile(self.build, connection.alias)
        return self._compiled[key]

    def row(self, person: Any) -> dict[str, Any]:
        kept = self.compiled()
        if kept is None:
            found = self.build(person).first()
            return dict(found) if found else {}
        values = kept.run(person.pk)
        return dict(zip(self.columns, values, strict=True)) if values is not None else {}
