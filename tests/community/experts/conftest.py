"""Ask-an-Expert in agency A: a "Housing" topic answered within 2 days, and Xavier, an expert
with no enrollment anywhere who accepted the invitation. Erin (mentee of A's program) asks;
Frank (mentor of the same program) is her peer; Alice and Bob are A's staff, Carol B's."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bridgeway.accounts.models import Person
from bridgeway.community.experts import services, staff_services
from bridgeway.community.experts.models import Expert, ExpertTopic, Question
from tests.factories import PersonFactory


@pytest.fixture
def housing(world: SimpleNamespace) -> ExpertTopic:
    return staff_services.topic_save(
        organization=world.agency_a,
        by=world.alice,
        name="Housing",
        target_amount=2,
        target_unit="days",
    )


@pytest.fixture
def xavier() -> Person:
    return PersonFactory(email="xavier@lawyers.example", display_name="Xavier Lawyer")


@pytest.fixture
def expert(world: SimpleNamespace, housing: ExpertTopic, xavier: Person) -> Expert:
    invited = staff_services.expert_invite(
        organization=world.agency_a,
        by=world.alice,
        email="Xavier@lawyers.example",
        name="Xavier (tenant law)",
        topics=[housing],
    )
    return staff_services.expert_accept(expert=invited, person=xavier)


def ask(world: SimpleNamespace, topic: ExpertTopic, anonymous: bool = False) -> Question:
    return services.question_ask(
        by=world.erin,
        topic=topic,
        title="Can my landlord keep my deposit?",
        body="I moved out of my flat in **May**.",
        anonymous=anonymous,
    )


@pytest.fixture
def routed(world: SimpleNamespace, housing: ExpertTopic, expert: Expert) -> Question:
    question = ask(world, housing, anonymous=True)
    return staff_services.question_route(question=question, expert=expert, by=world.bob)


@pytest.fixture
def answered(world: SimpleNamespace, routed: Question, xavier: Person) -> Question:
    services.expert_post(
        question=routed, by=xavier, body="No: in Ontario a *deposit* is the last month's rent."
    )
    routed.refresh_from_db()
    return routed
