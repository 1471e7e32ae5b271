"""A mentee's suggestions put into words with the code lists' words kept per process and
language and the questions' words kept for the request: the same sentences and the same JSON
as the serializer writes, in each reader's language."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from bridgeway.matching import reasons
from bridgeway.matching.api import MentorSuggestionsSerializer, _reasons, _ref
from bridgeway.matching.reasons import render_reason, render_reasons
from bridgeway.matching.suggestions import mentee_context, suggestions_for_mentee

pytestmark = pytest.mark.django_db


def _pairs(cohort):
    context = mentee_context(mentee=cohort.amal)
    return context, [
        context.score(cohort.amal, context.mentors[key]) for key in sorted(context.mentors)
    ]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_reasons_read_the_same_with_the_words_kept(cohort, language) -> None:
    context, pairs = _pairs(cohort)
    reasons._KEPT_WORDS.clear()
    with translation.override(language):
        # Each reason alone, nothing kept: the words as they were written at every call.
        alone = [
            [render_reason(r.to_dict(), context.questions) for r in pair.reasons] for pair in pairs
        ]
        reasons._KEPT_WORDS.clear()
        memo: dict[object, object] = {}
        kept = [render_reasons(pair.reasons, context.questions, memo=memo) for pair in pairs]
        again = [render_reasons(pair.reasons, context.questions) for pair in pairs]
    assert kept == alone == again
    assert sum(len(r) for r in kept) > 5


def test_words_kept_in_one_language_are_not_read_in_another(cohort) -> None:
    context, pairs = _pairs(cohort)
    reasons._KEPT_WORDS.clear()
    with translation.override("en"):
        english = [render_reasons(p.reasons, context.questions) for p in pairs]
    with translation.override("fr"):
        french = [render_reasons(p.reasons, context.questions) for p in pairs]
        reasons._KEPT_WORDS.clear()
        french_first = [render_reasons(p.reasons, context.questions) for p in pairs]
    assert french == french_first != english
    assert any("Arabe" in r.text or "arabe" in r.text for rs in french for r in rs)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_suggestions_json_is_the_serializers_byte_for_byte(cohort, language) -> None:
    api = APIClient()
    api.force_authenticate(cohort.amal.person)
    url = reverse("api:matching-suggestions", args=[cohort.amal.pk])
    body = api.get(url, HTTP_ACCEPT_LANGUAGE=language).content
    with translation.override(language):
        found = suggestions_for_mentee(mentee=cohort.amal, cards=False)
        data = {
            "note": found.note,
            "suggestions": [
                {
                    "rank": s.rank,
                    "mentor": _ref(s.mentor),
                    "score": s.score,
                    "reasons": _reasons(s.reasons),
                }
                for s in found.items
            ],
        }
        expected = JSONRenderer().render(MentorSuggestionsSerializer(data).data)
    assert body == expected
    assert b'"reasons":[{' in body


def test_only_the_code_lists_own_codes_are_kept() -> None:
    """A stored answer's code that is not in its list is written each time and never kept:
    the process keeps the lists' words, nothing a person typed."""
    from bridgeway.programs.questionnaires.models import Question, QuestionKind

    reasons._KEPT_WORDS.clear()
    with translation.override("fr"):
        for kind, listed, stray in [
            (QuestionKind.LANGUAGES, "ar", "my own language"),
            (QuestionKind.COUNTRY, "SY", "somewhere private"),
            (QuestionKind.AVAILABILITY, "mon-morning", "mon-whenever"),
        ]:
            question = Question(kind=kind, key="q", text={"en": "Q"})
            assert reasons.value_label(question, stray) != ""
            assert reasons.value_label(question, listed) != listed
    kept_codes = {code for (_language, _kind, code) in reasons._KEPT_WORDS}
    assert kept_codes == {"ar", "SY", "mon-morning"}
