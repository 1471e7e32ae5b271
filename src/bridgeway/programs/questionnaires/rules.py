"""Matching rules: which rule suits which kind of question, the settings each rule takes, and
the criterion the matching engine reads (matching/engine/spec.py, format version 1)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from bridgeway.core.services import DomainError
from bridgeway.programs.questionnaires.codelists import LEVEL_RANK
from bridgeway.programs.questionnaires.models import (
    Audience,
    MatchingRule,
    Question,
    QuestionKind,
)
from bridgeway.programs.questionnaires.newcomer_rules import (
    MENTOR_QUESTION,
    language_criterion,
    language_rule_check,
    newcomer_criterion,
    newcomer_rule_check,
    occupation_rule_check,
)

K, R = QuestionKind, MatchingRule

RULES_FOR_KIND: dict[str, tuple[str, ...]] = {
    K.SINGLE_CHOICE: (R.SAME_VALUE, R.REQUIRED_OVERLAP, R.COVERS, R.PREFERENCE),
    K.MULTIPLE_CHOICE: (R.REQUIRED_OVERLAP, R.COVERS, R.PREFERENCE),
    K.SCALE: (R.MAX_DISTANCE, R.SAME_VALUE, R.PREFERENCE),
    K.LANGUAGES: (R.REQUIRED_OVERLAP,),
    K.OCCUPATION: (R.SAME_VALUE, R.COVERS, R.PREFERENCE),
    K.COUNTRY: (R.SAME_VALUE, R.PREFERENCE),
    K.CITY: (R.SAME_VALUE, R.PREFERENCE),
    K.TIME_ZONE: (R.MAX_DISTANCE, R.SAME_VALUE),
    K.AVAILABILITY: (R.REQUIRED_OVERLAP,),
    K.TEXT: (R.SIMILAR_TEXT,),
    K.NOC_CODE: (R.CLOSE_OCCUPATION,),
    K.ARRIVAL_DATE: (R.AROUND_ARRIVAL,),
    K.AVAILABLE_DATES: (),
    K.ACCOMMODATION_NEEDS: (R.NEEDS_OFFERED,),
    K.ACCOMMODATION_OFFERS: (),
}
MAX_TIME_ZONE_HOURS = 24
MAX_SHARED = 21  # every slot of the week


def rules_for_kind(kind: str) -> list[str]:
    return [R.NONE, *RULES_FOR_KIND.get(kind, ())]


def rule_check(
    *,
    kind: str,
    audience: str,
    rule: str,
    params: dict[str, Any],
    is_hard: bool,
    scale_span: int | None = None,
    other_keys: set[str] | frozenset[str] = frozenset(),
    other_kinds: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The rule's settings, cleaned; raises DomainError naming the form field at fault.
    `other_kinds`: the kind of each other question of the program, by key."""
    if rule not in rules_for_kind(kind):
        raise DomainError(_("This matching rule does not suit this kind of question."), "rule")
    if rule == R.NONE:
        return {}
    if rule in MENTOR_QUESTION:
        return newcomer_rule_check(rule, audience, params, other_kinds or {})
    if rule != R.PREFERENCE and audience != Audience.BOTH:
        raise DomainError(
            _("This rule compares a mentee's answer with a mentor's: ask the question of both."),
            "audience",
        )
    if rule == R.SIMILAR_TEXT and is_hard:
        raise DomainError(
            _("Similar wording can only add points; it cannot be a must."), "rule_is_hard"
        )
    if rule == R.REQUIRED_OVERLAP and kind == K.LANGUAGES:
        return language_rule_check(params)
    if rule == R.CLOSE_OCCUPATION:
        return occupation_rule_check(params)
    if rule in (R.REQUIRED_OVERLAP, R.COVERS):
        shared = params.get("min_shared") or 1
        if isinstance(shared, bool) or not isinstance(shared, int) or not 1 <= shared <= MAX_SHARED:
            raise DomainError(
                _("Give a whole number from 1 to %(max)s.") % {"max": MAX_SHARED}, "min_shared"
            )
        return {"min_shared": shared}
    if rule == R.MAX_DISTANCE:
        return {"max_distance": _distance(kind, params.get("max_distance"), scale_span)}
    if rule == R.PREFERENCE:
        return _preference(audience, params, other_keys)
    return {}


