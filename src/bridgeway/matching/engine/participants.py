"""Participants (mentees and mentors) and the JSON Lines file that lists them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import FormatError
from .spec import Criterion, ProgramSpec
from .timezones import utc_offset_hours

ROLES = ("mentee", "mentor")
EXCLUSION_REASONS = ("declined", "earlier_pair", "other")


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
        allowed = {"id", "role", "answers", "capacity", "exclude", "text_vectors"}
        for key in data:
            if key not in allowed:
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
        exclude = []
        raw_exclude = data.get("exclude", [])
        if not isinstance(raw_exclude, list):
            raise FormatError("exclude must be a list of ids", field="exclude")
        for index, item in enumerate(raw_exclude):
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
                raise FormatError(
                    'an exclusion is an id or {"id": ..., "reason": ...}', field=where
                )
        vectors = data.get("text_vectors", {})
        if not isinstance(vectors, dict) or not all(isinstance(v, str) for v in vectors.values()):
            raise FormatError(
                "text_vectors must map a field to a vector string", field="text_vectors"
            )
        return cls(
            id=pid,
            role=role,
            answers=answers,
            capacity=capacity,
            exclude=tuple(exclude),
            text_vectors=vectors,
        )

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
                spec.level(level, f"{where}.{code}")
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


def check_participant(spec: ProgramSpec, participant: Participant) -> None:
    for criterion in spec.criteria:
        name = criterion.mentee_field if participant.role == "mentee" else criterion.mentor_field
        check_answer(spec, criterion, participant.role, participant.answers.get(name))


def parse_participants(
    lines: Iterable[str], spec: ProgramSpec | None = None, path: str = "<participants>"
) -> list[Participant]:
    """Parse JSON Lines; every error names `path`, the line number and the field."""
    people: list[Participant] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise FormatError(f"not valid JSON: {error.msg}", path=path, line=number) from None
        try:
            person = Participant.from_dict(data)
            if spec is not None:
                check_participant(spec, person)
        except FormatError as error:
            raise error.located(path=path, line=number) from None
        if person.id in seen:
            raise FormatError(
                f"id {person.id!r} is already used on line {seen[person.id]}",
                field="id",
                path=path,
                line=number,
            )
        seen[person.id] = number
        people.append(person)
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
