"""The rules of one [[columns]] table: which keys go with which type, and what each accepts.
mapping.py reads the file and the [mapping] table; this checks a column's keys and returns the
`Column`'s fields, reporting each problem through the caller's `problem(key, message)`."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bridgeway.reports.funders.catalogue import SOURCES, answer_key

TYPES = ("text", "integer", "decimal", "date", "code")
UNMAPPED = ("invalid", "keep", "name", "default")
CASES = ("upper", "lower")
LANGUAGES = ("en", "fr")
DATE_LIMITS = ("today", "period.start", "period.end")
DATE_DIRECTIVES = {"%Y", "%m", "%d", "%y", "%%"}
# The kinds of source each type can take ("answer": a program question, checked on each row).
ACCEPTS = {
    "text": {"text", "code", "list", "date", "integer", "decimal", "answer"},
    "code": {"text", "code", "list", "answer"},
    "date": {"date", "answer"},
    "integer": {"integer", "answer"},
    "decimal": {"integer", "decimal", "answer"},
}
_QUESTION_KEY = re.compile(r"^[-a-zA-Z0-9_]{1,50}$")
UNIT_WORDS = {
    "participant": gettext_lazy("participant"),
    "relationship": gettext_lazy("mentorship"),
    "meeting": gettext_lazy("meeting"),
}
Problem = Callable[[str, str], None]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def column_fields(table: dict[str, Any], unit: str, problem: Problem) -> dict[str, Any]:
    """The Column's fields from its table (without the header); problems go to `problem`."""
    fields: dict[str, Any] = {}
    kind = table.get("type", "text")
    if kind not in TYPES:
        problem("type", _("Choose one of: %(choices)s.") % {"choices": ", ".join(TYPES)})
        return fields
    fields["type"] = kind
    _source(table, kind, unit, problem, fields)
    required = table.get("required", False)
    if not isinstance(required, bool):
        problem("required", _("Write true or false."))
    fields["required"] = required is True
    _format(table, kind, problem, fields)
    _limits(table, kind, problem, fields)
    _text_rules(table, kind, problem, fields)
    _codes(table, kind, problem, fields)
    _default(table, kind, problem, fields)
    for key in ("separator", "note"):
        if key in table:
            if not isinstance(table[key], str) or (key == "separator" and len(table[key]) > 10):
                problem(key, _("Give a text (a separator has at most 10 characters)."))
            else:
                fields[key] = table[key]
    language = table.get("language", "en")
    if language not in LANGUAGES:
        problem("language", _("Choose one of: %(choices)s.") % {"choices": ", ".join(LANGUAGES)})
    fields["language"] = language
    return fields


def _source(
    table: dict[str, Any], kind: str, unit: str, problem: Problem, fields: dict[str, Any]
) -> None:
    if ("source" in table) == ("value" in table):
        problem("source", _("Give either a source (a Bridgeway field) or a fixed value."))
        return
    if "value" in table:
        value = table["value"]
        fits = {
            "text": isinstance(value, str) or _is_number(value),
            "integer": isinstance(value, int) and not isinstance(value, bool),
            "decimal": _is_number(value),
            "date": isinstance(value, str),
            "code": False,
        }[kind]
        if not fits:
            problem("value", _("A fixed value of this type is not possible: use type text."))
        fields["value"] = value
        return
    name = table["source"]
    if not isinstance(name, str):
        problem("source", _("Give the name of a Bridgeway field as text."))
        return
    fields["source"] = name
    key = answer_key(name)
    if key is not None:
        if not _QUESTION_KEY.match(key):
            problem("source", _("After intake.answer: give a question's key, such as uci."))
        return
    source = SOURCES.get(name)
    if source is None:
        near = difflib.get_close_matches(name, SOURCES, n=1, cutoff=0.75)
        words = [_("No Bridgeway field is called “%(name)s”.") % {"name": name}]
        if near:
            words.append(_("Did you mean %(name)s?") % {"name": near[0]})
        problem("source", " ".join([*words, _("The reference lists them all.")]))
        return
    if unit and unit not in source.units:
        problem(
            "source",
            _("%(name)s does not fill rows of one %(unit)s.")
            % {"name": name, "unit": UNIT_WORDS.get(unit, unit)},
        )
    if source.kind not in ACCEPTS[kind]:
        problem(
            "type",
            _("%(name)s cannot be written as %(type)s.") % {"name": name, "type": kind},
        )


