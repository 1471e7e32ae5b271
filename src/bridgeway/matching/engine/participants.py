"""Participants (mentees and mentors) and the JSON Lines file that lists them."""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from . import newcomer_answers as newcomer
from .errors import FormatError
from .spec import Criterion, ProgramSpec
from .timezones import utc_offset_hours

ROLES = ("mentee", "mentor")
EXCLUSION_REASONS = ("declined", "earlier_pair", "other")
_KEYS = frozenset({"id", "role", "answers", "capacity", "exclude", "text_vectors"})


@dataclass(frozen=True)
class Exclusion:
    """This participant must not be matched with participant `id` (for `reason`)."""

    id: str
    reason: str = "other"


@dataclass(frozen=True)
class Participant:
    """One mentee or mentor. `capacity` is a mentor's number of free places (mentees: 1).

    `text_vectors` maps an answer field to a vector from `text.text_vector`, computed when the
    profile changed, so free text need not be analysed again.
    """

    id: str
    role: str
    answers: Mapping[str, Any] = field(default_factory=dict)
    capacity: int = 1
    exclude: tuple[Exclusion, ...] = ()
    text_vectors: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any) -> Participant:
        if not isinstance(data, dict):
            raise FormatError("a participant must be a JSON object")
        if not data.keys() <= _KEYS:
            key = next(key for key in data if key not in _KEYS)
            raise FormatError(f"unknown key {key!r}", field=key)
        pid = data.get("id")
        if isinstance(pid, int) and not isinstance(pid, bool):
            pid = str(pid)
        if not isinstance(pid, str) or not pid:
            raise FormatError("id must be a non-empty string", field="id")
        role = data.get("role")
        if role not in ROLES:
            raise FormatError("role must be 'mentee' or 'mentor'", field="role")
        capacity = data.get("capacity", 1)
        if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 0:
            raise FormatError("capacity must be a whole number, 0 or more", field="capacity")
        if role == "mentee" and capacity != 1:
            raise FormatError("a mentee's capacity is always 1", field="capacity")
        answers = data.get("answers", {})
        if not isinstance(answers, dict):
            raise FormatError("answers must be an object of field -> answer", field="answers")
        exclude = _exclusions(data["exclude"]) if "exclude" in data else ()
        vectors = data.get("text_vectors", {})
        if not isinstance(vectors, dict) or not all(isinstance(v, str) for v in vectors.values()):
            raise FormatError(
                "text_vectors must map a field to a vector string", field="text_vectors"
            )
        return cls(pid, role, answers, capacity, exclude, vectors)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "role": self.role}
        if self.role == "mentor":
            out["capacity"] = self.capacity
        out["answers"] = dict(self.answers)
        if self.exclude:
            out["exclude"] = [
                e.id if e.reason == "other" else {"id": e.id, "reason": e.reason}
                for e in self.exclude
            ]
        if self.text_vectors:
            out["text_vectors"] = dict(self.text_vectors)
        return out


def _exclusions(raw: Any) -> tuple[Exclusion, ...]:
    if not isinstance(raw, list):
        raise FormatError("exclude must be a list of ids", field="exclude")
    exclude = []
    for index, item in enumerate(raw):
        where = f"exclude[{index}]"
        if isinstance(item, str) and item:
            exclude.append(Exclusion(item))
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            reason = item.get("reason", "other")
            if reason not in EXCLUSION_REASONS:
                raise FormatError(
                    f"reason must be one of {', '.join(EXCLUSION_REASONS)}",
                    field=f"{where}.reason",
                )
            exclude.append(Exclusion(item["id"], reason))
        else:
            raise FormatError('an exclusion is an id or {"id": ..., "reason": ...}', field=where)
    return tuple(exclude)


def _is_value(x: Any) -> bool:
    return (isinstance(x, str) and x != "") or (isinstance(x, int) and not isinstance(x, bool))


