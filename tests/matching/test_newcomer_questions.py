"""The newcomer questions in the app: a host program asks the arrival date, the hosts' available
dates and accommodations; a professional program asks the NOC code. Matching reads them, and
people read why in their own language."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from bridgeway.core.services import DomainError
from bridgeway.matching.reasons import render_reasons
from bridgeway.matching.selectors import matching_context
from bridgeway.matching.suggestions import suggestions_for_mentee
from bridgeway.programs.questionnaires.models import Answer, Question
from bridgeway.programs.questionnaires.profiles import answers_write
from bridgeway.programs.questionnaires.services import question_create, questionnaire_start
from bridgeway.programs.questionnaires.values import clean_value, display_value

from .conftest import add_person

pytestmark = pytest.mark.django_db

NEEDS = [{"need": "interpreter", "essential": True}, {"need": "captions", "essential": False}]


@pytest.fixture
def hosts(world: SimpleNamespace) -> SimpleNamespace:
    program = world.program_a
    questionnaire_start(program=program, by=world.alice, starter="hosting")
    common: dict[str, Any] = {
        "languages": {"ar": "native", "en": "conversational"},
        "city": "Halifax",
        "time_zone": "America/Halifax",
        "settlement_help": ["housing"],
    }
    amal = add_person(
        program,
        name="Amal",
        role="mentee",
        answers={**common, "arrival": "2027-03-15", "accommodation_needs": NEEDS},
    )
    dana = add_person(
        program,
        name="Dana",
        role="mentor",
        answers={
            **common,
            "host_dates": {"from": "2027-02-01", "to": "2027-05-31"},
            "accommodation_offers": ["interpreter", "captions"],
        },
    )
    eli = add_person(
        program,
        name="Eli",
        role="mentor",
        answers={
            **common,
            "host_dates": {"from": "2027-03-20", "to": None},
            "accommodation_offers": ["captions"],
        },
    )
    return SimpleNamespace(program=program, amal=amal, dana=dana, eli=eli, world=world)


def texts(reasons: Any, questions: Any, language: str) -> list[str]:
    with translation.override(language):
        return [r.text for r in render_reasons(reasons, questions)]


def test_a_host_available_around_the_arrival_who_offers_the_needs_is_explained(hosts) -> None:
    context = matching_context(program=hosts.program)
    pair = context.score(hosts.amal, hosts.dana)
    assert pair.feasible
    assert round(sum(r.points for r in pair.reasons), 2) == pair.score
    english = texts(pair.reasons, context.questions, "en")
    assert "Offers captions and an interpreter, which you asked for." in english
    assert "Available in the 4 weeks before and after your arrival on March 15, 2027." in english, (
        english
    )
    french = texts(pair.reasons, context.questions, "fr")
    # The sentences' French comes with the catalog; the words are French already.
    assert any("des sous-titres" in text and "un interprète" in text for text in french), french
    assert any("15 mars 2027" in text for text in french), french


def test_an_essential_need_not_offered_rules_the_host_out(hosts) -> None:
    context = matching_context(program=hosts.program)
    pair = context.score(hosts.amal, hosts.eli)
    assert not pair.feasible
    shown = render_reasons(pair.reasons, context.questions, {"accommodation_needs"})
    with translation.override("en"):
        need = next(r for r in shown if r.criterion == "accommodation_needs")
        assert need.text == "Offers captions, but not an interpreter, which you need."
    assert need.level == "partly"
    arrival = next(r for r in pair.reasons if r.criterion == "arrival")
    assert arrival.params["days"] == 24  # 20 March to 12 April
    found = suggestions_for_mentee(mentee=hosts.amal, record=False)
    assert [item.mentor for item in found.items] == [hosts.dana]


def test_a_newcomer_already_here_is_not_held_to_the_arrival(hosts) -> None:
    Answer.objects.filter(enrollment=hosts.amal, question__key="arrival").delete()
    context = matching_context(program=hosts.program)
    pair = context.score(hosts.amal, hosts.dana)
    arrival = next(r for r in pair.reasons if r.criterion == "arrival")
    assert arrival.code == "not_answered"
    assert arrival.max_points == 0


def test_the_noc_code_earns_credit_for_a_close_occupation(cohort) -> None:
    from .conftest import mentee_answers, mentor_answers

    gia = add_person(cohort.program, name="Gia", role="mentee", answers=mentee_answers(noc="31301"))
    hal = add_person(cohort.program, name="Hal", role="mentor", answers=mentor_answers(noc="31102"))
    context = matching_context(program=cohort.program)
    pair = context.score(gia, hal)
    noc = next(r for r in pair.reasons if r.criterion == "noc")
    assert noc.points == pytest.approx(noc.max_points / 2, abs=0.01)
    english = texts([noc], context.questions, "en")
    assert english == ["Your occupations are both in health (NOC category 3) and both TEER 1."]
    assert "santé" in texts([noc], context.questions, "fr")[0]


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("noc_code", "3130", "5-digit NOC 2021 code"),
        ("noc_code", "39999", "5-digit NOC 2021 code"),  # no TEER 9
        ("arrival_date", "15/03/2027", "2027-03-15"),
        ("available_dates", {"from": "2027-05-01", "to": "2027-04-01"}, "comes before"),
        ("available_dates", {}, None),
        ("accommodation_needs", [{"need": "jetpack"}], "Choose each need"),
        ("accommodation_offers", ["jetpack"], "Choose what you can offer"),
    ],
)
def test_bad_answers_are_refused_in_words(kind: str, value: Any, message: str | None) -> None:
    question = Question(key="q", kind=kind)
    if message is None:
        assert clean_value(question, value) is None  # empty: not answered
        return
    with pytest.raises(ValidationError) as caught:
        clean_value(question, value)
    assert message in caught.value.messages[0]


def test_answers_read_in_words() -> None:
    with translation.override("en"):
        assert display_value(Question(kind="noc_code"), "31301") == "NOC 31301: health, TEER 1"
        dates = Question(kind="available_dates")
        assert display_value(dates, {"from": "2027-02-01", "to": None}) == "From Feb. 1, 2027"
        assert display_value(dates, "flexible") == "Whenever the mentee arrives"
        needs = display_value(Question(kind="accommodation_needs"), NEEDS)
        assert needs == "an interpreter (essential), captions"


def test_the_rule_must_name_a_mentors_question_of_the_right_kind(hosts) -> None:
    def create(**params: Any) -> Question:
        return question_create(
            program=hosts.program,
            by=hosts.world.alice,
            kind="accommodation_needs",
            key="needs_again",
            audience="mentee",
            text={"en": "Needs?"},
            rule="needs_offered",
            rule_is_hard=True,
            rule_params=params,
        )

    with pytest.raises(DomainError) as caught:
        create(offers_key="host_dates")  # available dates, not offers
    assert caught.value.field == "offers_key"
    assert create(offers_key="accommodation_offers").rule_params == {
        "offers_key": "accommodation_offers"
    }


def test_a_host_fills_their_dates_and_a_newcomer_their_needs(client: Client, hosts) -> None:
    client.force_login(hosts.eli.person)
    url = reverse("questionnaires:profile", args=[hosts.eli.pk])
    page = client.get(url).content.decode()
    assert "First day available" in page
    assert "I am flexible" in page
    response = client.post(
        url,
        {
            "q_languages_0": "en",
            "q_languages_1": "native",
            "q_host_dates_0": "",
            "q_host_dates_1": "",
            "q_host_dates_2": "on",
            "q_accommodation_offers": ["captions", "phone_only"],
            "contact_mode": "video",
        },
    )
    assert response.status_code == 302
    answers = dict(
        Answer.objects.filter(enrollment=hosts.eli).values_list("question__key", "value")
    )
    assert answers["host_dates"] == "flexible"
    assert answers["accommodation_offers"] == ["captions", "phone_only"]

    client.force_login(hosts.amal.person)
    url = reverse("questionnaires:profile", args=[hosts.amal.pk])
    page = client.get(url).content.decode()
    assert "Would help" in page
    assert "Essential" in page
    names = [f"q_accommodation_needs_{index}" for index in range(9)]
    response = client.post(
        url,
        {
            "q_languages_0": "ar",
            "q_languages_1": "native",
            "q_arrival": "2027-04-01",
            names[0]: "essential",  # an interpreter
            names[1]: "helpful",  # captions
            "contact_mode": "video",
        },
    )
    assert response.status_code == 302
    answers = dict(
        Answer.objects.filter(enrollment=hosts.amal).values_list("question__key", "value")
    )
    assert answers["arrival"] == "2027-04-01"
    assert answers["accommodation_needs"] == NEEDS


def test_a_languages_question_on_the_canadian_language_benchmarks(hosts) -> None:
    from bridgeway.programs.questionnaires.services import question_update

    question = Question.objects.get(program=hosts.program, key="languages")
    with pytest.raises(DomainError) as caught:
        question_update(
            question=question,
            by=hosts.world.alice,
            rule_params={"scale": "clb", "min_level": "conversational"},
        )
    assert caught.value.field == "min_level"
    question = question_update(
        question=question, by=hosts.world.alice, rule_params={"scale": "clb", "min_level": "clb7"}
    )
    with pytest.raises(ValidationError):
        clean_value(question, {"fr": "fluent"})
    # Answers on the plain levels no longer fit and are removed: people pick benchmarks again.
    assert not Answer.objects.filter(question=question).exists()
    answers_write(
        new=[
            Answer(enrollment=hosts.amal, question=question, value={"fr": "clb8", "ar": "native"}),
            Answer(enrollment=hosts.dana, question=question, value={"fr": "clb9", "en": "clb4"}),
            Answer(enrollment=hosts.eli, question=question, value={"fr": "clb6"}),
        ]
    )
    context = matching_context(program=hosts.program)
    pair = context.score(hosts.amal, hosts.dana)
    assert pair.feasible
    assert texts(pair.reasons, context.questions, "en")[0] == (
        "You both speak French (NCLC 7 or above)."
    )
    assert "Français" in texts(pair.reasons, context.questions, "fr")[0]
    assert not context.score(hosts.amal, hosts.eli).feasible
    with translation.override("en"):
        assert (
            display_value(question, {"fr": "clb8", "en": "clb4"})
            == "French (NCLC 8), English (CLB 4)"
        )


def test_an_admin_adds_the_arrival_rule_in_the_builder(client: Client, hosts) -> None:
    client.force_login(hosts.world.alice)
    url = reverse("questionnaires:question_new", args=[hosts.program.pk])
    page = client.get(url, {"kind": "arrival_date"}).content.decode()
    assert "Weeks before and after the arrival" in page
    assert "Key of the mentors&#x27; question of available dates" in page
    data = {
        "kind": "arrival_date",
        "key": "landing",
        "text_en": "When do you land?",
        "audience": "mentee",
        "rule": "around_arrival",
        "rule_weight": "5",
        "weeks": "6",
        "dates_key": "settlement_help",  # not a question of available dates
    }
    response = client.post(url, data)
    assert "question of the kind “Available dates”." in response.content.decode()
    assert not Question.objects.filter(key="landing").exists()
    response = client.post(url, {**data, "dates_key": "host_dates"})
    assert response.status_code == 302
    landing = Question.objects.get(key="landing")
    assert landing.rule_params == {"dates_key": "host_dates", "weeks": 6}
    page = client.get(
        reverse("questionnaires:question_new", args=[hosts.program.pk]), {"kind": "languages"}
    ).content.decode()
    assert "CLB / NCLC 7" in page
