"""The engine's reasons in the reader's language.

A reason is data: a code keying one English template of engine/messages.py (marked for
translation there) and params. The app's spec carries answer codes, not labels (see
selectors.program_spec), so each code is put into words here: languages, countries and
occupations from the questionnaires' code lists, choices from the question, the question itself
as the attribute."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.core.i18n import translated
from bridgeway.core.time_zones import time_zone_label
from bridgeway.matching.engine.messages import TEMPLATES
from bridgeway.programs.questionnaires import newcomer_values as newcomer
from bridgeway.programs.questionnaires.codelists import (
    COUNTRIES,
    DAYS,
    LANGUAGES,
    LEVELS,
    NOC_CATEGORY_WORDS,
    NOC_TEER,
    OCCUPATIONS,
    PARTS_OF_DAY,
    slot_label,
)
from bridgeway.programs.questionnaires.models import Question, QuestionKind

K = QuestionKind
LIST_PARAMS = ("languages", "items", "value", "wanted", "covered", "missing", "needs")


@dataclass(frozen=True)
class ShownReason:
    """One reason as a person reads it."""

    text: str
    points: float
    max_points: float
    criterion: str
    code: str
    # This reason is why the pair breaks a rule that must be met (or is excluded).
    broken: bool = False

    @property
    def earned(self) -> bool:
        return self.points > 0

    @property
    def level(self) -> str:
        """How far the pair meets this criterion, for the mark a reader sees beside it:
        "broken" (a rule that must be met), "met", "partly", "unmet", or "info" for a reason
        that carries no points."""
        if self.broken:
            return "broken"
        if self.max_points <= 0:
            return "info"
        if self.points >= self.max_points:
            return "met"
        return "partly" if self.points > 0 else "unmet"


def join_words(items: Sequence[str]) -> str:
    """A list in the reader's language: "Arabic, Farsi and Pashto"."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


# The words of the code lists' answers (languages, occupations, countries, availability
# slots) and the engine's sentence templates, per language: they come from the code lists and
# engine/messages.py, constants of the code, so a process keeps them once written (a few
# thousand short strings at most; nothing of a person in them). Everything else (a question's
# own choices and label, dates, time zones) is written at each call.
_KEPT_WORDS: dict[tuple[str, str, str], str] = {}
KEPT_WORDS_MAX = 20_000
_CODE_LIST_KINDS = frozenset({K.LANGUAGES, K.OCCUPATION, K.COUNTRY, K.AVAILABILITY})


def _kept(kind: str, code: str, write: Any) -> str:
    key = (translation.get_language() or "", kind, code)
    words = _KEPT_WORDS.get(key)
    if words is None:
        words = write(code)
        if len(_KEPT_WORDS) < KEPT_WORDS_MAX and _listed(kind, code):
            _KEPT_WORDS[key] = words
    return words


def _listed(kind: str, code: str) -> bool:
    """Whether `code` is one of the code list's own (a template's code, a listed language,
    occupation, country or slot): only those are kept, never a stored answer's stray text."""
    if kind == "":
        return code in TEMPLATES
    if kind == K.LANGUAGES:
        return code in LANGUAGES
    if kind == K.OCCUPATION:
        return code in OCCUPATIONS
    if kind == K.COUNTRY:
        return code in COUNTRIES
    day, _sep, part = code.partition("-")
    return day in DAYS and part in PARTS_OF_DAY


def _code_list_label(kind: str) -> Any:
    if kind == K.LANGUAGES:
        return lambda code: translated(LANGUAGES.get(code)) or code
    if kind == K.OCCUPATION:
        return lambda code: translated(OCCUPATIONS.get(code)) or code
    if kind == K.COUNTRY:
        return lambda code: translated(COUNTRIES.get(code)) or code
    return slot_label