def _distance(kind: str, value: Any, scale_span: int | None) -> float:
    top = MAX_TIME_ZONE_HOURS if kind == K.TIME_ZONE else (scale_span or 0)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= top:
        if kind == K.TIME_ZONE:
            message = _("Give the most hours apart, from 1 to %(max)s.") % {"max": top}
        else:
            message = _("Give the most points apart, from 1 to %(max)s.") % {"max": top}
        raise DomainError(message, "max_distance")
    return float(value)


def _preference(
    audience: str, params: dict[str, Any], other_keys: set[str] | frozenset[str]
) -> dict[str, Any]:
    side = params.get("side") or (audience if audience != Audience.BOTH else Audience.MENTEE)
    if side not in (Audience.MENTEE, Audience.MENTOR):
        raise DomainError(_("Say whose preference this is."), "side")
    if audience not in (Audience.BOTH, side):
        raise DomainError(
            _("The person who has the preference must be asked the question."), "side"
        )
    attribute_key = params.get("attribute_key") or ""
    if attribute_key and attribute_key not in other_keys:
        raise DomainError(_("No other question of this program has this key."), "attribute_key")
    if not attribute_key and audience != Audience.BOTH:
        raise DomainError(
            _("Give the key of the question the other side answers, or ask this one of both."),
            "attribute_key",
        )
    return {"side": side, "attribute_key": attribute_key}


def criterion_spec(question: Question) -> dict[str, Any] | None:
    """The matching engine's criterion for this question, or None when it feeds no rule.

    Answers are read by the question's key. Language levels are the names in LEVELS; give the
    engine LEVEL_RANK as the spec's "levels"."""
    rule, params = question.rule, question.rule_params or {}
    if rule == R.NONE:
        return None
    common: dict[str, Any] = {
        "name": question.key,
        "weight": question.rule_weight,
        "hard": question.rule_is_hard,
        "attribute": question.label,
    }
    if question.kind in (K.SINGLE_CHOICE, K.MULTIPLE_CHOICE):
        common["labels"] = question.choice_labels()
    if rule == R.PREFERENCE:
        return {
            **common,
            "kind": "preference",
            "side": params.get("side", "mentee"),
            "preference_field": question.key,
            "attribute_field": params.get("attribute_key") or question.key,
        }
    common["field"] = question.key
    if rule == R.REQUIRED_OVERLAP and question.kind == K.LANGUAGES:
        return {**common, **language_criterion(params)}
    if rule in (R.CLOSE_OCCUPATION, *MENTOR_QUESTION):
        return newcomer_criterion(question.key, rule, params, common)
    if rule == R.REQUIRED_OVERLAP:
        return {**common, "kind": "overlap", "min_shared": params.get("min_shared", 1)}
    if rule == R.COVERS:
        return {**common, "kind": "covers", "min_covered": params.get("min_shared", 1)}
    if rule == R.SAME_VALUE:
        explain = "same_sector" if question.kind == K.OCCUPATION else "same_value"
        return {**common, "kind": "same_value", "explain": explain}
    if rule == R.MAX_DISTANCE and question.kind == K.TIME_ZONE:
        return {**common, "kind": "timezone", "max_hours": params.get("max_distance", 12)}
    if rule == R.MAX_DISTANCE:
        return {**common, "kind": "distance", "max": params.get("max_distance", 1)}
    common.pop("hard")
    return {**common, "kind": "text"}


def engine_levels() -> dict[str, float]:
    return {name: float(rank) for name, rank in LEVEL_RANK.items()}
