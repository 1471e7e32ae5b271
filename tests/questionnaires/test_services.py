from __future__ import annotations

import pytest
from django.core import mail

from bridgeway.core.models import AuditEvent
from bridgeway.core.services import DomainError
from bridgeway.programs.models import Enrollment
from bridgeway.programs.questionnaires import profiles, services
from bridgeway.programs.questionnaires.models import Answer, Question
from bridgeway.programs.questionnaires.rules import criterion_spec
from bridgeway.programs.questionnaires.selectors import (
    answers_for_program,
    profile_card,
    profile_completeness,
    questions_for_program,
)
from bridgeway.programs.services import enrollment_set_status
from tests.questionnaires.conftest import make_question

pytestmark = pytest.mark.django_db


def test_questions_keep_their_order_and_are_audited(world, questions) -> None:
    keys = [q.key for q in questions_for_program(program=world.program_a)]
    assert keys == ["languages", "help", "time_zone", "confidence", "offer"]
    assert AuditEvent.objects.filter(action="question.create", actor=world.alice).count() == 5


def test_a_key_is_unique_within_a_program(world, questions) -> None:
    with pytest.raises(DomainError) as error:
        make_question(world, "city", key="languages")
    assert error.value.field == "key"
    assert Question.objects.filter(program=world.program_a).count() == 5


def test_a_rule_must_suit_the_kind_of_question(world) -> None:
    with pytest.raises(DomainError) as error:
        make_question(world, "availability", rule="same_value")
    assert error.value.field == "rule"


def test_a_comparing_rule_needs_both_sides_to_answer(world) -> None:
    with pytest.raises(DomainError) as error:
        make_question(world, "occupation", audience="mentee", rule="same_value")
    assert error.value.field == "audience"


def test_a_choice_question_needs_two_choices_with_text_in_english(world) -> None:
    with pytest.raises(DomainError) as error:
        make_question(world, "single_choice", choices=[{"value": "a", "label": {"en": "A"}}])
    assert error.value.field == "choices"
    with pytest.raises(DomainError):
        make_question(
            world,
            "single_choice",
            choices=[{"value": "a", "label": {"fr": "A"}}, {"value": "b", "label": {"en": "B"}}],
        )


def test_moving_a_question_swaps_it_with_its_neighbour(world, questions) -> None:
    services.question_move(question=questions.time_zone, by=world.alice, direction="up")
    keys = [q.key for q in questions_for_program(program=world.program_a)]
    assert keys == ["languages", "time_zone", "help", "confidence", "offer"]
    services.question_move(question=questions.languages, by=world.alice, direction="up")
    assert next(q.key for q in questions_for_program(program=world.program_a)) == "languages"
    assert AuditEvent.objects.filter(action="question.move").count() == 1


def test_removing_a_choice_removes_it_from_the_answers(world, questions, erin_enrollment) -> None:
    profiles.profile_save(
        enrollment=erin_enrollment, by=world.erin, answers={"help": ["housing", "banking"]}
    )
    data = {"choices": [questions.help.choices[0], {"value": "school", "label": {"en": "School"}}]}
    services.question_update(question=questions.help, by=world.alice, **data)
    assert Answer.objects.get(question=questions.help).value == ["housing"]
    event = AuditEvent.objects.get(action="question.update")
    assert event.data["answers_removed"] == 1


def test_deleting_a_question_deletes_its_answers(world, questions, erin_enrollment) -> None:
    profiles.profile_save(enrollment=erin_enrollment, by=world.erin, answers={"help": ["housing"]})
    assert services.question_delete(question=questions.help, by=world.alice) == 1
    assert not Answer.objects.exists()
    assert AuditEvent.objects.get(action="question.delete").data["answers_deleted"] == 1


def test_a_program_starts_from_a_template_only_when_empty(world) -> None:
    created = services.questionnaire_start(
        program=world.program_a, by=world.alice, starter="hosting"
    )
    assert "languages" in [q.key for q in created]
    assert all(q.text["fr"] for q in created)
    with pytest.raises(DomainError):
        services.questionnaire_start(program=world.program_a, by=world.alice, starter="hosting")