def value_label(question: Question | None, code: Any, memo: dict[Any, Any] | None = None) -> str:
    """One answer code in words, in the reader's language (`memo`: render_reasons')."""
    code = str(code)
    if question is None:
        return code
    kind = question.kind
    if kind in _CODE_LIST_KINDS:
        return _kept(kind, code, _code_list_label(kind))
    if memo is not None and kind in (K.SINGLE_CHOICE, K.MULTIPLE_CHOICE):
        key = ("choices", id(question))
        if key not in memo:
            memo[key] = question.choice_labels()
        return str(memo[key].get(code, code))
    if kind == K.LANGUAGES:
        return translated(LANGUAGES.get(code)) or code
    if kind == K.OCCUPATION:
        return translated(OCCUPATIONS.get(code)) or code
    if kind == K.COUNTRY:
        return translated(COUNTRIES.get(code)) or code
    if kind == K.AVAILABILITY:
        return slot_label(code)
    if kind == K.TIME_ZONE:
        return time_zone_label(code)
    if kind in (K.SINGLE_CHOICE, K.MULTIPLE_CHOICE):
        return question.choice_labels().get(code, code)
    if kind == K.SCALE and code in LEVELS:
        return str(LEVELS[code])
    if kind == K.NOC_CODE:
        return newcomer.noc_words(code)
    if kind == K.ARRIVAL_DATE:
        return _date(code)
    if kind in (K.ACCOMMODATION_NEEDS, K.ACCOMMODATION_OFFERS):
        return newcomer.accommodation_words(code)
    return code


def _attribute(question: Question | None, fallback: str) -> str:
    if question is None:
        return fallback
    # Questions have no short name; the question itself, quoted, reads well in every sentence.
    return _("“%(question)s”") % {"question": question.label or question.key}


def _value_question(question: Question | None, questions: Mapping[str, Question]) -> Any:
    """For a preference, the values are answers to the attribute question."""
    if question is None or question.rule != "preference":
        return question
    key = (question.rule_params or {}).get("attribute_key") or question.key
    return questions.get(key, question)


def _attribute_kept(question: Question | None, fallback: str, memo: dict[Any, Any]) -> str:
    key = ("attribute", id(question), fallback if question is None else "")
    words = memo.get(key)
    if words is None:
        words = memo[key] = _attribute(question, fallback)
    return str(words)


def render_reason(
    reason: Mapping[str, Any],
    questions: Mapping[str, Question],
    hard: frozenset[str] | set[str] = frozenset(),
    memo: dict[Any, Any] | None = None,
) -> ShownReason:
    """One engine reason ({criterion, code, params, points, max_points}) in the reader's
    language. `memo` keeps the words of the questions (their labels and choices) for the
    other reasons rendered with the same `questions` in the same language (render_reasons)."""
    if memo is None:
        memo = {}
    code = str(reason.get("code", ""))
    params = dict(reason.get("params") or {})
    criterion = str(reason.get("criterion", ""))
    question = questions.get(criterion)
    values_from = _value_question(question, questions)
    words: dict[str, Any] = {}
    for name, value in params.items():
        if name in LIST_PARAMS and isinstance(value, list | tuple):
            words[name] = join_words([value_label(values_from, v, memo) for v in value])
        elif name == "criteria" and isinstance(value, list | tuple):
            words[name] = join_words(
                [_attribute_kept(questions.get(str(v)), str(v), memo) for v in value]
            )
        else:
            words[name] = value
    words["attribute"] = _attribute_kept(question, str(params.get("attribute", criterion)), memo)
    words.update(_newcomer_words(code, params))
    template = TEMPLATES.get(code)
    if template is None:
        text = str(reason.get("text", ""))
    else:
        try:
            text = _kept("", code, lambda _code: _(template)).format(**words)
        except (KeyError, IndexError, ValueError):
            text = template.format_map(_Blank(words))
    return ShownReason(
        text=text,
        points=float(reason.get("points", 0) or 0),
        max_points=float(reason.get("max_points", 0) or 0),
        criterion=criterion,
        code=code,
        broken=code.startswith("excluded_")
        or (criterion in hard and float(reason.get("points", 0) or 0) == 0),
    )


DATE_PARAMS = ("arrival", "from", "to")


