"""Answer values: what each kind of question accepts as JSON, and how a value reads in words.

The one place an answer is checked, whether it comes from the profile page or the API:

| kind            | value                                                   |
| --------------- | ------------------------------------------------------- |
| single_choice   | a choice value: "housing"                               |
| multiple_choice | a list of choice values: ["housing", "banking"]         |
| scale           | a whole number between the question's lowest and highest |
| languages       | {language code: level}: {"ar": "native", "en": "fluent"} |
| occupation      | a NOC 2021 broad category: "3"                          |
| country         | an ISO 3166 code: "SY"                                  |
| city            | text, at most 120 characters                            |
| time_zone       | an IANA time zone: "Asia/Damascus"                      |
| availability    | a list of slots "<day>-<part of day>": ["mon-evening"]  |
| text            | text, at most the question's `max_length` characters    |

and the newcomer questions of newcomer_values.py (a NOC code, arrival and available dates,
accommodation needs and offers).

An empty value (None, "", [], {}) means "not answered".

A free-text answer is stored with its matching vector (`matching_vector`): the matching engine's
analysis of the text, which the engine then reads instead of analysing the text again."""

from __future__ import annotations

import functools
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bridgeway.core.i18n import translated
from bridgeway.core.time_zones import time_zone_label
from bridgeway.matching.engine import text_vector
from bridgeway.programs.questionnaires import newcomer_values as newcomer
from bridgeway.programs.questionnaires.codelists import (
    BENCHMARKS,
    COUNTRIES,
    LANGUAGES,
    LEVELS,
    OCCUPATIONS,
    SLOTS,
    level_label,
    slot_label,
    time_zones,
)
from bridgeway.programs.questionnaires.models import Question, QuestionKind

K = QuestionKind
CITY_MAX_LENGTH = 120
MAX_LANGUAGES = 12


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def clean_value(question: Question, value: Any) -> Any:
    """The answer normalised for storage, or None when it is empty; raises ValidationError
    with a message the person understands."""
    if isinstance(value, str):
        value = value.strip()
    if is_empty(value):
        return None
    return _CLEANERS[question.kind](question, value)


def _choice(question: Question, value: Any) -> str:
    if not isinstance(value, str) or value not in question.choice_labels():
        raise ValidationError(_("Choose one of the answers in the list."))
    return value


