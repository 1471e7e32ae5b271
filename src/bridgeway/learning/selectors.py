"""Reads of training modules and progress, each scoped to the acting person."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from bridgeway.core.kept_queries import KeptObjects
from bridgeway.core.models import Organization
from bridgeway.learning.models import (
    Lesson,
    LessonCompletion,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
    TrainingModule,
    audiences_for_role,
)
from bridgeway.programs.models import Enrollment, EnrollmentStatus, Program
from bridgeway.programs.selectors import program_get_for_staff

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

STUCK_AFTER_DAYS = 14


@dataclass
class ModuleProgress:
    module: TrainingModule
    lesson_ids: list[int]
    done_lesson_ids: set[int]
    question_count: int
    passed: bool
    last_attempt: QuizAttempt | None = None

    @property
    def lessons_total(self) -> int:
        return len(self.lesson_ids)

    @property
    def lessons_done(self) -> int:
        return len(self.done_lesson_ids.intersection(self.lesson_ids))

    @property
    def has_quiz(self) -> bool:
        return self.question_count > 0

    @property
    def lessons_complete(self) -> bool:
        return self.lessons_done == self.lessons_total

    @property
    def complete(self) -> bool:
        return self.lessons_complete and (self.passed or not self.has_quiz)

    @property
    def next_lesson_id(self) -> int | None:
        """The first lesson not yet done, in order."""
        return next((pk for pk in self.lesson_ids if pk not in self.done_lesson_ids), None)


@dataclass
class TrainingProgress:
    enrollment: Enrollment
    modules: list[ModuleProgress] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.modules)

    @property
    def completed(self) -> int:
        return sum(1 for m in self.modules if m.complete)

    @property
    def required(self) -> list[ModuleProgress]:
        return [m for m in self.modules if m.module.required]

    @property
    def required_completed(self) -> int:
        return sum(1 for m in self.required if m.complete)

    @property
    def is_complete(self) -> bool:
        """Every required module is complete (true when there is none)."""
        return all(m.complete for m in self.required)

    @property
    def gates_matching(self) -> bool:
        return self.enrollment.program.training_required and bool(self.required)

    @property
    def next_module(self) -> ModuleProgress | None:
        return next((m for m in self.modules if not m.complete), None)


def modules_for_program(*, program: Program) -> QuerySet[TrainingModule]:
    return TrainingModule.objects.filter(program=program).order_by("order", "pk")


def _modules_with_questions(program_ids: Iterable[int]) -> QuerySet[TrainingModule]:
    return (
        TrainingModule.objects.filter(program_id__in=list(program_ids))
        .annotate(question_count=Count("questions"))
        .order_by("order", "pk")
    )


def _program_modules_with_questions(program_id: int) -> QuerySet[TrainingModule]:
    return (
        TrainingModule.objects.filter(program_id=program_id)
        .annotate(question_count=Count("questions"))
        .order_by("order", "pk")
    )


_kept_modules = KeptObjects(_program_modules_with_questions, int)


def progress_for_enrollments(enrollments: Iterable[Enrollment]) -> dict[int, TrainingProgress]:
    """Training progress of many enrollments in a fixed number of queries."""
    enrollments = list(enrollments)
    result = {e.pk: TrainingProgress(enrollment=e) for e in enrollments}
    if not enrollments:
        return result
    program_ids = {e.program_id for e in enrollments}
    if len(program_ids) == 1:  # most people: one program, its SQL compiled once per process
        modules = _kept_modules.list(next(iter(program_ids)))
    else:
        modules = list(_modules_with_questions(program_ids))
    if not modules:
        return result  # no training in these programs: nothing done to read either
    lessons: dict[int, list[int]] = defaultdict(list)
    for lesson_id, module_id in (
        Lesson.objects.filter(module__in=modules)
        .order_by("order", "pk")
        .values_list("pk", "module")
    ):
        lessons[module_id].append(lesson_id)
    done: dict[int, set[int]] = defaultdict(set)
    for enrollment_id, lesson_id in LessonCompletion.objects.filter(
        enrollment__in=enrollments
    ).values_list("enrollment", "lesson"):
        done[enrollment_id].add(lesson_id)
    passed = set(
        QuizAttempt.objects.filter(enrollment__in=enrollments, passed=True).values_list(
            "enrollment", "module"
        )
    )
    for enrollment in enrollments:
        audiences = audiences_for_role(enrollment.role)
        result[enrollment.pk].modules = [
            ModuleProgress(
                module=module,
                lesson_ids=lessons[module.pk],
                done_lesson_ids=done[enrollment.pk],
                question_count=module.question_count,  # type: ignore[attr-defined]
                passed=(enrollment.pk, module.pk) in passed,
            )
            for module in modules
            if module.program_id == enrollment.program_id and module.audience in audiences
        ]
    return result


def training_progress(*, enrollment: Enrollment) -> TrainingProgress:
    return progress_for_enrollments([enrollment])[enrollment.pk]


def module_progress(*, enrollment: Enrollment, module: TrainingModule) -> ModuleProgress:
    progress = training_progress(enrollment=enrollment)
    found = next(m for m in progress.modules if m.module.pk == module.pk)
    found.last_attempt = (
        QuizAttempt.objects.filter(enrollment=enrollment, module=module)
        .order_by("-passed", "-created_at", "-id")
        .first()
    )
    return found


# Participants -------------------------------------------------------------------------------


def training_enrollments_for_person(*, person: Person) -> QuerySet[Enrollment]:
    """The person's enrollments where training still matters (not withdrawn or declined)."""
    return (
        Enrollment.objects.filter(person=person)
        .exclude(status__in=[EnrollmentStatus.WITHDRAWN, EnrollmentStatus.DECLINED])
        .select_related("program__organization")
        .order_by("-created_at", "-id")
    )