def _format(table: dict[str, Any], kind: str, problem: Problem, fields: dict[str, Any]) -> None:
    if "format" in table:
        value = table["format"]
        directives = re.findall(r"%.", value) if isinstance(value, str) else []
        if kind != "date":
            problem("format", _("Only a date column has a format."))
        elif not directives or not set(directives) <= DATE_DIRECTIVES:
            problem(
                "format",
                _("Write the date with %Y, %m, %d or %y and separators, such as %Y-%m-%d."),
            )
        else:
            fields["format"] = value
    if "decimals" in table:
        value = table["decimals"]
        if kind != "decimal":
            problem("decimals", _("Only a decimal column has decimals."))
        elif not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 6:
            problem("decimals", _("Give a whole number from 0 to 6."))
        else:
            fields["decimals"] = value


def _limits(table: dict[str, Any], kind: str, problem: Problem, fields: dict[str, Any]) -> None:
    for key, name in (("min", "minimum"), ("max", "maximum")):
        if key not in table:
            continue
        value = table[key]
        if kind in ("integer", "decimal"):
            if not _is_number(value):
                problem(key, _("Give a number."))
                continue
        elif kind == "date":
            if not (isinstance(value, str) and (value in DATE_LIMITS or _iso(value))):
                problem(
                    key, _("Give a date such as 2000-01-31, or today, period.start, period.end.")
                )
                continue
        else:
            problem(key, _("Only numbers and dates have a min or a max; text has max_length."))
            continue
        fields[name] = value
    low, high = fields.get("minimum"), fields.get("maximum")
    if isinstance(low, int | float) and isinstance(high, int | float) and low > high:
        problem("max", _("The max is smaller than the min."))


def _iso(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _text_rules(table: dict[str, Any], kind: str, problem: Problem, fields: dict[str, Any]) -> None:
    textual = kind in ("text", "code")
    if "max_length" in table:
        value = table["max_length"]
        if not textual:
            problem("max_length", _("Only text and code columns have a max_length."))
        elif not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 10000:
            problem("max_length", _("Give a whole number from 1 to 10000."))
        else:
            fields["max_length"] = value
    if "pattern" in table:
        value = table["pattern"]
        if not textual:
            problem("pattern", _("Only text and code columns have a pattern."))
        elif not isinstance(value, str):
            problem("pattern", _("Give a regular expression as text."))
        else:
            try:
                fields["pattern"] = re.compile(value)
            except re.error as error:
                problem(
                    "pattern",
                    _("This regular expression is not valid (%(detail)s).") % {"detail": error},
                )
    if "case" in table:
        if not textual or table["case"] not in CASES:
            problem("case", _("Text and code columns take case = upper or lower."))
        else:
            fields["case"] = table["case"]


def _codes(table: dict[str, Any], kind: str, problem: Problem, fields: dict[str, Any]) -> None:
    if kind != "code":
        for key in ("values", "unmapped"):
            if key in table:
                problem(key, _("Only a code column has values and unmapped."))
        return
    unmapped = table.get("unmapped", "invalid")
    if unmapped not in UNMAPPED:
        problem("unmapped", _("Choose one of: %(choices)s.") % {"choices": ", ".join(UNMAPPED)})
        return
    fields["unmapped"] = unmapped
    values = table.get("values", {})
    if not isinstance(values, dict) or not all(
        isinstance(v, str) or _is_number(v) for v in values.values()
    ):
        problem("values", _('Write each value\'s code as text or a number: en = "English".'))
        return
    if not values and unmapped in ("invalid", "default"):
        problem("values", _("A code column needs values, or unmapped = keep or name."))
    fields["values"] = {str(key): value for key, value in values.items()}
    if unmapped == "default" and "default" not in table:
        problem("unmapped", _("unmapped = default needs a default."))
    source = SOURCES.get(str(table.get("source", "")))
    if unmapped == "name" and source is not None and source.names is None:
        problem("unmapped", _("This source has no names: choose keep, default or invalid."))


def _default(table: dict[str, Any], kind: str, problem: Problem, fields: dict[str, Any]) -> None:
    if "default" not in table:
        return
    value = table["default"]
    fits = (
        _is_number(value)
        if kind == "decimal"
        else (isinstance(value, int) and not isinstance(value, bool))
        if kind == "integer"
        else isinstance(value, str)
    )
    if not fits:
        problem("default", _("The default must be written as this column's type."))
        return
    pattern: re.Pattern[str] | None = fields.get("pattern")
    if isinstance(value, str) and pattern is not None and not pattern.fullmatch(value):
        problem("default", _("The default does not match the column's pattern."))
        return
    fields["default"] = value
