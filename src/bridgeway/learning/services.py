"""State changes for training: staff build modules, lessons and quizzes; participants complete
lessons and take quizzes, and finishing the required training makes them ready to match (as
does staff taking away the last requirement they were missing)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bridgeway.core.i18n import translated
from bridgeway.core.services import DomainError, audit_record, changed_fields
from bridgeway.learning.models import (
    Audience,
    Lesson,
    LessonCompletion,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
    TrainingModule,
)
from bridgeway.learning.orientation import DEFAULT_ORIENTATIONS
from bridgeway.learning.selectors import module_progress, progress_for_enrollments, quiz_questions
from bridgeway.programs.models import Enrollment, EnrollmentStatus, Program
from bridgeway.programs.services import (
    ACTIVE_STATUSES,
    enrollment_advance_if_ready,
    enrollments_advance_if_ready,
)

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

MODULE_FIELDS = ["audience", "title", "summary", "required", "pass_mark"]
LESSON_FIELDS = ["kind", "title", "body", "video_url", "discussion"]
MIN_CHOICES = 2
# Fields of a module whose change can take a requirement off someone (the audience: off a role).
REQUIREMENT_FIELDS = {"required", "audience"}
# Progress of the people in training is read this many enrollments at a time.
PROGRESS_BATCH = 500


def _default_text(value: dict[str, str]) -> str:
    """Staff text in the site's language, for audit summaries."""
    return translated(value, settings.LANGUAGE_CODE)


def _require_text(value: Any, field: str) -> None:
    if not isinstance(value, dict) or not str(value.get(settings.LANGUAGE_CODE, "")).strip():
        language = dict(settings.LANGUAGES)[settings.LANGUAGE_CODE]
        raise DomainError(
            _("Write this text at least in %(language)s.") % {"language": language}, field=field
        )


def _next_order(items: models.QuerySet[Any]) -> int:
    return (items.aggregate(top=Max("order"))["top"] or 0) + 1