@pytest.mark.parametrize("starter", ["hosting", "professional", "entrepreneurs"])
def test_every_template_makes_criteria_the_matching_engine_accepts(world, starter) -> None:
    from bridgeway.matching.engine.spec import ProgramSpec
    from bridgeway.programs.questionnaires.rules import engine_levels

    created = services.questionnaire_start(program=world.program_a, by=world.alice, starter=starter)
    criteria = [spec for q in created if (spec := criterion_spec(q))]
    spec = ProgramSpec.from_dict(
        {"format_version": 1, "levels": engine_levels(), "criteria": criteria}
    )
    assert len(spec.criteria) == len(criteria) >= 3


def test_a_profile_saves_every_answer_or_none(world, questions, erin_enrollment) -> None:
    with pytest.raises(profiles.AnswersInvalid) as error:
        profiles.profile_save(
            enrollment=erin_enrollment,
            by=world.erin,
            answers={
                "languages": {"ar": "native"},
                "time_zone": "Mars/Olympus",
                "confidence": 9,
                "offer": "mentors only",
            },
        )
    assert set(error.value.errors) == {"time_zone", "confidence", "offer"}
    assert "time zone" in error.value.errors["time_zone"]
    assert "1 to 5" in error.value.errors["confidence"]
    assert not Answer.objects.exists()


def test_completeness_counts_the_required_questions_of_the_role(
    world, questions, erin_enrollment
) -> None:
    assert profile_completeness(erin_enrollment) == (0, 3)
    profiles.profile_save(
        enrollment=erin_enrollment,
        by=world.erin,
        answers={"languages": {"ar": "native", "en": "conversational"}, "help": ["banking"]},
    )
    assert profile_completeness(erin_enrollment) == (2, 3)
    profiles.profile_save(enrollment=erin_enrollment, by=world.erin, answers={"help": []})
    assert profile_completeness(erin_enrollment) == (1, 3)


def test_answers_for_program_is_one_query(
    world, questions, erin_enrollment, django_assert_num_queries
) -> None:
    frank = Enrollment.objects.get(person=world.frank)
    profiles.profile_save(
        enrollment=erin_enrollment, by=world.erin, answers={"time_zone": "Asia/Damascus"}
    )
    profiles.profile_save(enrollment=frank, by=world.frank, answers={"offer": "Bank advice"})
    with django_assert_num_queries(1):
        answers = answers_for_program(program=world.program_a)
    assert answers == {
        erin_enrollment.pk: {"time_zone": "Asia/Damascus"},
        frank.pk: {"offer": "Bank advice"},
    }


def test_unanswered_required_questions_block_readiness(
    world, questions, erin_enrollment, django_capture_on_commit_callbacks
) -> None:
    Enrollment.objects.filter(pk=erin_enrollment.pk).update(status="training")
    erin_enrollment.refresh_from_db()
    with pytest.raises(DomainError) as error:
        enrollment_set_status(enrollment=erin_enrollment, status="ready", by=world.bob)
    assert "3 required profile questions are not answered yet." in error.value.message
    with django_capture_on_commit_callbacks(execute=True):
        profiles.profile_save(
            enrollment=erin_enrollment,
            by=world.erin,
            answers={
                "languages": {"ar": "native"},
                "help": ["housing"],
                "time_zone": "Asia/Damascus",
            },
        )
    erin_enrollment.refresh_from_db()
    assert erin_enrollment.status == "ready"
    # Her last answer was the last step: she is told by email, once.
    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("You are ready to be matched", [world.erin.email])
    ]
    assert erin_enrollment.program.name in mail.outbox[0].body


def test_the_profile_card_states_accessibility_needs_plainly(
    world, questions, erin_enrollment
) -> None:
    world.erin.accessibility_needs = ["captions", "interpreter"]
    world.erin.contact_mode = "messages"
    world.erin.save()
    profiles.profile_save(
        enrollment=erin_enrollment, by=world.erin, answers={"help": ["housing", "banking"]}
    )
    card = profile_card(enrollment=erin_enrollment)
    assert [str(n) for n in card.needs] == ["Needs captions on video calls", "Needs an interpreter"]
    assert card.contact == "Prefers written messages"
    shown = {row.question.key: row.display for row in card.rows}
    assert shown["help"] == "Housing, Banking"
    assert "offer" not in shown  # asked of mentors only
    assert (card.answered, card.required) == (1, 3)


def test_someone_else_cannot_save_a_profile(world, questions, erin_enrollment) -> None:
    with pytest.raises(DomainError):
        profiles.profile_save(
            enrollment=erin_enrollment, by=world.alice, answers={"help": ["housing"]}
        )
    assert not Answer.objects.exists()