def module_get_for_enrollment(*, enrollment: Enrollment, module_id: int) -> TrainingModule:
    """A module of the enrollment's program meant for its role; else 404."""
    return get_object_or_404(
        TrainingModule.objects.filter(
            program_id=enrollment.program_id, audience__in=audiences_for_role(enrollment.role)
        ),
        pk=module_id,
    )


def lesson_get_for_enrollment(*, enrollment: Enrollment, lesson_id: int) -> Lesson:
    return get_object_or_404(
        Lesson.objects.filter(
            module__program_id=enrollment.program_id,
            module__audience__in=audiences_for_role(enrollment.role),
        ).select_related("module"),
        pk=lesson_id,
    )


def quiz_questions(*, module: TrainingModule) -> list[QuizQuestion]:
    return list(
        module.questions.order_by("order", "pk").prefetch_related(
            Prefetch("choices", queryset=QuizChoice.objects.order_by("order", "pk"))
        )
    )


def passed_attempt(*, enrollment: Enrollment, module: TrainingModule) -> QuizAttempt | None:
    return QuizAttempt.objects.filter(enrollment=enrollment, module=module, passed=True).first()


def lesson_completion(*, enrollment: Enrollment, lesson: Lesson) -> LessonCompletion | None:
    return LessonCompletion.objects.filter(enrollment=enrollment, lesson=lesson).first()


def attempt_get_for_enrollment(*, enrollment: Enrollment, attempt_id: int) -> QuizAttempt:
    return get_object_or_404(
        QuizAttempt.objects.filter(enrollment=enrollment).select_related("module"),
        pk=attempt_id,
    )


# Staff --------------------------------------------------------------------------------------


def module_get_for_staff(
    *, person: Person, program_id: int, module_id: int, roles: tuple[str, ...] | None = None
) -> TrainingModule:
    """The same 404 for a missing module, another agency's, and another program's."""
    program = program_get_for_staff(person=person, program_id=program_id, roles=roles)
    module = get_object_or_404(TrainingModule.objects.filter(program=program), pk=module_id)
    module.program = program
    return module


def module_list_for_staff(*, program: Program) -> QuerySet[TrainingModule]:
    return modules_for_program(program=program).annotate(
        lesson_count=Count("lessons", distinct=True),
        question_count=Count("questions", distinct=True),
    )


def people_with_progress(*, module: TrainingModule) -> int:
    """How many enrollments have done a lesson or taken the quiz of this module."""
    return (
        Enrollment.objects.filter(
            Q(lesson_completions__lesson__module=module) | Q(quiz_attempts__module=module)
        )
        .distinct()
        .count()
    )


def lesson_get_for_module(*, module: TrainingModule, lesson_id: int) -> Lesson:
    return get_object_or_404(Lesson.objects.filter(module=module), pk=lesson_id)


def question_get_for_module(*, module: TrainingModule, question_id: int) -> QuizQuestion:
    return get_object_or_404(
        QuizQuestion.objects.filter(module=module).prefetch_related(
            Prefetch("choices", queryset=QuizChoice.objects.order_by("order", "pk"))
        ),
        pk=question_id,
    )


def training_enrollments_for_program(*, program: Program, role: str = "") -> QuerySet[Enrollment]:
    enrollments = (
        Enrollment.objects.filter(program=program)
        .exclude(status__in=[EnrollmentStatus.WITHDRAWN, EnrollmentStatus.DECLINED])
        .select_related("person", "program")
    )
    if role:
        enrollments = enrollments.filter(role=role)
    return enrollments.order_by("status_changed_at", "pk")


def stuck_in_training(
    *, organization: Organization, now: datetime | None = None
) -> QuerySet[Enrollment]:
    """Enrollments of the agency in "training" for more than STUCK_AFTER_DAYS, longest first."""
    since = (now or timezone.now()) - timedelta(days=STUCK_AFTER_DAYS)
    return (
        Enrollment.objects.filter(
            program__organization=organization,
            status=EnrollmentStatus.TRAINING,
            status_changed_at__lt=since,
        )
        .select_related("person", "program")
        .order_by("status_changed_at", "pk")
    )


def program_has_training(*, program: Program) -> bool:
    return TrainingModule.objects.filter(program=program).exists()


def programs_with_training_counts(
    *, organization: Organization, now: datetime | None = None
) -> QuerySet[Program]:
    """The agency's programs, each with its module count and how many people have been in
    training for more than STUCK_AFTER_DAYS, in one query."""
    since = (now or timezone.now()) - timedelta(days=STUCK_AFTER_DAYS)
    stuck = Q(
        enrollments__status=EnrollmentStatus.TRAINING, enrollments__status_changed_at__lt=since
    )
    return (
        Program.objects.filter(organization=organization)
        .annotate(
            module_count=Count("training_modules", distinct=True),
            stuck_count=Count("enrollments", filter=stuck, distinct=True),
        )
        .order_by("name", "pk")
    )