def check_answer(spec: ProgramSpec, criterion: Criterion, role: str, value: Any) -> None:
    """Raise FormatError (field ``answers.<name>``) if `value` cannot serve `criterion`."""
    name = criterion.mentee_field if role == "mentee" else criterion.mentor_field
    where = f"answers.{name}"
    if value is None:
        return
    kind = criterion.kind
    if kind == "shared_language":
        if isinstance(value, dict):
            for code, level in value.items():
                spec.level(level, f"{where}.{code}", criterion.scale)
            return
        if isinstance(value, list) and all(_is_value(v) for v in value):
            return
        raise FormatError("expected languages as an object of code -> level or a list", field=where)
    if kind in ("overlap", "covers", "same_value", "exclude_same", "preference"):
        if _is_value(value) or (isinstance(value, list) and all(_is_value(v) for v in value)):
            return
        raise FormatError("expected a value or a list of values", field=where)
    if kind == "distance":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return
        raise FormatError("expected a number", field=where)
    if kind == "timezone":
        try:
            utc_offset_hours(value, spec.reference_date or dt.date.today())
        except (ValueError, TypeError) as error:
            raise FormatError(
                f"expected a UTC offset in hours or a time zone name ({error})", field=where
            ) from None
        return
    if kind == "text" and not isinstance(value, str):
        raise FormatError("expected text", field=where)
    if kind in NEWCOMER_READERS:
        try:
            NEWCOMER_READERS[kind][role == "mentor"](value)
        except ValueError as error:
            raise FormatError(str(error), field=where) from None


# The newcomer kinds' answers: (read the mentee's answer, read the mentor's answer).
NEWCOMER_READERS: dict[str, tuple[Any, Any]] = {
    "occupation": (newcomer.noc_codes, newcomer.noc_codes),
    "arrival": (newcomer.arrival_day, newcomer.window_days),
    "accommodations": (newcomer.needs, newcomer.offers),
}


def check_participant(spec: ProgramSpec, participant: Participant) -> None:
    for criterion in spec.criteria:
        name = criterion.mentee_field if participant.role == "mentee" else criterion.mentor_field
        check_answer(spec, criterion, participant.role, participant.answers.get(name))


# Private marks that start some keys, so that no list's key can equal them ({} and [] differ).
_OBJECT, _NUMBER, _OTHER = object(), object(), object()


def answer_keys(answers: Sequence[Any]) -> list[Any]:
    """A dict key for each answer, equal for equal answers: the text itself, a tuple of a
    list's items, or a tuple of a mark and the object's (key, value) pairs or the number; None
    for none. A key can be unhashable (a list in a list) and, unless `is_exact`, equal for
    different answers ([1], [1.0] and [true] have equal keys)."""
    return [
        a if a is None or type(a) is str else tuple(a) if type(a) is list else _key(a)
        for a in answers
    ]


def _key(answer: Any) -> Any:
    kind = type(answer)
    if kind is dict:
        return (_OBJECT, *answer.items())
    if kind is int or kind is float or kind is bool:
        return (_NUMBER, kind, answer)
    return (_OTHER, answer)


def is_exact(key: Any) -> bool:
    """Whether only an answer equal to this key's answer has an equal key (answers made of
    text, a number on its own): then whatever holds for one such answer holds for all."""
    if key is None or type(key) is str:
        return True
    if type(key) is not tuple:
        return False
    head = key[0] if key else None
    if head is _OBJECT:
        return all(type(pair[1]) is str for pair in key[1:])
    if head is _NUMBER:
        return True
    return all(type(item) is str for item in key)


class _Numbering(dict[Any, int]):
    """numbering[key]: the key's number, a new one for a key not seen before."""

    def __missing__(self, key: Any) -> int:
        number = self[key] = len(self)
        return number