def _choices(question: Question, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Choose answers from the list."))
    allowed = list(question.choice_labels())
    unknown = [item for item in value if item not in allowed]
    if unknown:
        raise ValidationError(_("Choose answers from the list."))
    return [item for item in allowed if item in value]


def _scale(question: Question, value: Any) -> int:
    low, high = question.scale_min or 0, question.scale_max or 0
    if isinstance(value, str) and value.lstrip("-").isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(
            _("Choose a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
        )
    return value


def _languages(question: Question, value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValidationError(_("Give each language with your level in it."))
    if len(value) > MAX_LANGUAGES:
        raise ValidationError(
            ngettext(
                "Give at most %(count)d language.",
                "Give at most %(count)d languages.",
                MAX_LANGUAGES,
            )
            % {"count": MAX_LANGUAGES}
        )
    cleaned = {}
    allowed = question_levels(question)
    for code, level in value.items():
        if code not in LANGUAGES:
            raise ValidationError(_("Choose each language from the list."))
        if level not in allowed:
            raise ValidationError(
                _("Choose your level in %(language)s.") % {"language": translated(LANGUAGES[code])}
            )
        cleaned[code] = level
    return cleaned


def question_levels(question: Question) -> set[str]:
    """The levels a languages question offers: the plain ones, or on the Canadian Language
    Benchmarks scale CLB/NCLC 1 to 12 and native."""
    if (question.rule_params or {}).get("scale") == "clb":
        return {*BENCHMARKS, "native"}
    return set(LEVELS)


def _code_in(names: dict[str, Any], message: Promise) -> Any:
    def clean(question: Question, value: Any) -> str:
        if not isinstance(value, str) or value not in names:
            raise ValidationError(str(message))
        return value

    return clean


def _city(question: Question, value: Any) -> str:
    if not isinstance(value, str):
        raise ValidationError(_("Write the name of the city."))
    return _limited(value, CITY_MAX_LENGTH)


def _time_zone(question: Question, value: Any) -> str:
    if not isinstance(value, str) or value not in time_zones():
        raise ValidationError(_("Choose a time zone from the list."))
    return value


def _availability(question: Question, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(item in SLOTS for item in value):
        raise ValidationError(_("Choose days and times of day from the grid."))
    return [slot for slot in SLOTS if slot in value]


def _text(question: Question, value: Any) -> str:
    if not isinstance(value, str):
        raise ValidationError(_("Write your answer as text."))
    return _limited(value, question.max_length)


def _limited(value: str, limit: int) -> str:
    if len(value) > limit:
        raise ValidationError(
            ngettext(
                "Write at most %(limit)d character (you wrote %(count)d).",
                "Write at most %(limit)d characters (you wrote %(count)d).",
                limit,
            )
            % {"limit": limit, "count": len(value)}
        )
    return value


_CLEANERS: dict[str, Any] = {
    K.SINGLE_CHOICE: _choice,
    K.MULTIPLE_CHOICE: _choices,
    K.SCALE: _scale,
    K.LANGUAGES: _languages,
    K.OCCUPATION: _code_in(OCCUPATIONS, gettext_lazy("Choose an occupation group from the list.")),
    K.COUNTRY: _code_in(COUNTRIES, gettext_lazy("Choose a country from the list.")),
    K.CITY: _city,
    K.TIME_ZONE: _time_zone,
    K.AVAILABILITY: _availability,
    K.TEXT: _text,
    **newcomer.CLEANERS,
}


def matching_vector(question: Question, value: Any) -> str:
    """The vector the matching engine reads for a free-text answer instead of its text (see
    Participant.text_vectors), or "" for an empty answer and any other kind of question.
    `value` is a cleaned value (`clean_value`)."""
    if question.kind != K.TEXT or not isinstance(value, str) or not value:
        return ""
    return text_vector(value)


@functools.cache
def vector_prefix() -> str:
    """The version prefix of the engine's vectors ("c1:"). Asked of the engine rather than
    written down here, so the app follows when the engine moves to a new format ("c2:")."""
    return text_vector("").partition(":")[0] + ":"


def vector_is_current(vector: str) -> bool:
    """Whether a stored vector is in the format of the engine now running. One made by an
    older engine is not given to it: the text is analysed again instead (same scores), and
    services.text_vectors_refresh replaces it."""
    return vector.startswith(vector_prefix())


def display_value(question: Question, value: Any) -> str:
    """An answer in words, in the reader's language."""
    if is_empty(value):
        return ""
    kind = question.kind
    if kind == K.SINGLE_CHOICE:
        return question.choice_labels().get(value, str(value))
    if kind == K.MULTIPLE_CHOICE:
        labels = question.choice_labels()
        return ", ".join(labels.get(item, str(item)) for item in value)
    if kind == K.SCALE:
        return _("%(value)s on a scale from %(low)s to %(high)s") % {
            "value": value,
            "low": question.scale_min,
            "high": question.scale_max,
        }
    if kind == K.LANGUAGES:
        return ", ".join(
            f"{translated(LANGUAGES.get(code, {'en': code}))} ({level_label(level, code)})"
            for code, level in value.items()
        )
    if kind == K.OCCUPATION:
        return translated(OCCUPATIONS.get(value, {"en": str(value)}))
    if kind == K.COUNTRY:
        return translated(COUNTRIES.get(value, {"en": str(value)}))
    if kind == K.TIME_ZONE:
        return time_zone_label(str(value))
    if kind == K.AVAILABILITY:
        return ", ".join(slot_label(slot) for slot in value)
    words = newcomer.display(question, value)
    return str(value) if words is None else words
