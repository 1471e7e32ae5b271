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

import copy
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.transaction import TransactionManagementError

# Every kept query of the process, in the order they were made: a web process compiles them
# before its first page (`compile_every`, core/warm_up.py).
_EVERY: list[KeptQuery | KeptObjects | KeptRows] = []

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


def person_by_id(person_id: int) -> Any:
    """The person as access rules read them, their id alone: what a kept query's `build` gives
    a rule that takes a person (it is compiled with stand-in ids, not people)."""
    from bridgeway.accounts.models import Person

    return Person(pk=person_id)


def _compile(build: Callable[[Any], QuerySet[Any]], alias: str) -> _Compiled | None:
    compiled = []
    for stand_in in STAND_INS:
        sql, params = build(person_by_id(stand_in)).query.get_compiler(using=alias).as_sql()
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
        _EVERY.append(self)

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


# Moments no row has: a kept query's datetimes and dates are compiled with these.
_STAND_IN_MOMENT = datetime(1111, 1, 1, tzinfo=UTC)


def _stand_in(kind: type, place: int, turn: int) -> Any:
    """A value no row has, another for each place and turn: an int, a string, an aware
    datetime or a date."""
    if kind is int:
        return STAND_INS[turn] - 10 * place
    if kind is str:
        return f"\x00kept-stand-in-{place}-{turn}\x00"
    if kind is datetime:
        return _STAND_IN_MOMENT + timedelta(seconds=10 * place + turn + 1, microseconds=7)
    if kind is date:
        return _STAND_IN_MOMENT.date() + timedelta(days=10 * place + turn + 1)
    raise TypeError(
        f"a kept query is asked with ints, strings, datetimes or dates, not {kind.__name__}"
    )


def _as_sent(kind: type, value: Any) -> Any:
    """A value as the ORM hands it to this connection's database: a datetime or a date goes
    through the backend's own adaptation (SQLite takes them as text in UTC, PostgreSQL as
    they are), as a model field's lookup does; ints and strings as themselves."""
    if kind is datetime:
        return connection.ops.adapt_datetimefield_value(value)
    if kind is date:
        return connection.ops.adapt_datefield_value(value)
    return value


def _fits(kinds: tuple[type, ...], values: tuple[Any, ...]) -> bool:
    """Whether each value is of its declared kind as the kept SQL takes it: a datetime must be
    aware (the ORM would make a naive one aware in the current time zone), a date must not be
    a datetime, a bool is not an int. A value that does not fit is left to the ORM."""
    for kind, value in zip(kinds, values, strict=True):
        if kind is datetime:
            if not isinstance(value, datetime) or value.utcoffset() is None:
                return False
        elif kind is date:
            if not isinstance(value, date) or isinstance(value, datetime):
                return False
        elif type(value) is not kind:
            return False
    return True


# A column's converters, kept with the query: (its place in the row, (the converter, whether
# it is a method of the backend's operations, to be bound to the request's connection), the
# column's expression).
_Converters = tuple[tuple[int, tuple[tuple[Callable[..., Any], bool], ...], Any], ...]


def _kept_converters(compiler: Any) -> _Converters | None:
    """What Django's `results_iter` works out again on every run: which columns of the row
    need converting from the database's values, and by what (the backend's converters and the
    fields' `from_db_value`). They depend on the query and the database's kind, not on the
    values asked, so they are found once, when the query is compiled. None when a column is a
    pair of columns (a composite key): that query's rows go through `results_iter`."""
    fields = [column[0] for column in compiler.select[: compiler.col_count]]
    if compiler.has_composite_fields(fields):
        return None
    ops = compiler.connection.ops
    kept = []
    for place, (converters, expression) in compiler.get_converters(fields).items():
        bound = tuple(
            (converter.__func__, True)
            if getattr(converter, "__self__", None) is ops
            else (converter, False)
            for converter in converters
        )
        kept.append((place, bound, expression))
    return tuple(kept)


def _converted(rows: list[Any], converters: _Converters) -> list[list[Any]]:
    """The rows with each column converted as Django's `apply_converters` converts it, the
    backend's converters bound to this request's connection (as the ORM binds them)."""
    ops = connection.ops
    bound = [
        (
            place,
            tuple(function.__get__(ops) if of_ops else function for function, of_ops in found),
            expression,
        )
        for place, found, expression in converters
    ]
    converted = []
    for found_row in rows:
        row = list(found_row)
        for place, functions, expression in bound:
            value = row[place]
            for function in functions:
                value = function(value, expression, connection)
            row[place] = value
        converted.append(row)
    return converted