def distinct_answers(answers: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Number answers by distinct value, in order of first appearance: (the number of each
    answer, the index of each number's first answer). Many people give the same answer (a
    time zone, a list of languages), so work done once a number is done once a value.

    Answers whose keys cannot tell them apart (see `answer_keys`) get a number each.
    """
    keys = answer_keys(answers)
    numbering = _Numbering()
    try:
        numbers = np.array(list(map(numbering.__getitem__, keys)), dtype=np.int64)
    except TypeError:  # an unhashable key: give it a key of its own
        numbering.clear()
        numbers = np.array([_number(numbering, key) for key in keys], dtype=np.int64)
    exact = np.array([is_exact(key) for key in numbering], dtype=bool)
    if exact.all():
        # Numbers are handed out in order, so a number's first answer is where it first
        # exceeds every number before it.
        seen_before = np.maximum.accumulate(numbers) if len(numbers) else numbers
        first = np.flatnonzero(numbers == np.concatenate(([-1], seen_before[:-1])) + 1)
        return numbers, first
    alone = ~exact[numbers]
    numbers[alone] = len(exact) + np.flatnonzero(alone)
    _, first, inverse = np.unique(numbers, return_index=True, return_inverse=True)
    order = np.argsort(first)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[inverse.ravel()], first[order]


def _number(numbering: _Numbering, key: Any) -> int:
    try:
        return numbering[key]
    except TypeError:
        return numbering[object()]


def _first_wrong_answer(
    spec: ProgramSpec, people: Sequence[Participant], answers: Sequence[tuple[Any, ...]]
) -> tuple[int, FormatError] | None:
    """(index, error) of the first person whose answers cannot serve the spec (the first
    criterion that fails, as check_participant would), or None. `answers[k]` holds person k's
    answer to each criterion in turn."""
    found: tuple[int, FormatError] | None = None
    columns = zip(*answers, strict=True) if answers else ((),) * len(spec.criteria)
    for criterion, values in zip(spec.criteria, columns, strict=True):
        if _all_pass(spec, criterion, values):
            continue
        if criterion.kind in NEWCOMER_READERS:
            wrong = _first_wrong_by_role(spec, criterion, people, values)
        else:
            wrong = _first_wrong(spec, criterion, people, values)
        if wrong is not None and (found is None or wrong[0] < found[0]):
            found = wrong
    return found


_NONE = type(None)


def _all_pass(spec: ProgramSpec, criterion: Criterion, values: Sequence[Any]) -> bool:
    """A quick test that is true only if every answer can serve `criterion` (as check_answer
    would find): it looks at the types in the column and at distinct texts, not at each answer
    in turn. False means: look at each answer."""
    kinds = set(map(type, values))
    kind = criterion.kind
    if kind == "text":
        return kinds <= {str, _NONE}
    if kind == "distance":
        return kinds <= {int, float, _NONE}
    if kind == "timezone":
        if not kinds <= {str, int, float, _NONE}:
            return False
        on = spec.reference_date or dt.date.today()
        try:
            for value in set(values) - {None}:  # 1 and 1.0 are one zone; true is not here
                utc_offset_hours(value, on)
        except (ValueError, TypeError):
            return False
        return True
    if kind in NEWCOMER_READERS:
        return False  # each distinct answer is read (see _first_wrong)
    lists = [v for v in values if type(v) is list]
    if kind == "shared_language":
        if not kinds <= {dict, list, _NONE}:
            return False
        dicts = [v for v in values if type(v) is dict]
        level_kinds = set(map(type, chain.from_iterable(map(dict.values, dicts))))
        if not level_kinds <= {str, int, float}:
            return False
        try:
            levels = set(chain.from_iterable(map(dict.values, dicts)))
        except TypeError:
            return False
        names = {level for level in levels if type(level) is str}
        if criterion.scale == "clb":
            numbers = {level for level in levels if type(level) is not str}
            try:
                for level in names | numbers:
                    spec.level(level, "", "clb")
            except FormatError:
                return False
            return _values_pass(lists)
        return names <= spec.levels.keys() and _values_pass(lists)
    return kinds <= {str, int, list, _NONE} and "" not in values and _values_pass(lists)


def _first_wrong_by_role(
    spec: ProgramSpec, criterion: Criterion, people: Sequence[Participant], values: Sequence[Any]
) -> tuple[int, FormatError] | None:
    """As _first_wrong, for kinds whose mentees and mentors answer differently (an arrival
    date, available dates): each distinct answer is read once for each side."""
    passed: set[Any] = set()
    for index, key in enumerate(answer_keys(values)):
        role = people[index].role
        seen = (role, key) if is_exact(key) else None
        if seen is not None and seen in passed:
            continue
        try:
            check_answer(spec, criterion, role, values[index])
        except FormatError as wrong:
            return index, wrong
        if seen is not None:
            passed.add(seen)
    return None


def _values_pass(lists: Sequence[list[Any]]) -> bool:
    """Whether every item of these lists is a value (non-empty text or a whole number)."""
    items = list(chain.from_iterable(lists))
    return set(map(type, items)) <= {str, int} and "" not in items


def _first_wrong(
    spec: ProgramSpec, criterion: Criterion, people: Sequence[Participant], values: Sequence[Any]
) -> tuple[int, FormatError] | None:
    """The first answer to `criterion` that cannot serve it, as (index, error), or None."""

    def error(index: int) -> FormatError | None:
        try:
            check_answer(spec, criterion, people[index].role, values[index])
        except FormatError as wrong:
            return wrong
        return None

    keys = answer_keys(values)
    try:
        sample = dict(zip(keys, range(len(keys)), strict=True))  # an answer for each key
    except TypeError:
        sample = {}
    if sample and all(map(is_exact, sample)):
        # Equal keys, equal answers: check one answer a key, then find the first of the wrong.
        wrong = [key for key, index in sample.items() if error(index) is not None]
        if not wrong:
            return None
        first = min(map(keys.index, wrong))
        failure = error(first)
        return None if failure is None else (first, failure)
    passed = set()
    for index, key in enumerate(keys):
        try:
            if key in passed:
                continue
        except TypeError:
            pass
        wrong_here = error(index)
        if wrong_here is not None:
            return index, wrong_here
        if is_exact(key):
            passed.add(key)
    return None


@contextmanager
def gc_paused(*, kept: bool = False) -> Iterator[None]:
    """Pause the cycle collector while many objects that form no cycles are made (parsed
    JSON, sets of answers): it would otherwise walk all of them again and again.

    kept: what is made is kept for the whole run (a cohort's participants), so it is moved
    straight to the oldest generation, where it would end up anyway, instead of being walked
    by two younger collections first. Not done if some objects are frozen (gc.freeze), as
    moving ours unfreezes theirs."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if kept and gc.get_freeze_count() == 0:
            gc.freeze()  # every tracked object into the permanent generation ...
            gc.unfreeze()  # ... and from there into the oldest one
        if enabled:
            gc.enable()


def parse_participants(
    lines: Iterable[str], spec: ProgramSpec | None = None, path: str = "<participants>"
) -> list[Participant]:
    """Parse JSON Lines; every error names `path`, the line number and the field.

    The error reported is the file's first, as if each line were checked in full before the
    next is read; but the answers are checked together once the lines are read, each distinct
    answer once.
    """
    people: list[Participant] = []
    line_of: list[int] = []
    seen: dict[str, int] = {}
    stop: FormatError | None = None
    # Each person's answer to each criterion, read while the person is fresh in the cache.
    criteria = spec.criteria if spec is not None else ()
    fields = {
        role: [c.mentee_field if role == "mentee" else c.mentor_field for c in criteria]
        for role in ROLES
    }
    answers: list[tuple[Any, ...]] = []
    with gc_paused(kept=True):
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                person = Participant.from_dict(json.loads(line))
            except json.JSONDecodeError as error:
                stop = FormatError(f"not valid JSON: {error.msg}", path=path, line=number)
                break
            except FormatError as error:
                stop = error.located(path=path, line=number)
                break
            people.append(person)
            line_of.append(number)
            answers.append(tuple(map(person.answers.get, fields[person.role])))
            if person.id in seen:  # reported after this line's answers, as they come first
                stop = FormatError(
                    f"id {person.id!r} is already used on line {seen[person.id]}",
                    field="id",
                    path=path,
                    line=number,
                )
                break
            seen[person.id] = number
        wrong = _first_wrong_answer(spec, people, answers) if spec is not None else None
    if wrong is not None:
        index, answer_error = wrong
        raise answer_error.located(path=path, line=line_of[index])
    if stop is not None:
        raise stop
    return people


def load_participants(path: str | Path, spec: ProgramSpec | None = None) -> list[Participant]:
    try:
        with open(path, encoding="utf-8") as handle:
            return parse_participants(handle, spec, str(path))
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(f"cannot read the file: {error}", path=str(path)) from None


def dump_participants(people: Iterable[Participant], path: str | Path) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for person in people:
            handle.write(json.dumps(person.to_dict(), ensure_ascii=False) + "\n")
