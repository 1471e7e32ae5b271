"""Answers to the newcomer questions: a NOC 2021 unit group, an expected arrival date, a
mentor's available dates, accommodation needs and the accommodations a mentor offers.

| kind                 | value                                                     |
| -------------------- | --------------------------------------------------------- |
| noc_code             | a NOC 2021 unit group, 5 digits: "31301"                  |
| arrival_date         | a date: "2027-03-15"                                      |
| available_dates      | {"from": "2027-02-01", "to": null} or "flexible"          |
| accommodation_needs  | [{"need": "captions", "essential": false}, ...]           |
| accommodation_offers | ["captions", "interpreter"]                               |

The values are what the matching engine reads (matching/engine/newcomer_answers.py)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bridgeway.core.i18n import translated
from bridgeway.programs.questionnaires.codelists import (
    ACCOMMODATIONS,
    NOC_CATEGORY_WORDS,
    NOC_TEER,
)
from bridgeway.programs.questionnaires.models import Question, QuestionKind

K = QuestionKind
FLEXIBLE = "flexible"
_NOC = re.compile(r"^\d[0-5]\d{3}$")


def noc_code(question: Question, value: Any) -> str:
    if not isinstance(value, str) or not _NOC.match(value):
        raise ValidationError(
            _("Give the 5-digit NOC 2021 code of the occupation, such as 31301 for nurses.")
        )
    return value


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise ValidationError(_("Give a date such as 2027-03-15."))


def arrival_date(question: Question, value: Any) -> str:
    return _iso(value)


def available_dates(question: Question, value: Any) -> dict[str, str | None] | str:
    if value == FLEXIBLE:
        return FLEXIBLE
    if not isinstance(value, dict) or not set(value) <= {"from", "to"}:
        raise ValidationError(
            _("Give the first and last day you are available, or say you are flexible.")
        )
    start = None if value.get("from") in (None, "") else _iso(value["from"])
    end = None if value.get("to") in (None, "") else _iso(value["to"])
    if start is None and end is None:
        raise ValidationError(
            _("Give the first or the last day you are available, or say you are flexible.")
        )
    if start and end and start > end:
        raise ValidationError(_("The last day comes before the first day."))
    return {"from": start, "to": end}


def accommodation_needs(question: Question, value: Any) -> list[dict[str, Any]]:
    message = _("Choose each need from the list and say whether it is essential.")
    if not isinstance(value, list):
        raise ValidationError(message)
    cleaned: dict[str, bool] = {}
    for item in value:
        if isinstance(item, str):
            item = {"need": item, "essential": False}
        if (
            not isinstance(item, dict)
            or not set(item) <= {"need", "essential"}
            or item.get("need") not in ACCOMMODATIONS
            or not isinstance(item.get("essential", False), bool)
        ):
            raise ValidationError(message)
        cleaned[item["need"]] = cleaned.get(item["need"], False) or item.get("essential", False)
    return [
        {"need": code, "essential": cleaned[code]} for code in ACCOMMODATIONS if code in cleaned
    ]


def accommodation_offers(question: Question, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(item in ACCOMMODATIONS for item in value):
        raise ValidationError(_("Choose what you can offer from the list."))
    return [code for code in ACCOMMODATIONS if code in value]


CLEANERS: dict[str, Any] = {
    K.NOC_CODE: noc_code,
    K.ARRIVAL_DATE: arrival_date,
    K.AVAILABLE_DATES: available_dates,
    K.ACCOMMODATION_NEEDS: accommodation_needs,
    K.ACCOMMODATION_OFFERS: accommodation_offers,
}


def day(iso: str) -> str:
    return date_format(dt.date.fromisoformat(iso), "DATE_FORMAT")


def noc_words(code: str) -> str:
    """ "NOC 31301: health, TEER 1", in the reader's language."""
    return _("NOC %(code)s: %(category)s, TEER %(teer)s") % {
        "code": code,
        "category": translated(NOC_CATEGORY_WORDS.get(code[:1])),
        "teer": code[1:2],
    }


def teer_words(teer: str) -> str:
    return translated(NOC_TEER.get(teer))


def accommodation_words(code: str) -> str:
    return translated(ACCOMMODATIONS.get(code)) or code


def display(question: Question, value: Any) -> str | None:
    """The answer in words, or None when `question` is not a newcomer question."""
    kind = question.kind
    if kind == K.NOC_CODE:
        return noc_words(str(value))
    if kind == K.ARRIVAL_DATE:
        return day(str(value))
    if kind == K.AVAILABLE_DATES:
        if value == FLEXIBLE or not isinstance(value, dict):
            return _("Whenever the mentee arrives")
        start, end = value.get("from"), value.get("to")
        if start and end:
            return _("From %(start)s to %(end)s") % {"start": day(start), "end": day(end)}
        if start:
            return _("From %(start)s") % {"start": day(start)}
        return _("Until %(end)s") % {"end": day(str(end))}
    if kind == K.ACCOMMODATION_NEEDS:
        return ", ".join(
            _("%(need)s (essential)") % {"need": accommodation_words(item["need"])}
            if item.get("essential")
            else accommodation_words(item["need"])
            for item in value
        )
    if kind == K.ACCOMMODATION_OFFERS:
        return ", ".join(accommodation_words(code) for code in value)
    return None