@dataclass(frozen=True)
class _CompiledObjects:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, int], ...]  # (place among the params, which value goes there)
    compiler: Any  # the SQL compiler, after compiling: where each model's columns are
    init_list: tuple[str, ...]
    populators: tuple[Any, ...]
    annotations: tuple[tuple[str, int], ...]
    model: Any
    start: int  # where the model's own columns are in a row
    converters: _Converters | None  # None: through the compiler's results_iter


def _compile_sql(
    build: Callable[..., QuerySet[Any]], kinds: tuple[type, ...], alias: str
) -> tuple[Any, str, tuple[Any, ...], tuple[tuple[int, int], ...], Any] | None:
    """(a queryset built with stand-ins, its SQL, params, where each value goes, compiler), or
    None when the values do not each reach the SQL as themselves."""
    runs = []
    for turn in (0, 1):
        values = tuple(_stand_in(kind, place, turn) for place, kind in enumerate(kinds))
        queryset: Any = build(*values)
        values = tuple(_as_sent(kind, value) for kind, value in zip(kinds, values, strict=True))
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            return None
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        runs.append((values, sql, tuple(params), compiler, queryset))
    (first_values, sql, first, compiler, queryset) = runs[0]
    (second_values, other_sql, second, _, _) = runs[1]
    if sql != other_sql or len(first) != len(second):
        return None
    slots = []
    for place, (one, two) in enumerate(zip(first, second, strict=True)):
        given = [i for i, value in enumerate(first_values) if one == value]
        if given:
            if len(given) != 1 or two != second_values[given[0]]:
                return None
            slots.append((place, given[0]))
        elif one != two:
            return None
    if {which for _place, which in slots} != set(range(len(kinds))):
        return None  # a value that does not reach the SQL as itself
    return queryset, sql, first, tuple(slots), compiler


def _compile_objects(
    build: Callable[..., QuerySet[Any]], kinds: tuple[type, ...], alias: str
) -> _CompiledObjects | None:
    from django.db.models.query import (  # type: ignore[attr-defined]
        ModelIterable,
        get_related_populators,
    )

    found = _compile_sql(build, kinds, alias)
    if found is None:
        return None
    queryset, sql, params, slots, compiler = found
    if queryset._iterable_class is not ModelIterable:
        return None
    klass_info, select = compiler.klass_info, compiler.select
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    return _CompiledObjects(
        sql=sql,
        params=params,
        slots=slots,
        compiler=compiler,
        init_list=tuple(column[0].target.attname for column in select[start:end]),
        populators=tuple(get_related_populators(klass_info, select, alias)),
        annotations=tuple((compiler.annotation_col_map or {}).items()),
        model=klass_info["model"],
        start=start,
        converters=_kept_converters(compiler),
    )


def _params(
    params: tuple[Any, ...], slots: tuple[tuple[int, int], ...], values: tuple[Any, ...]
) -> list[Any]:
    filled = list(params)
    for place, which in slots:
        filled[place] = values[which]
    return filled


def _compiled_for(
    kept: dict[tuple[str, str], Any],
    compile_: Callable[[Callable[..., QuerySet[Any]], tuple[type, ...], str], Any],
    build: Callable[..., QuerySet[Any]],
    kinds: tuple[type, ...],
) -> Any:
    """What `compile_` gives for `build` on this request's database, compiled once per
    process and database (None: the queryset does not fit and is built on every call)."""
    key = (connection.alias, connection.vendor)
    if key not in kept:
        kept[key] = compile_(build, kinds, connection.alias)
    return kept[key]