def _newcomer_words(code: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """The newcomer criteria's words in the reader's language: NOC categories and TEER levels,
    accommodations from their codes, dates in the reader's format."""
    words: dict[str, Any] = {}
    if "category" in params:
        words["category_name"] = translated(NOC_CATEGORY_WORDS.get(str(params["category"])))
    if "teer" in params:
        words["teer_name"] = translated(NOC_TEER.get(str(params["teer"])))
    if code.startswith(("available_", "not_available")) or code.endswith("_arrival"):
        for name in DATE_PARAMS:
            if params.get(name):
                words[name] = _date(str(params[name]))
    if code.startswith("accommodations_"):
        words["offered"] = join_words(
            [newcomer.accommodation_words(str(v)) for v in params.get("values", [])]
        )
        words["missing"] = join_words(
            [newcomer.accommodation_words(str(v)) for v in params.get("missing_values", [])]
        )
    if code == "unmatched_no_accommodation":
        words["needs"] = join_words(
            [newcomer.accommodation_words(str(v)) for v in params.get("values", [])]
        )
    if code == "unmatched_no_occupation":
        words["codes"] = join_words([str(v) for v in params.get("codes", [])])
    return words


def _date(iso: str) -> str:
    try:
        return date_format(dt.date.fromisoformat(iso), "DATE_FORMAT")
    except ValueError:
        return iso


class _Blank(dict[str, Any]):
    """A translation that names a parameter the engine did not send still reads."""

    def __missing__(self, key: str) -> str:
        return ""


def render_reasons(
    reasons: Iterable[Any],
    questions: Mapping[str, Question],
    hard: frozenset[str] | set[str] = frozenset(),
    memo: dict[Any, Any] | None = None,
) -> list[ShownReason]:
    """Reasons (engine Reason objects or their stored dicts) in the reader's language; `hard`
    names the criteria that must be met, so that a failed one is marked as broken. `memo`, a
    dict the caller passes to each of its calls with the same `questions` (several mentors'
    reasons for one reader), keeps the questions' words between them; it lives as long as the
    caller keeps it (one request)."""
    memo = {} if memo is None else memo
    return [
        render_reason(r if isinstance(r, Mapping) else r.to_dict(), questions, hard, memo)
        for r in reasons
    ]


def hard_criteria(questions: Mapping[str, Question]) -> frozenset[str]:
    return frozenset(key for key, q in questions.items() if q.rule_is_hard and q.rule != "none")


def reason_data(reasons: Iterable[Any]) -> list[dict[str, Any]]:
    """Reasons as the data a proposal keeps (without the English text: it is rendered again in
    each reader's language)."""
    out = []
    for reason in reasons:
        data = dict(reason if isinstance(reason, Mapping) else reason.to_dict())
        data.pop("text", None)
        out.append(data)
    return out


def gap_needs_text(needs: Iterable[Mapping[str, Any]], questions: Mapping[str, Question]) -> str:
    """What a group of waiting mentees needs, in words: "Arabic + Health occupations"."""
    parts = []
    for need in needs:
        question = questions.get(str(need.get("criterion", "")))
        values = list(need.get("values") or [])
        if question is not None and question.kind == K.TIME_ZONE:
            offset = values[0] if values else 0
            hours = (question.rule_params or {}).get("max_distance", 12)
            parts.append(
                # ngettext counts in whole numbers: a fraction such as 1.5 takes the plural.
                ngettext(
                    "UTC%(offset)s, within %(hours)s hour",
                    "UTC%(offset)s, within %(hours)s hours",
                    int(float(hours)) if float(hours).is_integer() else 2,
                )
                % {"offset": f"{float(offset):+g}", "hours": f"{float(hours):g}"}
            )
            continue
        if question is not None and question.kind == K.ARRIVAL_DATE and values:
            parts.append(_("arriving on %(date)s") % {"date": _date(str(values[0]))})
            continue
        if question is not None and question.kind == K.ACCOMMODATION_NEEDS:
            needs_words = join_words([newcomer.accommodation_words(str(v)) for v in values])
            parts.append(_("offers %(needs)s") % {"needs": needs_words})
            continue
        if question is not None and question.kind == K.SCALE:
            parts.append(f"{_attribute(question, '')}: {', '.join(str(v) for v in values)}")
            continue
        source = _value_question(question, questions)
        labels = [value_label(source, v) for v in values]
        either = _("or")
        text = f" {either} ".join(labels) if labels else str(need.get("text", ""))
        if question is not None and question.rule == "preference":
            text = f"{_attribute(question, '')}: {text}"
        parts.append(text)
    return " + ".join(parts) if parts else _("any mentor")


def gap_text(group: Mapping[str, Any], questions: Mapping[str, Question]) -> str:
    """The engine's gap sentence with plurals the reader's language gets right."""
    params = dict(group.get("params") or {})
    mentees = int(params.get("mentees", group.get("mentees", 0)))
    mentors = int(params.get("mentors", group.get("mentors_with_capacity", 0)))
    return _("%(needs)s: %(mentees)s, %(mentors)s.") % {
        "needs": gap_needs_text(group.get("needs") or [], questions),
        "mentees": ngettext("%(count)d mentee waiting", "%(count)d mentees waiting", mentees)
        % {"count": mentees},
        "mentors": ngettext(
            "%(count)d mentor with free places", "%(count)d mentors with free places", mentors
        )
        % {"count": mentors},
    }
