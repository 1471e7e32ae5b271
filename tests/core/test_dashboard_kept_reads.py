"""The dashboard's reads kept compiled (core.kept_queries.KeptObjects): a person's enrollments,
their open referrals, a withdrawn profile consent and, for someone in one program, its
training modules, checklist items and questions. Each answers as the query the ORM builds
answers: a person in one program (the kept read) is shown what the same person is shown when
the panels read two programs at once (the built query)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.learning.models import Lesson, LessonCompletion, TrainingModule
from bridgeway.learning.selectors import progress_for_enrollments
from bridgeway.privacy.consent.models import Purpose
from bridgeway.privacy.consent.selectors import withdrawn_since
from bridgeway.privacy.consent.services import consent_give, consent_withdraw
from bridgeway.programs.intake.models import Referral
from bridgeway.programs.intake.selectors import referral_list_open_for_person
from bridgeway.programs.models import Enrollment
from bridgeway.programs.questionnaires.models import Answer, Question
from bridgeway.programs.questionnaires.selectors import completeness_counts_for
from bridgeway.programs.screening.models import ScreeningCheck, ScreeningItem
from bridgeway.programs.screening.selectors import checklists
from bridgeway.programs.selectors import enrollment_list_for_person, enrollments_of_person
from tests.factories import EnrollmentFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world: SimpleNamespace) -> SimpleNamespace:
    """Erin in program A, with training, a checklist and questions there; the same in
    program B, which Frank joins too."""
    erin = Enrollment.objects.get(person=world.erin, program=world.program_a)
    erin.status = Enrollment.Status.TRAINING
    erin.save(update_fields=["status"])
    for program in (world.program_a, world.program_b):
        for order, audience in enumerate(("both", "mentee", "mentor")):
            module = TrainingModule.objects.create(
                program=program, audience=audience, order=order, title={"en": f"M{order}"}
            )
            for n in range(2):
                Lesson.objects.create(
                    module=module, kind="scenario", order=n, title={"en": f"L{n}"}, body={}
                )
            ScreeningItem.objects.create(
                program=program,
                kind=ScreeningItem.Kind.REFERENCE,
                audience=audience,
                order=order,
                label={"en": f"Item {order}"},
            )
            Question.objects.create(
                program=program,
                key=f"q{order}",
                kind="text",
                audience=audience,
                is_required=order != 1,
                text={"en": f"Q{order}"},
            )
    lesson = Lesson.objects.filter(module__program=world.program_a).order_by("pk").first()
    assert lesson is not None
    LessonCompletion.objects.create(enrollment=erin, lesson=lesson)
    item = ScreeningItem.objects.filter(program=world.program_a).order_by("pk").first()
    assert item is not None
    ScreeningCheck.objects.create(enrollment=erin, item=item, status="failed")
    for question in Question.objects.filter(program=world.program_a):
        Answer.objects.create(enrollment=erin, question=question, value="yes")
    other: Any = EnrollmentFactory(program=world.program_b, person=world.erin, role="mentee")
    other.status = Enrollment.Status.TRAINING
    other.save(update_fields=["status"])
    return SimpleNamespace(erin=erin, other=other)


def _progress(found: Any) -> list[tuple[int, list[int], set[int], int, bool]]:
    return [
        (m.module.pk, m.lesson_ids, m.done_lesson_ids, m.question_count, m.passed)
        for m in found.modules
    ]


def _rows(rows: list[Any]) -> list[tuple[int, int | None]]:
    return [(row.item.pk, row.check.pk if row.check else None) for row in rows]


def test_one_program_is_answered_as_two_programs_are(setup: SimpleNamespace) -> None:
    erin, other = setup.erin, setup.other
    alone = progress_for_enrollments([erin])[erin.pk]
    both = progress_for_enrollments([erin, other])[erin.pk]
    assert _progress(alone) == _progress(both)
    assert len(alone.modules) == 2  # both and mentee, not the mentors' module
    assert [len(m.done_lesson_ids) for m in alone.modules] == [1, 1]

    assert _rows(checklists(enrollments=[erin])[erin.pk]) == _rows(
        checklists(enrollments=[erin, other])[erin.pk]
    )
    assert len(checklists(enrollments=[erin])[erin.pk]) == 2

    alone_counts = completeness_counts_for(enrollments=[erin])[erin.pk]
    assert alone_counts == completeness_counts_for(enrollments=[erin, other])[erin.pk]
    assert alone_counts == {"total": 2, "required": 1, "answered": 1}
    assert completeness_counts_for(enrollments=[other])[other.pk] == {
        "total": 2,
        "required": 1,
        "answered": 0,
    }


def test_the_persons_enrollments_are_those_of_the_built_query(
    setup: SimpleNamespace, world: SimpleNamespace
) -> None:
    kept = enrollments_of_person(person=world.erin)
    built = list(enrollment_list_for_person(person=world.erin))
    assert [e.pk for e in kept] == [e.pk for e in built] == [setup.other.pk, setup.erin.pk]
    assert [e.program.organization.name for e in kept] == ["Agency B", "Agency A"]
    assert enrollments_of_person(person=world.mallory) == []


def test_only_the_persons_open_referrals_oldest_first(
    setup: SimpleNamespace, world: SimpleNamespace
) -> None:
    def refer(enrollment: Enrollment, **more: Any) -> Referral:
        program: Any = ProgramFactory(organization=world.agency_b)
        return Referral.objects.create(
            from_enrollment=enrollment,
            to_program=program,
            referred_by=world.bob,
            expires_at=more.pop("expires_at", Referral.default_expiry()),
            **more,
        )

    first = refer(setup.erin)
    second = refer(setup.other)
    expired = refer(setup.erin, expires_at=timezone.now() - timedelta(minutes=1))
    refer(setup.erin, status=Referral.Status.CONSENTED, answered_at=timezone.now())
    refer(Enrollment.objects.get(person=world.frank))  # someone else's
    found = referral_list_open_for_person(person=world.erin)
    assert [r.pk for r in found] == [first.pk, second.pk]
    assert found[0].to_program.organization.name == "Agency B"

    client = Client()
    client.force_login(world.erin)
    html = client.get(reverse("core:dashboard")).content.decode()
    for shown in (first, second):
        assert reverse("intake:referral_answer", args=[shown.token]) in html
    assert reverse("intake:referral_answer", args=[expired.token]) not in html


def test_a_withdrawn_profile_is_read_as_now(world: SimpleNamespace) -> None:
    purpose = Purpose.MATCHING_PROFILE
    assert withdrawn_since(person_id=world.erin.pk, purpose=purpose) is None
    consent_give(person=world.erin, purpose=purpose, source="test")
    assert withdrawn_since(person_id=world.erin.pk, purpose=purpose) is None
    withdrawn = consent_withdraw(person=world.erin, purpose=purpose, source="test")
    assert withdrawn_since(person_id=world.erin.pk, purpose=purpose) == withdrawn.withdrawn_at
    assert withdrawn_since(person_id=world.frank.pk, purpose=purpose) is None
    consent_give(person=world.erin, purpose=purpose, source="test")
    assert withdrawn_since(person_id=world.erin.pk, purpose=purpose) is None


def test_the_kept_reads_are_compiled_once(setup: SimpleNamespace, world: SimpleNamespace) -> None:
    from bridgeway.learning import selectors as learning
    from bridgeway.privacy.consent import selectors as consent
    from bridgeway.programs import selectors as programs
    from bridgeway.programs.intake import selectors as intake
    from bridgeway.programs.questionnaires import selectors as questionnaires
    from bridgeway.programs.screening import selectors as screening

    for kept in (
        programs._kept_enrollments,
        intake._kept_pending,
        consent._kept_withdrawn,
        learning._kept_modules,
        screening._kept_items,
        questionnaires._kept_questions,
        questionnaires._kept_answers,
    ):
        assert kept.compiled() is not None
