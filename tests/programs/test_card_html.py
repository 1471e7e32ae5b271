"""The profile card written in one pass reads exactly as the card's template writes it."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from bridgeway.accounts.models import Person
from bridgeway.programs.models import Enrollment, Program
from bridgeway.programs.questionnaires.card_html import profile_card_html
from bridgeway.programs.questionnaires.models import Question, QuestionKind
from bridgeway.programs.questionnaires.selectors import (
    SENSITIVE_HIDDEN,
    ProfileCard,
    ProfileRow,
    accessibility_statements,
)
from bridgeway.programs.questionnaires.values import display_value

NAMES = ['<script>alert("x")</script> & Co', "Dana O'Neil", "مريم أحمد", "Zoë"]
PROGRAMS = [("Newcomers <in> tech & more", "en"), ("Mentorat “pro”", "fr"), ("برنامج", "ar")]


def _question(pk: int, kind: str, text: str, **fields: object) -> Question:
    return Question(
        pk=pk, key=f"q{pk}", kind=kind, text={"en": text, "fr": f"{text} (fr)"}, **fields
    )


QUESTIONS = [
    _question(1, QuestionKind.TEXT, "Your <b>goals</b> & hopes?", is_required=True),
    _question(
        2,
        QuestionKind.SINGLE_CHOICE,
        "Field",
        choices=[{"value": "it", "label": {"en": "IT & <data>", "fr": "Informatique"}}],
    ),
    _question(3, QuestionKind.SCALE, "Confidence", scale_min=1, scale_max=5, is_required=True),
    _question(4, QuestionKind.TEXT, "Anything else", is_sensitive=True),
]


def _card(
    *,
    name: str,
    program: tuple[str, str],
    needs: list[str],
    contact: str,
    values: list[object],
    hidden: bool = False,
    heading_level: int = 3,
    role: str = "mentor",
    time_zone: str = "America/Toronto",
) -> ProfileCard:
    person = Person(pk=7, display_name=name, email="p@example.org", time_zone=time_zone)
    person.accessibility_needs = needs
    person.contact_mode = contact
    enrollment = Enrollment(
        pk=41,
        role=role,
        person=person,
        program=Program(pk=3, name=program[0], content_language=program[1]),
    )
    rows = [
        ProfileRow(q, value, str(SENSITIVE_HIDDEN) if hidden and q.is_sensitive and value else "")
        for q, value in zip(QUESTIONS, values, strict=False)
    ]
    rows = [
        row
        if row.display
        else ProfileRow(row.question, row.value, display_value(row.question, row.value))
        for row in rows
    ]
    needs_words, contact_words = accessibility_statements(person, hidden)
    required = [row for row in rows if row.question.is_required]
    return ProfileCard(
        enrollment=enrollment,
        needs=needs_words,
        contact=contact_words,
        rows=rows,
        answered=sum(row.answered for row in required),
        required=len(required),
        heading_level=heading_level,
    )


CARDS = [
    # everything shown, names and answers with markup and quotes
    {
        "needs": ["captions", "screen_reader"],
        "contact": "video",
        "values": ["I <3 & ‘code’", "it", 4, "secret"],
    },
    # nothing stated, nothing answered
    {"needs": [], "contact": "any", "values": [None, None, None, None]},
    # a contact preference alone, some answers
    {"needs": [], "contact": "phone", "values": ["", "xx", None, "more"]},
    # needs alone, hidden sensitive answers
    {"needs": ["interpreter"], "contact": "", "values": ["x", None, 2, "private"], "hidden": True},
    # no questions asked of the role; heading at the deepest level; an unknown zone
    {
        "needs": ["large_text"],
        "contact": "messages",
        "values": [],
        "heading_level": 6,
        "time_zone": "Mars/Olympus",
    },
    # no required question among them, a UTC zone, a mentee
    {
        "needs": [],
        "contact": "in_person",
        "values": [None, "it"],
        "role": "mentee",
        "time_zone": "UTC",
    },
]


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("program", PROGRAMS)
def test_a_card_reads_as_the_template_writes_it(language, name, program):
    with translation.override(language):
        for fields in CARDS:
            card = _card(name=name, program=program, **fields)  # type: ignore[arg-type]
            expected = render_to_string("questionnaires/_profile_card.html", {"card": card})
            assert profile_card_html(card) == expected


def test_a_persons_name_and_answers_are_escaped():
    card = _card(name=NAMES[0], program=PROGRAMS[0], needs=[], contact="", values=["<i>x</i>"])
    html = profile_card_html(card)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;i&gt;x&lt;/i&gt;" in html
    assert "Newcomers &lt;in&gt; tech &amp; more" in html
