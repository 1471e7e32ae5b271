"""Reading the answers of the newcomer criteria: NOC 2021 codes, an arrival date, a mentor's
available dates and accommodation needs. Each reader raises ValueError with words a person
understands; participants.check_answer names the field."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

_NOC = re.compile(r"^\d{5}$")
FLEXIBLE = "flexible"  # a mentor available whenever the mentee arrives


def noc_codes(raw: Any) -> tuple[str, ...]:
    """NOC 2021 unit groups: a 5-digit code as text ("31102") or a list of them."""
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    codes = []
    for item in items:
        if not isinstance(item, str) or not _NOC.match(item):
            raise ValueError(
                f'expected a NOC 2021 unit group as 5 digits in quotes, such as "31102" '
                f"(got {item!r})"
            )
        codes.append(item)
    return tuple(sorted(set(codes)))


def date_of(raw: Any) -> dt.date:
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    raise ValueError(f"expected a date like 2027-03-15 (got {raw!r})")


def arrival_day(raw: Any) -> float:
    """The expected arrival date as a day number (NaN: not given)."""
    if raw is None:
        return math.nan
    return float(date_of(raw).toordinal())


def window_days(raw: Any) -> tuple[float, float]:
    """A mentor's available dates as (first day, last day) numbers, open ends infinite, NaN
    when not given: {"from": "2027-02-01", "to": "2027-05-31"} (either end may be left out)
    or "flexible" (available in the weeks around whatever date the mentee arrives)."""
    if raw is None:
        return math.nan, math.nan
    if raw == FLEXIBLE:
        return -math.inf, math.inf
    if not isinstance(raw, dict) or not raw.keys() <= {"from", "to"}:
        raise ValueError(
            'expected {"from": "2027-02-01", "to": "2027-05-31"} (either date may be left '
            'out) or "flexible"'
        )
    start = -math.inf if raw.get("from") is None else float(date_of(raw["from"]).toordinal())
    end = math.inf if raw.get("to") is None else float(date_of(raw["to"]).toordinal())
    if start > end:
        raise ValueError("the available dates end before they start")
    return start, end


def day_text(day: float) -> str:
    """A day number as an ISO date ("" for an open end)."""
    if math.isnan(day) or math.isinf(day):
        return ""
    return dt.date.fromordinal(int(day)).isoformat()


def needs(raw: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(every need, the essential ones), each sorted: a list of values, each a text ("captions")
    or {"need": "interpreter", "essential": true}."""
    if raw is None:
        return (), ()
    items = raw if isinstance(raw, list) else [raw]
    every: set[str] = set()
    essential: set[str] = set()
    for item in items:
        if isinstance(item, str) and item:
            every.add(item)
            continue
        if (
            isinstance(item, dict)
            and item.keys() <= {"need", "essential"}
            and isinstance(item.get("need"), str)
            and item["need"]
            and isinstance(item.get("essential", False), bool)
        ):
            every.add(item["need"])
            if item.get("essential", False):
                essential.add(item["need"])
            continue
        raise ValueError(
            'expected needs as a list of values or of {"need": "captions", "essential": true}'
        )
    return tuple(sorted(every)), tuple(sorted(essential))


def offers(raw: Any) -> tuple[str, ...]:
    """What a mentor offers: a value or a list of values."""
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    if not all(isinstance(item, str) and item for item in items):
        raise ValueError("expected a value or a list of values")
    return tuple(sorted(set(items)))
