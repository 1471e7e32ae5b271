"""The settings of the newcomer matching rules and the engine criteria they become: a close
occupation (NOC 2021), a mentor available around a newcomer's arrival, the accommodations a
mentee needs offered by the mentor (matching/engine/spec.py kinds `occupation`, `arrival` and
`accommodations`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bridgeway.core.services import DomainError
from bridgeway.programs.questionnaires.codelists import BENCHMARKS, LEVELS
from bridgeway.programs.questionnaires.models import (
    Audience,
    MatchingRule,
    Question,
    QuestionKind,
)
from bridgeway.programs.questionnaires.values import question_levels

K, R = QuestionKind, MatchingRule
DEFAULT_SHARES = {"broad_category": 50, "teer": 25}  # percent of the points
DEFAULT_WEEKS = 4
MAX_WEEKS = 52
# The rules that compare a mentee's question with a mentors' one: (the setting naming it, the
# kind it must be).
MENTOR_QUESTION: dict[str, tuple[str, str]] = {
    R.AROUND_ARRIVAL: ("dates_key", K.AVAILABLE_DATES),
    R.NEEDS_OFFERED: ("offers_key", K.ACCOMMODATION_OFFERS),
}


LANGUAGE_SCALES = ("plain", "clb")


def language_rule_check(params: Mapping[str, Any]) -> dict[str, Any]:
    """A languages question's levels are plain (basic to native) or on the Canadian Language
    Benchmarks ("clb": CLB/NCLC 1 to 12, and native); the lowest level shared is on its scale."""
    scale = params.get("scale") or "plain"
    if scale not in LANGUAGE_SCALES:
        raise DomainError(_("Choose a scale from the list."), "scale")
    if scale == "clb":
        level = params.get("min_level") or "clb5"
        if level not in BENCHMARKS:
            raise DomainError(
                _("On the Canadian Language Benchmarks, choose a CLB / NCLC level."), "min_level"
            )
        return {"scale": scale, "min_level": level}
    level = params.get("min_level") or "conversational"
    if level not in LEVELS:
        raise DomainError(_("Choose a level from the list."), "min_level")
    return {"min_level": level}


def language_criterion(params: Mapping[str, Any]) -> dict[str, Any]:
    if params.get("scale") == "clb":
        level = BENCHMARKS.get(str(params.get("min_level")), 1)
        return {"kind": "shared_language", "scale": "clb", "min_level": level}
    return {"kind": "shared_language", "min_level": params.get("min_level", "basic")}


def readable_levels(questions: Iterable[Question], answers: Mapping[int, dict[str, Any]]) -> None:
    """Leave out, in place, language levels a question's scale does not hold (answers given
    before the question moved to or from the Canadian Language Benchmarks): the engine could
    not read them. The person picks a level again on their profile."""
    scales = {
        q.key: question_levels(q) for q in questions if q.kind == K.LANGUAGES and q.rule != R.NONE
    }
    if not scales:
        return
    for person in answers.values():
        for key, allowed in scales.items():
            value = person.get(key)
            if isinstance(value, dict) and not set(value.values()) <= allowed:
                person[key] = {code: lvl for code, lvl in value.items() if lvl in allowed}


def occupation_rule_check(params: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for name, default in DEFAULT_SHARES.items():
        value = params.get(name, default)
        if value is None or value == "":
            value = default
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 99:
            raise DomainError(_("Give a percentage from 0 to 99."), name)
        out[name] = value
    return out


def newcomer_rule_check(
    rule: str, audience: str, params: Mapping[str, Any], other_kinds: Mapping[str, str]
) -> dict[str, Any]:
    """Settings of a rule that reads a mentors' question beside this mentees' one."""
    setting, kind = MENTOR_QUESTION[rule]
    if audience != Audience.MENTEE:
        raise DomainError(
            _("Ask this question of mentees; the mentors answer the question named below."),
            "audience",
        )
    key = params.get(setting) or ""
    if other_kinds.get(key) != kind:
        raise DomainError(
            _("Give the key of the mentors' question of the kind “%(kind)s”.")
            % {"kind": K(kind).label},
            setting,
        )
    out: dict[str, Any] = {setting: key}
    if rule == R.AROUND_ARRIVAL:
        weeks = params.get("weeks") or DEFAULT_WEEKS
        if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
            raise DomainError(
                _("Give a number of weeks from 1 to %(max)s.") % {"max": MAX_WEEKS}, "weeks"
            )
        out["weeks"] = weeks
    return out


def newcomer_criterion(
    key: str, rule: str, params: Mapping[str, Any], common: Mapping[str, Any]
) -> dict[str, Any]:
    """The engine criterion of a newcomer rule on the question `key`."""
    out = {name: value for name, value in common.items() if name not in ("field", "labels")}
    if rule == R.CLOSE_OCCUPATION:
        shares = {**DEFAULT_SHARES, **{k: v for k, v in params.items() if k in DEFAULT_SHARES}}
        return {
            **out,
            "kind": "occupation",
            "field": key,
            "partial": {name: value / 100 for name, value in shares.items()},
        }
    setting, _kind = MENTOR_QUESTION[rule]
    out.update(mentee_field=key, mentor_field=params.get(setting) or key)
    if rule == R.AROUND_ARRIVAL:
        return {**out, "kind": "arrival", "weeks": params.get("weeks", DEFAULT_WEEKS)}
    return {**out, "kind": "accommodations"}


def mentor_question_ok(rule: str, params: Mapping[str, Any], kinds: Mapping[str, str]) -> bool:
    """Whether the mentors' question a rule reads is still there, of the kind it needs (a
    question deleted or changed since would give the engine answers it cannot read)."""
    if rule not in MENTOR_QUESTION:
        return True
    setting, kind = MENTOR_QUESTION[rule]
    return kinds.get(str(params.get(setting) or "")) == kind


NEWCOMER_SETTINGS = ("scale", "broad_category", "teer", "weeks", "dates_key", "offers_key")


def newcomer_rule_fields(kind: str, rules: tuple[str, ...]) -> dict[str, forms.Field]:
    """The question builder's fields for the settings of these rules."""
    fields: dict[str, forms.Field] = {}
    if kind == K.LANGUAGES:
        fields["scale"] = forms.ChoiceField(
            label=gettext_lazy("Levels people choose from"),
            choices=[
                ("plain", _("Basic, conversational, fluent, native")),
                ("clb", _("Canadian Language Benchmarks: CLB / NCLC 1 to 12")),
            ],
            initial="plain",
            required=False,
            help_text=gettext_lazy(
                "On the benchmarks, choose the lowest level below among CLB / NCLC 1 to 12."
            ),
        )
    if R.CLOSE_OCCUPATION in rules:
        fields["broad_category"] = forms.IntegerField(
            label=gettext_lazy("Share of the points for the same broad category (percent)"),
            help_text=gettext_lazy(
                "The first digit of the NOC code: 3 is health. The same occupation earns all "
                "the points."
            ),
            min_value=0,
            max_value=99,
            initial=DEFAULT_SHARES["broad_category"],
            required=False,
        )
        fields["teer"] = forms.IntegerField(
            label=gettext_lazy("Share of the points for the same TEER (percent)"),
            help_text=gettext_lazy(
                "The second digit of the NOC code: the training, education, experience and "
                "responsibilities the occupation asks for. When both apply, the larger share "
                "counts. Must be met: the occupations earn some share."
            ),
            min_value=0,
            max_value=99,
            initial=DEFAULT_SHARES["teer"],
            required=False,
        )
    if R.AROUND_ARRIVAL in rules:
        fields["weeks"] = forms.IntegerField(
            label=gettext_lazy("Weeks before and after the arrival"),
            min_value=1,
            max_value=MAX_WEEKS,
            initial=DEFAULT_WEEKS,
            required=False,
        )
        fields["dates_key"] = forms.CharField(
            label=gettext_lazy("Key of the mentors' question of available dates"),
            max_length=50,
            required=False,
        )
    if R.NEEDS_OFFERED in rules:
        fields["offers_key"] = forms.CharField(
            label=gettext_lazy("Key of the mentors' question of accommodations offered"),
            help_text=gettext_lazy("Must be met: every need a mentee marks essential is offered."),
            max_length=50,
            required=False,
        )
    return fields
