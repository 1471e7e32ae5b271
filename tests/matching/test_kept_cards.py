"""The suggested mentors' profile cards, rendered once per process and kept
(programs/questionnaires/kept_cards.py): a mentee sees the card every reader of their language
sees, and a change of what the card shows — an answer, the person's name or needs, their
consent to sensitive information, the reader's language — is on the page at once."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bridgeway.privacy.consent.models import Consent, Purpose
from bridgeway.privacy.consent.services import consent_give, consent_withdraw
from bridgeway.programs.questionnaires import kept_cards
from bridgeway.programs.questionnaires.models import Answer
from bridgeway.programs.questionnaires.profiles import answers_write
from tests.matching.conftest import cohort  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_kept() -> None:
    kept_cards.forget()


def _page(client: Client, cohort: Any) -> str:  # noqa: F811
    response = client.get(reverse("matching:suggestions", args=[cohort.amal.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _card(page: str, enrollment: Any) -> str:
    found = re.search(
        rf'<section class="profile-card" aria-labelledby="profile-{enrollment.pk}">.*?</section>',
        page,
        re.S,
    )
    assert found, "the mentor's card is on the page"
    return found.group(0)


def _client(cohort: Any) -> Client:  # noqa: F811
    client = Client()
    client.force_login(cohort.amal.person)
    return client


def test_a_kept_card_is_the_card_and_its_answers_are_not_read_again(cohort) -> None:  # noqa: F811
    client = _client(cohort)
    first = _card(_page(client, cohort), cohort.dana)
    assert "Dana" in first
    assert "Needs captions on video calls" in first
    with CaptureQueriesContext(connection) as queries:
        again = _card(_page(client, cohort), cohort.dana)
    assert again == first
    card_reads = [
        q["sql"]
        for q in queries.captured_queries
        if '"questionnaires_answer"."question_id" AS' in q["sql"]
    ]
    assert card_reads == []  # every suggested card came from the kept copies
    # Another mentee of the same language is shown the same card.
    other = Client()
    other.force_login(cohort.bo.person)
    page = other.get(reverse("matching:suggestions", args=[cohort.bo.pk])).content.decode()
    if f'aria-labelledby="profile-{cohort.dana.pk}"' in page:
        assert _card(page, cohort.dana) == first


def test_a_changed_answer_name_or_consent_is_on_the_card_at_once(cohort) -> None:  # noqa: F811
    client = _client(cohort)
    assert "French" not in _card(_page(client, cohort), cohort.dana)

    answer = Answer.objects.select_related("question").get(
        enrollment=cohort.dana, question__key="languages"
    )
    answer.value = {"ar": "native", "en": "native", "fr": "fluent"}
    answers_write(changed=[answer])
    assert "French" in _card(_page(client, cohort), cohort.dana)

    person = cohort.dana.person
    person.display_name = "Dana Haddad"
    person.save(update_fields=["display_name"])
    assert "Dana Haddad" in _card(_page(client, cohort), cohort.dana)

    consent_withdraw(person=person, purpose=Purpose.SENSITIVE, source=Consent.Source.PAGE)
    hidden = _card(_page(client, cohort), cohort.dana)
    assert "Needs captions on video calls" not in hidden
    assert "withdrew their consent to sensitive information" in hidden
    consent_give(person=person, purpose=Purpose.SENSITIVE, source=Consent.Source.PAGE)
    assert "Needs captions on video calls" in _card(_page(client, cohort), cohort.dana)


def test_each_reader_gets_the_card_in_their_language(cohort) -> None:  # noqa: F811
    client = _client(cohort)
    english = _card(_page(client, cohort), cohort.dana)
    person = cohort.amal.person
    person.preferred_language = "fr"
    person.save(update_fields=["preferred_language"])
    french = _card(_page(client, cohort), cohort.dana)
    assert french != english
    assert "Fuseau horaire" in french
    assert "Time zone" in english


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_ask_page_reads_as_with_the_cards_template(cohort, monkeypatch, language) -> None:  # noqa: F811
    """The cards written in one pass (card_html.py) give the page the template gave it."""
    from django.template.loader import render_to_string
    from django.utils.safestring import SafeString

    cohort.dana.person.display_name = '<b>Dana</b> & "Co"'
    cohort.dana.person.save(update_fields=["display_name"])
    client = _client(cohort)
    client.cookies["django_language"] = language
    address = reverse("relationships:ask", args=[cohort.amal.pk])

    def page() -> str:
        kept_cards.forget()
        html = client.get(address, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        return re.sub(r'(csrfmiddlewaretoken" value|data-csrf)="[^"]*"', "", html)

    written = page()
    assert 'aria-labelledby="profile-' in written
    assert "&lt;b&gt;Dana&lt;/b&gt; &amp; &quot;Co&quot;" in written

    def through_template(card: Any) -> SafeString:
        # The template escapes what it shows, as an include of it does.
        return SafeString(render_to_string("questionnaires/_profile_card.html", {"card": card}))

    monkeypatch.setattr(kept_cards, "profile_card_html", through_template)
    assert page() == written
