"""The program spec: which criteria decide a match, with weights and hard flags.

See docs/matching-format.md for the file format; `ProgramSpec.from_dict` is the in-memory door.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import FormatError
from .jsonpos import line_for, loads_with_lines
from .languages import cefr_for_clb, clb_level, parse_benchmark

FORMAT_VERSION = 1

DEFAULT_LEVELS: dict[str, float] = {
    "A1": 1,
    "A2": 2,
    "B1": 3,
    "B2": 4,
    "C1": 5,
    "C2": 6,
    "native": 7,
}

KINDS = (
    "shared_language",
    "overlap",
    "same_value",
    "covers",
    "distance",
    "timezone",
    "preference",
    "exclude_same",
    "text",
    "occupation",
    "arrival",
    "accommodations",
)

# Which spec keys each kind accepts besides the common ones.
_COMMON = {"name", "kind", "weight", "hard", "attribute", "labels"}
_FIELDS = {"field", "mentee_field", "mentor_field"}
_EXTRA: dict[str, set[str]] = {
    "shared_language": _FIELDS | {"min_level", "scale"},
    "overlap": _FIELDS | {"min_shared"},
    "same_value": _FIELDS | {"explain"},
    "covers": _FIELDS | {"min_covered"},
    "distance": _FIELDS | {"max"},
    "timezone": _FIELDS | {"max_hours"},
    "preference": {"side", "preference_field", "attribute_field"},
    "exclude_same": _FIELDS,
    "text": _FIELDS | {"full_at"},
    "occupation": _FIELDS | {"partial"},
    "arrival": _FIELDS | {"weeks"},
    "accommodations": _FIELDS,
}
# The answer each kind reads when the criterion names none: (mentee field, mentor field).
_DEFAULT_FIELD = {
    "shared_language": ("languages", "languages"),
    "timezone": ("timezone", "timezone"),
    "occupation": ("noc", "noc"),
    "arrival": ("arrival_date", "available_dates"),
    "accommodations": ("accommodation_needs", "accommodations_offered"),
}
LANGUAGE_SCALES = ("levels", "clb")
PARTIAL_KEYS = ("broad_category", "teer")
DEFAULT_PARTIAL = {"broad_category": 0.5, "teer": 0.25}
SAME_VALUE_EXPLAIN = ("same_value", "same_sector", "target_occupation")


@dataclass(frozen=True)
class Criterion:
    """One rule of the program. `hard` makes it a filter; `weight` its share of the score."""

    name: str
    kind: str
    mentee_field: str
    mentor_field: str
    weight: float = 1.0
    hard: bool = False
    attribute: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)
    min_level: float = 1.0
    min_shared: int = 1
    max_distance: float = 0.0
    side: str = "mentee"
    explain: str = "same_value"
    full_at: float = 0.5
    scale: str = "levels"
    partial: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_PARTIAL))
    weeks: float = 4.0

    @property
    def label(self) -> str:
        """What the criterion is about, in words ("sector", "time zone")."""
        return self.attribute or self.name

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "kind": self.kind}
        if self.kind == "preference":
            prefer_on_mentee = self.side == "mentee"
            out["side"] = self.side
            out["preference_field"] = self.mentee_field if prefer_on_mentee else self.mentor_field
            out["attribute_field"] = self.mentor_field if prefer_on_mentee else self.mentee_field
        else:
            out["mentee_field"] = self.mentee_field
            out["mentor_field"] = self.mentor_field
        if self.kind != "exclude_same":
            out["weight"] = self.weight
            out["hard"] = self.hard
        if self.attribute:
            out["attribute"] = self.attribute
        if self.labels:
            out["labels"] = dict(self.labels)
        extra = {
            "shared_language": ("min_level", self.min_level),
            "overlap": ("min_shared", self.min_shared),
            "covers": ("min_covered", self.min_shared),
            "distance": ("max", self.max_distance),
            "timezone": ("max_hours", self.max_distance),
            "same_value": ("explain", self.explain),
            "text": ("full_at", self.full_at),
            "occupation": ("partial", dict(self.partial)),
            "arrival": ("weeks", self.weeks),
        }.get(self.kind)
        if extra:
            out[extra[0]] = extra[1]
        if self.kind == "shared_language" and self.scale != "levels":
            out["scale"] = self.scale
        return out


@dataclass(frozen=True)
class ProgramSpec:
    """A versioned program spec (format_version 1)."""

    criteria: tuple[Criterion, ...]
    name: str = ""
    levels: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_LEVELS))
    labels: Mapping[str, str] = field(default_factory=dict)
    reference_date: dt.date | None = None
    format_version: int = FORMAT_VERSION

    @classmethod
    def from_dict(cls, data: Any) -> ProgramSpec:
        """Validate and build a spec; raises FormatError naming the field."""
        if not isinstance(data, dict):
            raise FormatError("the spec must be a JSON object", field="")
        _check_keys(
            data,
            {"format_version", "name", "criteria", "levels", "labels", "reference_date"},
            "",
        )
        version = data.get("format_version")
        if version != FORMAT_VERSION:
            raise FormatError(
                f"format_version must be {FORMAT_VERSION} (got {version!r})",
                field="format_version",
            )
        levels = dict(DEFAULT_LEVELS)
        if "levels" in data:
            levels = _number_map(data["levels"], "levels")
        labels = _string_map(data.get("labels", {}), "labels")
        reference_date = None
        if data.get("reference_date") is not None:
            try:
                reference_date = dt.date.fromisoformat(str(data["reference_date"]))
            except ValueError:
                raise FormatError(
                    "reference_date must be a date like 2025-01-15", field="reference_date"
                ) from None
        raw = data.get("criteria")
        if not isinstance(raw, list) or not raw:
            raise FormatError("criteria must be a non-empty list", field="criteria")
        criteria = []
        seen: set[str] = set()
        for index, item in enumerate(raw):
            try:
                criterion = _criterion(item, levels)
            except FormatError as error:
                raise error.prefixed(f"criteria[{index}]") from None
            if criterion.name in seen:
                raise FormatError(
                    f"criterion name {criterion.name!r} is used twice",
                    field=f"criteria[{index}].name",
                )
            seen.add(criterion.name)
            criteria.append(criterion)
        name = data.get("name", "")
        if not isinstance(name, str):
            raise FormatError("name must be a string", field="name")
        return cls(
            criteria=tuple(criteria),
            name=name,
            levels=levels,
            labels=labels,
            reference_date=reference_date,
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format_version": self.format_version}
        if self.name:
            out["name"] = self.name
        if dict(self.levels) != DEFAULT_LEVELS:
            out["levels"] = dict(self.levels)
        if self.labels:
            out["labels"] = dict(self.labels)
        if self.reference_date:
            out["reference_date"] = self.reference_date.isoformat()
        out["criteria"] = [c.to_dict() for c in self.criteria]
        return out

    @classmethod
    def loads(cls, text: str, path: str = "<spec>") -> ProgramSpec:
        """Parse spec JSON text; errors name `path`, the line and the field."""
        try:
            data, lines = loads_with_lines(text)
        except json.JSONDecodeError as error:
            raise FormatError(
                f"not valid JSON: {error.msg}", path=path, line=error.lineno
            ) from None
        try:
            return cls.from_dict(data)
        except FormatError as error:
            raise error.located(path=path, line=line_for(lines, error.field)) from None

    @classmethod
    def load(cls, path: str | Path) -> ProgramSpec:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise FormatError(f"cannot read the file: {error}", path=str(path)) from None
        return cls.loads(text, str(path))

    def label(self, value: str, criterion: Criterion | None = None) -> str:
        """The display label of an answer value (its own text when none is given)."""
        if criterion is not None and value in criterion.labels:
            return criterion.labels[value]
        return self.labels.get(value, value)

    def level(self, raw: Any, field_name: str, scale: str = "levels") -> float:
        """A proficiency level given as a number or as a name from `levels`; on the "clb"
        scale a Canadian Language Benchmark (see languages.py). A CLB or NCLC level given on
        the spec's own scale is read as its CEFR level, when the scale names CEFR levels."""
        if isinstance(raw, bool):
            raise FormatError("a level must be a number or a level name", field=field_name)
        if scale == "clb":
            return clb_level(raw, field_name)
        if isinstance(raw, int | float):
            return float(raw)
        if isinstance(raw, str) and raw in self.levels:
            return float(self.levels[raw])
        benchmark = parse_benchmark(raw)
        if benchmark is not None and cefr_for_clb(benchmark[1]) in self.levels:
            return float(self.levels[cefr_for_clb(benchmark[1])])
        names = ", ".join(self.levels)
        raise FormatError(
            f"unknown level {raw!r} (use a number or one of {names})", field=field_name
        )

    @property
    def top_level(self) -> float:
        return max(self.levels.values()) if self.levels else 1.0