def _move(items: models.QuerySet[Any], item: models.Model, direction: str) -> bool:
    """Swap an item with its neighbour and number the list 1..n; False at either end."""
    if direction not in ("up", "down"):
        raise DomainError(_("Choose to move it up or down."), field="direction")
    ordered = list(items.select_for_update().order_by("order", "pk"))
    index = [other.pk for other in ordered].index(item.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(ordered):
        return False
    ordered[index], ordered[target] = ordered[target], ordered[index]
    changed = []
    for position, other in enumerate(ordered, start=1):
        if other.order != position:
            other.order = position
            changed.append(other)
    type(item).objects.bulk_update(changed, ["order"])  # type: ignore[attr-defined]
    return True


# Lifting a requirement -----------------------------------------------------------------------
# A staff change that takes a requirement away (a required module deleted or made optional, or
# its last unread lesson or its quiz deleted) is the last step for the people it held back. Read
# who is held back before the change, and after it move on those whose training is now complete,
# as if they had finished the module themselves. Adding a requirement moves nobody back.


def _held_back(program: Program) -> list[Enrollment]:
    """The program's people in training whose required training is not complete."""
    if not program.training_required:
        return []  # training holds nobody back here
    waiting = Enrollment.objects.filter(
        program=program, status=EnrollmentStatus.TRAINING
    ).select_related("person")
    return [e for e, complete in _progress(list(waiting.order_by("pk"))) if not complete]


def _progress(enrollments: list[Enrollment]) -> list[tuple[Enrollment, bool]]:
    """Each enrollment with whether its required training is complete."""
    result = []
    for start in range(0, len(enrollments), PROGRESS_BATCH):
        batch = enrollments[start : start + PROGRESS_BATCH]
        progress = progress_for_enrollments(batch)
        result += [(e, progress[e.pk].is_complete) for e in batch]
    return result


def _release(held_back: list[Enrollment], *, module: TrainingModule, reason: Promise) -> None:
    """After a change to `module`, move on those of `held_back` whose training is now complete
    and whom nothing else blocks. `reason` names the module as %(module)s."""
    done = [enrollment for enrollment, complete in _progress(held_back) if complete]
    title = module.title
    enrollments_advance_if_ready(
        enrollments=done, reason=lambda: str(reason) % {"module": translated(title)}
    )


# Modules ------------------------------------------------------------------------------------


def _check_module(data: dict[str, Any]) -> None:
    _require_text(data.get("title"), "title")
    if data.get("audience") not in Audience.values:
        raise DomainError(_("Choose who takes this module."), field="audience")
    pass_mark = data.get("pass_mark")
    if not isinstance(pass_mark, int) or not 0 <= pass_mark <= 100:
        raise DomainError(_("Give a pass mark from 0 to 100."), field="pass_mark")


@transaction.atomic
def module_create(*, program: Program, by: Person, data: dict[str, Any]) -> TrainingModule:
    _check_module(data)
    fields = {name: data[name] for name in MODULE_FIELDS}
    module = TrainingModule.objects.create(
        program=program, order=_next_order(TrainingModule.objects.filter(program=program)), **fields
    )
    audit_record(
        actor=by,
        organization=program.organization,
        action="training.module.create",
        target=module,
        summary=_default_text(module.title),
    )
    return module


@transaction.atomic
def module_update(*, module: TrainingModule, by: Person, data: dict[str, Any]) -> TrainingModule:
    _check_module(data)
    fields = {name: data[name] for name in MODULE_FIELDS}
    changes = changed_fields(module, fields)
    if not changes:
        return module
    lifts = module.required and bool(REQUIREMENT_FIELDS & changes.keys())
    held_back = _held_back(module.program) if lifts else []
    for name, value in fields.items():
        setattr(module, name, value)
    module.save()
    audit_record(
        actor=by,
        organization=module.program.organization,
        action="training.module.update",
        target=module,
        summary=", ".join(sorted(changes)),
        data={"changes": changes},
    )
    if held_back:
        reason = (
            gettext_lazy("Training requirement removed: the module “%(module)s” is now optional.")
            if not module.required
            else gettext_lazy(
                "Training requirement removed: the module “%(module)s” is no longer part of "
                "this role's training."
            )
        )
        _release(held_back, module=module, reason=reason)
    return module


@transaction.atomic
def module_delete(*, module: TrainingModule, by: Person) -> None:
    """Delete a module with its lessons, quiz and everyone's progress in it; the people it
    alone held back become ready."""
    held_back = _held_back(module.program) if module.required else []
    audit_record(
        actor=by,
        organization=module.program.organization,
        action="training.module.delete",
        target=module,
        summary=_default_text(module.title),
        data={
            "lessons_done": LessonCompletion.objects.filter(lesson__module=module).count(),
            "quiz_attempts": module.quiz_attempts.count(),
        },
    )
    module.delete()
    _release(
        held_back,
        module=module,
        reason=gettext_lazy("Training requirement removed: the module “%(module)s” was deleted."),
    )


@transaction.atomic
def module_move(*, module: TrainingModule, by: Person, direction: str) -> None:
    if _move(TrainingModule.objects.filter(program=module.program_id), module, direction):
        audit_record(
            actor=by,
            organization=module.program.organization,
            action="training.module.move",
            target=module,
            summary=f"{_default_text(module.title)} {direction}",
        )


@transaction.atomic
def orientation_copy(*, program: Program, by: Person, audience: str) -> TrainingModule:
    """Copy the product's default orientation for mentors or mentees into a program."""
    seed = DEFAULT_ORIENTATIONS.get(audience)
    if seed is None:
        raise DomainError(_("Choose the mentor or the mentee orientation."), field="audience")
    if TrainingModule.objects.filter(program=program).filter(source=seed.key).exists():
        raise DomainError(
            _("This program already has this orientation. Edit the copy it has."),
            field="audience",
        )
    try:
        with transaction.atomic():
            module = TrainingModule.objects.create(
                program=program,
                audience=seed.audience,
                title=dict(seed.title),
                summary=dict(seed.summary),
                pass_mark=seed.pass_mark,
                required=True,
                source=seed.key,
                order=_next_order(TrainingModule.objects.filter(program=program)),
            )
    except IntegrityError:
        raise DomainError(
            _("This program already has this orientation. Edit the copy it has."),
            field="audience",
        ) from None
    Lesson.objects.bulk_create(
        Lesson(
            module=module,
            kind=lesson.kind,
            title=dict(lesson.title),
            body=dict(lesson.body),
            discussion=dict(lesson.discussion),
            order=position,
        )
        for position, lesson in enumerate(seed.lessons, start=1)
    )
    for position, question in enumerate(seed.questions, start=1):
        created = QuizQuestion.objects.create(
            module=module, text=dict(question.text), order=position
        )
        QuizChoice.objects.bulk_create(
            QuizChoice(question=created, text=dict(text), is_correct=correct, order=number)
            for number, (text, correct) in enumerate(question.choices, start=1)
        )
    audit_record(
        actor=by,
        organization=program.organization,
        action="training.orientation.copy",
        target=module,
        summary=_default_text(module.title),
    )
    return module


# Lessons ------------------------------------------------------------------------------------


def _check_lesson(data: dict[str, Any]) -> None:
    kind = data.get("kind")
    if kind not in Lesson.Kind.values:
        raise DomainError(_("Choose the kind of lesson."), field="kind")
    _require_text(data.get("title"), "title")
    url = str(data.get("video_url") or "")
    if kind == Lesson.Kind.VIDEO:
        if not url:
            raise DomainError(_("Give the address of the video."), field="video_url")
        if not url.startswith("https://"):
            raise DomainError(
                _("Use a secure address that starts with https://."), field="video_url"
            )
        if not translated(data.get("body")):
            raise DomainError(
                _("Write a transcript or a description, for people who cannot play the video."),
                field="body",
            )
    if kind == Lesson.Kind.SCENARIO:
        _require_text(data.get("body"), "body")
        _require_text(data.get("discussion"), "discussion")
    elif kind in (Lesson.Kind.TEXT, Lesson.Kind.ETIQUETTE):
        _require_text(data.get("body"), "body")


def _lesson_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The stored fields: a video address only on a video, a discussion only on a scenario."""
    kind = data["kind"]
    return {
        "kind": kind,
        "title": data.get("title") or {},
        "body": data.get("body") or {},
        "video_url": (data.get("video_url") or "") if kind == Lesson.Kind.VIDEO else "",
        "discussion": (data.get("discussion") or {}) if kind == Lesson.Kind.SCENARIO else {},
    }


@transaction.atomic
def lesson_create(*, module: TrainingModule, by: Person, data: dict[str, Any]) -> Lesson:
    _check_lesson(data)
    lesson = Lesson.objects.create(
        module=module, order=_next_order(module.lessons.all()), **_lesson_fields(data)
    )
    audit_record(
        actor=by,
        organization=module.program.organization,
        action="training.lesson.create",
        target=lesson,
        summary=_default_text(lesson.title),
    )
    return lesson


@transaction.atomic
def lesson_update(*, lesson: Lesson, by: Person, data: dict[str, Any]) -> Lesson:
    _check_lesson(data)
    fields = _lesson_fields(data)
    changes = changed_fields(lesson, fields)
    if not changes:
        return lesson
    for name, value in fields.items():
        setattr(lesson, name, value)
    lesson.save()
    audit_record(
        actor=by,
        organization=lesson.module.program.organization,
        action="training.lesson.update",
        target=lesson,
        summary=", ".join(sorted(changes)),
        data={"changes": changes},
    )
    return lesson


@transaction.atomic
def lesson_delete(*, lesson: Lesson, by: Person) -> None:
    """Delete a lesson; whoever had read all the others (and passed the quiz) has finished."""
    module = lesson.module
    held_back = _held_back(module.program) if module.required else []
    audit_record(
        actor=by,
        organization=module.program.organization,
        action="training.lesson.delete",
        target=lesson,
        summary=_default_text(lesson.title),
    )
    lesson.delete()
    _release(
        held_back,
        module=module,
        reason=gettext_lazy(
            "Training requirement removed: a lesson of the module “%(module)s” was deleted."
        ),
    )


@transaction.atomic
def lesson_move(*, lesson: Lesson, by: Person, direction: str) -> None:
    if _move(lesson.module.lessons.all(), lesson, direction):
        audit_record(
            actor=by,
            organization=lesson.module.program.organization,
            action="training.lesson.move",
            target=lesson,
            summary=f"{_default_text(lesson.title)} {direction}",
        )


# Quiz questions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceData:
    text: dict[str, str]
    is_correct: bool


def _check_question(text: dict[str, str], choices: Sequence[ChoiceData]) -> list[ChoiceData]:
    _require_text(text, "text")
    for number, choice in enumerate(choices, start=1):
        if choice.is_correct and not translated(choice.text):
            raise DomainError(
                _("Answer %(number)s is marked correct but has no text.") % {"number": number},
                field=f"choice_{number}",
            )
        if translated(choice.text):
            _require_text(choice.text, f"choice_{number}")
    kept = [choice for choice in choices if translated(choice.text)]
    if len(kept) < MIN_CHOICES:
        raise DomainError(_("Give at least two answers."), field="choice_1")
    if not any(choice.is_correct for choice in kept):
        raise DomainError(_("Mark at least one answer as correct."), field="choice_1")
    return kept


@transaction.atomic
def question_save(
    *,
    module: TrainingModule,
    by: Person,
    text: dict[str, str],
    choices: Sequence[ChoiceData],
    question: QuizQuestion | None = None,
) -> QuizQuestion:
    """Create a question, or edit one keeping its answers' ids so past results still read."""
    kept = _check_question(text, choices)
    if question is None:
        question = QuizQuestion.objects.create(
            module=module, text=text, order=_next_order(module.questions.all())
        )
        action = "training.question.create"
    else:
        question.text = text
        question.save()
        action = "training.question.update"
    existing = list(question.choices.order_by("order", "pk"))
    for position, choice in enumerate(kept, start=1):
        if position <= len(existing):
            row = existing[position - 1]
            row.text, row.is_correct, row.order = choice.text, choice.is_correct, position
            row.save()
        else:
            QuizChoice.objects.create(
                question=question, text=choice.text, is_correct=choice.is_correct, order=position
            )
    QuizChoice.objects.filter(pk__in=[row.pk for row in existing[len(kept) :]]).delete()
    audit_record(
        actor=by,
        organization=module.program.organization,
        action=action,
        target=question,
        summary=_default_text(question.text),
    )
    return question


@transaction.atomic
def question_delete(*, question: QuizQuestion, by: Person) -> None:
    """Delete a question. Past results stand; deleting the last question deletes the quiz, so
    whoever has read every lesson has finished the module."""
    module = question.module
    last = not module.questions.exclude(pk=question.pk).exists()
    held_back = _held_back(module.program) if module.required and last else []
    audit_record(
        actor=by,
        organization=module.program.organization,
        action="training.question.delete",
        target=question,
        summary=_default_text(question.text),
    )
    question.delete()
    _release(
        held_back,
        module=module,
        reason=gettext_lazy(
            "Training requirement removed: the quiz of the module “%(module)s” was deleted."
        ),
    )


@transaction.atomic
def question_move(*, question: QuizQuestion, by: Person, direction: str) -> None:
    if _move(question.module.questions.all(), question, direction):
        audit_record(
            actor=by,
            organization=question.module.program.organization,
            action="training.question.move",
            target=question,
            summary=f"{_default_text(question.text)} {direction}",
        )


# Participants -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progressed:
    """What a participant's step changed: the module is now complete, the person is now ready."""

    module_complete: bool
    became_ready: bool


@dataclass(frozen=True)
class QuizResult:
    attempt: QuizAttempt
    module_complete: bool
    became_ready: bool


def _check_can_train(enrollment: Enrollment) -> None:
    if enrollment.status not in ACTIVE_STATUSES:
        raise DomainError(_("This enrollment has ended, so its training can no longer change."))


def _after_step(enrollment: Enrollment, module: TrainingModule) -> Progressed:
    complete = module_progress(enrollment=enrollment, module=module).complete
    became_ready = complete and enrollment_advance_if_ready(enrollment=enrollment)
    return Progressed(module_complete=complete, became_ready=became_ready)


@transaction.atomic
def lesson_complete(*, enrollment: Enrollment, lesson: Lesson) -> Progressed:
    """Mark a lesson done; doing it twice changes nothing."""
    _check_can_train(enrollment)
    try:
        with transaction.atomic():
            LessonCompletion.objects.create(enrollment=enrollment, lesson=lesson)
    except IntegrityError:
        pass  # already done: a double click or a second tab
    return _after_step(enrollment, lesson.module)


def _score(
    questions: list[QuizQuestion], answers: dict[int, list[int]]
) -> tuple[int, dict[str, list[int]]]:
    """The score out of 100 and the answers as stored. A question counts as right when exactly
    its correct answers are chosen."""
    right = 0
    stored: dict[str, list[int]] = {}
    for number, question in enumerate(questions, start=1):
        choices = list(question.choices.all())
        chosen = sorted(set(answers.get(question.pk) or []))
        if not chosen:
            raise DomainError(
                _("Answer question %(number)s.") % {"number": number}, field="answers"
            )
        valid = {choice.pk for choice in choices}
        if not set(chosen) <= valid:
            raise DomainError(
                _("Question %(number)s has no such answer. Reload the quiz and try again.")
                % {"number": number},
                field="answers",
            )
        correct = {choice.pk for choice in choices if choice.is_correct}
        if len(correct) == 1 and len(chosen) > 1:
            raise DomainError(
                _("Question %(number)s takes one answer only.") % {"number": number},
                field="answers",
            )
        right += set(chosen) == correct
        stored[str(question.pk)] = chosen
    return round(100 * right / len(questions)), stored


@transaction.atomic
def quiz_submit(
    *,
    enrollment: Enrollment,
    module: TrainingModule,
    answers: dict[int, list[int]],
    submission_key: uuid.UUID | None = None,
) -> QuizResult:
    """Score a quiz and save the attempt. The same form sent twice is saved once; after a pass
    the quiz is closed, after a fail it can be taken again."""
    _check_can_train(enrollment)
    key = submission_key or uuid.uuid4()
    # One person's attempts at a time, so that "passed once" and the key are checked safely.
    Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()
    earlier = QuizAttempt.objects.filter(enrollment=enrollment, module=module)
    repeated = earlier.filter(submission_key=key).first()
    if repeated is not None:
        return QuizResult(attempt=repeated, module_complete=False, became_ready=False)
    if earlier.filter(passed=True).exists():
        raise DomainError(_("You have already passed this quiz."))
    questions = quiz_questions(module=module)
    if not questions:
        raise DomainError(_("This module has no quiz."))
    score, stored = _score(questions, answers)
    try:
        with transaction.atomic():
            attempt = QuizAttempt.objects.create(
                enrollment=enrollment,
                module=module,
                score=score,
                passed=score >= module.pass_mark,
                answers=stored,
                submission_key=key,
            )
    except IntegrityError:
        raise DomainError(_("You have already passed this quiz.")) from None
    step = _after_step(enrollment, module)
    return QuizResult(
        attempt=attempt, module_complete=step.module_complete, became_ready=step.became_ready
    )
