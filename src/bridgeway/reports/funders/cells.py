"""One cell of a funder's row: the column's source read from the row, converted to the
column's type and checked against its rules — or the reason it cannot be written, in the
reader's language: a required field with nothing in it is *missing*; a value the column cannot
take is *invalid*."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.reports.funders.catalogue import (
    SOURCES,
    RowData,
    answer_key,
    answer_name,
    answer_value,
)
from bridgeway.reports.funders.mapping import Column

Cell = str | int | float
SHOWN = 60  # characters of a wrong value quoted back


@dataclass(frozen=True)
class Issue:
    kind: Literal["missing", "invalid"]
    message: str


class _Invalid(Exception):
    pass


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _quote(value: Any) -> str:
    text = str(value)
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def cell(column: Column, row: RowData) -> tuple[Cell, Issue | None]:
    """The value written in the column for this row, and the problem with it if any."""
    if column.value is not None:
        return column.value, None
    raw = _read(column, row)
    if _empty(raw):
        if column.default is not None:
            return column.default, None
        if column.required:
            return "", Issue("missing", _missing(column))
        return "", None
    try:
        return _convert(column, raw, row), None
    except _Invalid as error:
        return "", Issue("invalid", str(error))


def _read(column: Column, row: RowData) -> Any:
    key = answer_key(column.source)
    if key is not None:
        return answer_value(row.answers.get(key))
    return SOURCES[column.source].read(row)


def _missing(column: Column) -> str:
    key = answer_key(column.source)
    if key is not None:
        return _("No answer to the program's question “%(key)s”.") % {"key": key}
    return _("Nothing is recorded for “%(what)s”.") % {"what": SOURCES[column.source].label}


def _convert(column: Column, raw: Any, row: RowData) -> Cell:
    if isinstance(raw, dict):
        raise _Invalid(_("This answer cannot be written in one cell."))
    if column.type == "integer":
        return _number(column, _whole(raw), row)
    if column.type == "decimal":
        value = round(_decimal(raw), column.decimals)
        return _number(column, int(value) if column.decimals == 0 else value, row)
    if column.type == "date":
        day = _date(raw)
        _date_limits(column, day, row)
        return day.strftime(column.format)
    if column.type == "code":
        items = raw if isinstance(raw, list) else [raw]
        codes = [_code(column, item, row) for item in items]
        text = column.separator.join(str(code) for code in codes)
        if len(codes) == 1 and not isinstance(codes[0], str):
            return codes[0]
    elif isinstance(raw, list):
        text = column.separator.join(str(item) for item in raw)
    elif isinstance(raw, dt.date):
        text = raw.isoformat()
    else:
        text = str(raw)
    return _text(column, text)


def _whole(raw: Any) -> int:
    if isinstance(raw, bool):
        raise _Invalid(_("“%(value)s” is not a whole number.") % {"value": _quote(raw)})
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
        return int(raw.strip())
    raise _Invalid(_("“%(value)s” is not a whole number.") % {"value": _quote(raw)})


def _decimal(raw: Any) -> float:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    if isinstance(raw, str):
        try:
            return float(raw.strip().replace(",", "."))
        except ValueError:
            pass
    raise _Invalid(_("“%(value)s” is not a number.") % {"value": _quote(raw)})


def _number(column: Column, value: int | float, row: RowData) -> int | float:
    low, high = column.minimum, column.maximum
    if isinstance(low, int | float) and value < low:
        raise _Invalid(_("%(value)s is below the minimum, %(min)s.") % {"value": value, "min": low})
    if isinstance(high, int | float) and value > high:
        raise _Invalid(
            _("%(value)s is above the maximum, %(max)s.") % {"value": value, "max": high}
        )
    return value


def _date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return timezone.localdate(raw) if timezone.is_aware(raw) else raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise _Invalid(_("“%(value)s” is not a date written like 1990-04-12.") % {"value": _quote(raw)})


def _limit_day(limit: Any, row: RowData) -> dt.date | None:
    if not isinstance(limit, str):
        return None
    fixed = {"today": timezone.localdate(), "period.start": row.start, "period.end": row.end}
    return fixed.get(limit) or dt.date.fromisoformat(limit)


def _date_limits(column: Column, day: dt.date, row: RowData) -> None:
    low, high = _limit_day(column.minimum, row), _limit_day(column.maximum, row)
    if low is not None and day < low:
        raise _Invalid(
            _("%(value)s is before %(min)s.") % {"value": day.isoformat(), "min": low.isoformat()}
        )
    if high is not None and day > high:
        raise _Invalid(
            _("%(value)s is after %(max)s.") % {"value": day.isoformat(), "max": high.isoformat()}
        )


def _code(column: Column, item: Any, row: RowData) -> Cell:
    key = str(item).lower() if isinstance(item, bool) else str(item)
    if key in column.values:
        return column.values[key]
    if column.unmapped == "keep":
        return key
    if column.unmapped == "default" and column.default is not None:
        return column.default
    if column.unmapped == "name":
        return _name(column, key, row) or key
    raise _Invalid(_("“%(value)s” has no code in this mapping.") % {"value": _quote(key)})


def _name(column: Column, value: str, row: RowData) -> str | None:
    key = answer_key(column.source)
    if key is not None:
        return answer_name(row.answers.get(key), value, column.language)
    names = SOURCES[column.source].names
    return names(value, column.language) if names is not None else None


def _text(column: Column, text: str) -> str:
    if column.case == "upper":
        text = text.upper()
    elif column.case == "lower":
        text = text.lower()
    if column.max_length is not None and len(text) > column.max_length:
        raise _Invalid(
            ngettext(
                "“%(value)s” is longer than %(n)d character.",
                "“%(value)s” is longer than %(n)d characters.",
                column.max_length,
            )
            % {"value": _quote(text), "n": column.max_length}
        )
    if column.pattern is not None and not column.pattern.fullmatch(text):
        raise _Invalid(_("“%(value)s” does not have the expected form.") % {"value": _quote(text)})
    return text
