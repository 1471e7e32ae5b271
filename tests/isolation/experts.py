"""Isolation entries for Ask-an-Expert: agency A's topic, expert, question (anonymous, routed
and answered) and published answer (a library resource: tests/isolation/library.py covers
its addresses there) carry the canary; agency B's staff and participants try those ids on
every address."""

from __future__ import annotations

from types import SimpleNamespace

from bridgeway.community.experts import services, staff_services
from bridgeway.community.experts.models import (
    Expert,
    ExpertTopic,
    PublishedAnswer,
    Question,
    QuestionPost,
)
from tests.factories import PersonFactory
from tests.isolation._shared import CANARY, MISSING, NO_IDS, Entry, Pair, pk_of

FINGERPRINT_MODELS = [ExpertTopic, Expert, Question, QuestionPost, PublishedAnswer]


def _org_pk(attr: str) -> Entry:
    def pairs(a: SimpleNamespace) -> list[Pair]:
        pk = getattr(a, attr).pk
        return [
            ({"org": "agency-a", "pk": pk}, {"org": "no-such-agency", "pk": MISSING}),
            ({"org": "agency-b", "pk": pk}, {"org": "agency-b", "pk": MISSING}),
        ]

    return pairs


def _org(a: SimpleNamespace) -> list[Pair]:
    return [({"org": "agency-a"}, {"org": "no-such-agency"})]


MATRIX: dict[str, Entry] = {
    "community:ask": NO_IDS,
    "community:my_questions": NO_IDS,
    "community:question": pk_of("expert_question"),
    "community:expert_inbox": NO_IDS,
    "community:expert_join": lambda a: [({"token": a.expert_invited.token}, {"token": "x" * 43})],
    "community:answers": NO_IDS,
    "community:answer": pk_of("published_answer"),
    "community:experts_overview": _org,
    "community:experts_topic": _org_pk("expert_topic"),
    "community:experts_expert": _org_pk("expert"),
    "community:experts_queue": _org,
    "community:staff_question": _org_pk("expert_question"),
    "api:community-question-topics": NO_IDS,
    "api:community-questions": NO_IDS,
    "api:community-question": pk_of("expert_question"),
    "api:community-question-answer": pk_of("expert_question"),
    "api:community-question-reply": pk_of("expert_question"),
    "api:community-question-rating": pk_of("expert_question"),
    "api:community-expert-questions": NO_IDS,
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    topic = staff_services.topic_save(
        organization=world.agency_a, by=world.alice, name=f"Housing {CANARY}"
    )
    person = PersonFactory(email="expert-a@example.org", display_name=f"Expert {CANARY}")
    expert = staff_services.expert_accept(
        expert=staff_services.expert_invite(
            organization=world.agency_a,
            by=world.alice,
            email=person.email,
            name=f"Expert {CANARY}",
            topics=[topic],
        ),
        person=person,
    )
    invited = staff_services.expert_invite(
        organization=world.agency_a,
        by=world.alice,
        email=f"pending-{CANARY}@example.org",
        name=f"Pending {CANARY}",
        topics=[topic],
    )
    question = services.question_ask(
        by=world.erin, topic=topic, title=f"Deposit {CANARY}", body=CANARY, anonymous=True
    )
    staff_services.question_route(question=question, expert=expert, by=world.bob)
    services.expert_post(question=question, by=person, body=f"Answer {CANARY}")
    services.question_rate(question=question, by=world.erin, rating=4, comment=CANARY)
    published = staff_services.answer_publish(
        question=question,
        by=world.bob,
        title=f"Deposits {CANARY}",
        question_text=CANARY,
        answer_text=CANARY,
        language="en",
    )
    a.expert_topic = topic
    a.expert = expert
    a.expert_invited = invited
    a.expert_question = question
    a.published_answer = published