def _run(kept: Any, kinds: tuple[type, ...], values: tuple[Any, ...]) -> list[Any]:
    """The rows of compiled SQL run with `values`, each column converted as the ORM converts
    it (see `_kept_converters`)."""
    sent = tuple(_as_sent(kind, value) for kind, value in zip(kinds, values, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(kept.sql, _params(kept.params, kept.slots, sent))
        rows = cursor.fetchall()
    if not rows:
        return rows
    if kept.converters is None:
        compiler = copy.copy(kept.compiler)
        compiler.connection = connection
        return list(compiler.results_iter([rows]))
    if not kept.converters:
        return rows
    return _converted(rows, kept.converters)


class KeptObjects:
    """Model instances, as the queryset `build(*values)` would give them (its select_related
    included), for querysets that differ only by `values` (ints, strings, aware datetimes or
    dates, each reaching the SQL as itself). The SQL is compiled once per process and
    database; a queryset that does not fit (prefetching, values(), a value changed on its way
    to the SQL) is built with the ORM on every call, and the answer is the same either way."""

    def __init__(self, build: Callable[..., QuerySet[Any]], *kinds: type) -> None:
        self.build, self.kinds = build, kinds
        self._compiled: dict[tuple[str, str], _CompiledObjects | None] = {}
        _EVERY.append(self)

    def compiled(self) -> _CompiledObjects | None:
        return _compiled_for(self._compiled, _compile_objects, self.build, self.kinds)

    def list(self, *values: Any) -> list[Any]:
        kept = self.compiled()
        if kept is None or not _fits(self.kinds, values):
            return list(self.build(*values))
        rows = _run(kept, self.kinds, values)
        if not rows:
            return []
        model, start, alias = kept.model, kept.start, connection.alias
        end = start + len(kept.init_list)
        found = []
        for row in rows:
            obj = model.from_db(alias, kept.init_list, row[start:end])
            for populator in kept.populators:
                populator.populate(row, obj)
            for name, place in kept.annotations:
                setattr(obj, name, row[place])
            found.append(obj)
        return found

    def first(self, *values: Any) -> Any:
        found = self.list(*values)
        return found[0] if found else None


@dataclass(frozen=True)
class _CompiledRows:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, int], ...]
    compiler: Any  # the SQL compiler, after compiling
    converters: _Converters | None  # None: through the compiler's results_iter


def _compile_rows(
    build: Callable[..., QuerySet[Any]], kinds: tuple[type, ...], alias: str
) -> _CompiledRows | None:
    from django.db.models.query import ValuesListIterable  # type: ignore[attr-defined]

    found = _compile_sql(build, kinds, alias)
    if found is None:
        return None
    queryset, sql, params, slots, compiler = found
    if queryset._iterable_class is not ValuesListIterable:
        return None
    query = queryset.query
    # The columns in the order the queryset names them, as ValuesListIterable gives them
    # (otherwise it reorders them: leave that queryset to the ORM).
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    fields = [
        *queryset._fields,
        *(f for f in query.annotation_select if f not in queryset._fields),
    ]
    if queryset._fields and fields != names:
        return None
    return _CompiledRows(
        sql=sql,
        params=params,
        slots=slots,
        compiler=compiler,
        converters=_kept_converters(compiler),
    )


class KeptRows:
    """Tuples of values, as the `values_list()` queryset `build(*values)` would give them, for
    querysets that differ only by `values` (ints, strings, aware datetimes or dates, each
    reaching the SQL as itself):
    compiled once per process and database, as `KeptObjects`; a queryset that does not fit
    is built with the ORM on every call, and the answer is the same either way."""

    def __init__(self, build: Callable[..., QuerySet[Any]], *kinds: type) -> None:
        self.build, self.kinds = build, kinds
        self._compiled: dict[tuple[str, str], _CompiledRows | None] = {}
        _EVERY.append(self)

    def compiled(self) -> _CompiledRows | None:
        return _compiled_for(self._compiled, _compile_rows, self.build, self.kinds)

    def list(self, *values: Any) -> list[tuple[Any, ...]]:
        kept = self.compiled()
        if kept is None or not _fits(self.kinds, values):
            return list(self.build(*values))
        return [tuple(row) for row in _run(kept, self.kinds, values)]


def compile_every() -> int:
    """Compiles each kept query made so far for the default database, as its first call would
    (building a queryset with stand-in values runs no query); answers how many compiled to
    SQL that is kept (the others are built by the ORM on each call, as on their first)."""
    kept_sql = 0
    for kept in _EVERY:
        try:
            compiled = kept.compiled()
        except TransactionManagementError:
            # A query that locks its rows compiles only inside a transaction, as it runs.
            with transaction.atomic():
                compiled = kept.compiled()
        kept_sql += compiled is not None
    return kept_sql