def _check_keys(data: Mapping[str, Any], allowed: set[str], where: str) -> None:
    for key in data:
        if key not in allowed:
            field_name = f"{where}.{key}" if where else key
            raise FormatError(
                f"unknown key {key!r} (allowed: {', '.join(sorted(allowed))})", field=field_name
            )


def _number_map(raw: Any, field_name: str) -> dict[str, float]:
    if not isinstance(raw, dict) or not raw:
        raise FormatError("must be an object of name -> number", field=field_name)
    out = {}
    for key, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FormatError("must be a number", field=f"{field_name}.{key}")
        out[str(key)] = float(value)
    return out


def _string_map(raw: Any, field_name: str) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise FormatError("must be an object of value -> label", field=field_name)
    for key, value in raw.items():
        if not isinstance(value, str):
            raise FormatError("a label must be a string", field=f"{field_name}.{key}")
    return dict(raw)


def _field(data: Mapping[str, Any], key: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value:
        raise FormatError("must be a non-empty string", field=key)
    return value


def _number(data: Mapping[str, Any], key: str, default: float, *, positive: bool = False) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FormatError("must be a number", field=key)
    if value < 0 or (positive and value == 0):
        raise FormatError(
            "must be greater than 0" if positive else "must not be negative", field=key
        )
    return float(value)


def _criterion(data: Any, levels: Mapping[str, float]) -> Criterion:
    if not isinstance(data, dict):
        raise FormatError("a criterion must be an object")
    kind = data.get("kind")
    if kind not in KINDS:
        raise FormatError(f"kind must be one of {', '.join(KINDS)} (got {kind!r})", field="kind")
    _check_keys(data, _COMMON | _EXTRA[kind], "")
    if "name" not in data:
        raise FormatError("every criterion needs a name", field="name")
    name = _field(data, "name")
    weight = _number(data, "weight", 1.0)
    # Essential accommodation needs are a must unless the spec says otherwise.
    hard = data.get("hard", kind in ("exclude_same", "accommodations"))
    if not isinstance(hard, bool):
        raise FormatError("must be true or false", field="hard")
    if kind == "exclude_same":
        weight, hard = 0.0, True
    if kind == "text" and hard:
        raise FormatError("free-text similarity cannot be a hard criterion", field="hard")
    attribute = data.get("attribute", "")
    if not isinstance(attribute, str):
        raise FormatError("must be a string", field="attribute")
    labels = _string_map(data.get("labels", {}), "labels")
    options: dict[str, Any] = {}
    if kind == "preference":
        side = data.get("side", "mentee")
        if side not in ("mentee", "mentor"):
            raise FormatError("side must be 'mentee' or 'mentor'", field="side")
        for key in ("preference_field", "attribute_field"):
            if key not in data:
                raise FormatError("is required for a preference", field=key)
        preference, other = _field(data, "preference_field"), _field(data, "attribute_field")
        mentee_field, mentor_field = (
            (preference, other) if side == "mentee" else (other, preference)
        )
        options["side"] = side
    else:
        defaults: tuple[Any, Any] = _DEFAULT_FIELD.get(kind, (None, None))
        if "field" in data:
            defaults = (_field(data, "field"),) * 2
        fields: dict[str, Any] = {
            "mentee_field": data.get("mentee_field", defaults[0]),
            "mentor_field": data.get("mentor_field", defaults[1]),
        }
        for key, value in fields.items():
            if not isinstance(value, str) or not value:
                raise FormatError("give 'field' or 'mentee_field' and 'mentor_field'", field=key)
        mentee_field, mentor_field = fields["mentee_field"], fields["mentor_field"]
    if kind == "shared_language":
        options.update(_language_options(data, levels))
    options.update(_newcomer_options(kind, data))
    if kind in ("overlap", "covers"):
        key = "min_shared" if kind == "overlap" else "min_covered"
        value = data.get(key, 1)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise FormatError("must be a whole number of at least 1", field=key)
        options["min_shared"] = value
    if kind == "distance":
        if "max" not in data:
            raise FormatError("a distance criterion needs 'max'", field="max")
        options["max_distance"] = _number(data, "max", 0, positive=True)
    if kind == "timezone":
        options["max_distance"] = _number(data, "max_hours", 12, positive=True)
    if kind == "same_value":
        explain = data.get("explain", "same_value")
        if explain not in SAME_VALUE_EXPLAIN:
            raise FormatError(
                f"explain must be one of {', '.join(SAME_VALUE_EXPLAIN)}", field="explain"
            )
        options["explain"] = explain
    if kind == "text":
        full_at = _number(data, "full_at", 0.5, positive=True)
        if full_at > 1:
            raise FormatError("must be between 0 and 1", field="full_at")
        options["full_at"] = full_at
    return Criterion(
        name=name,
        kind=kind,
        mentee_field=mentee_field,
        mentor_field=mentor_field,
        weight=weight,
        hard=hard,
        attribute=attribute,
        labels=labels,
        **options,
    )


def _language_options(data: Mapping[str, Any], levels: Mapping[str, float]) -> dict[str, Any]:
    scale = data.get("scale", "levels")
    if scale not in LANGUAGE_SCALES:
        raise FormatError(f"scale must be one of {', '.join(LANGUAGE_SCALES)}", field="scale")
    raw = data.get("min_level", 1)
    if scale == "clb":
        return {"scale": scale, "min_level": clb_level(raw, "min_level")}
    if isinstance(raw, str):
        if raw in levels:
            return {"min_level": float(levels[raw])}
        benchmark = parse_benchmark(raw)
        if benchmark is not None and cefr_for_clb(benchmark[1]) in levels:
            return {"min_level": float(levels[cefr_for_clb(benchmark[1])])}
        raise FormatError(f"unknown level {raw!r}", field="min_level")
    return {"min_level": _number(data, "min_level", 1)}


def _newcomer_options(kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The options of the occupation and arrival kinds."""
    if kind == "occupation":
        raw = data.get("partial", DEFAULT_PARTIAL)
        if not isinstance(raw, dict):
            raise FormatError(
                'partial must be an object like {"broad_category": 0.5, "teer": 0.25}',
                field="partial",
            )
        _check_keys(raw, set(PARTIAL_KEYS), "partial")
        partial = {}
        for key in PARTIAL_KEYS:
            value = raw.get(key, 0)
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 1:
                raise FormatError(
                    "must be a number from 0 up to (not including) 1", field=f"partial.{key}"
                )
            partial[key] = float(value)
        return {"partial": partial}
    if kind == "arrival":
        weeks = _number(data, "weeks", 4, positive=True)
        if weeks > 52:
            raise FormatError("must be at most 52 weeks", field="weeks")
        return {"weeks": weeks}
    return {}
