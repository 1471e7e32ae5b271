"""State changes for training that staff make: modules, the default orientations and lessons
(quiz questions are in quizzes.py; participants' steps in progress.py and quizzes.py). Taking
away the last requirement people were missing makes them ready to match."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bridgeway.core.i18n import translated
from bridgeway.core.ordering import order_move
from bridgeway.core.services import DomainError, audit_record, changed_fields
from bridgeway.learning.models import (
    Audience,
    Lesson,
    LessonCompletion,
    QuizChoice,
    QuizQuestion,
    TrainingModule,
)
from bridgeway.learning.orientation import DEFAULT_ORIENTATIONS
from bridgeway.learning.selectors import progress_for_enrollments
from bridgeway.programs.models import Enrollment, EnrollmentStatus, Program
from bridgeway.programs.requirements import requirement_lifted

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

# Fields of a module whose change can take a requirement off someone (the audience: off a role).
REQUIREMENT_FIELDS = {"required", "audience"}
# Progress of the people in training is read this many enrollments at a time.
PROGRESS_BATCH = 500


def default_text(value: dict[str, str]) -> str:
    """Staff text in the site's language, for audit summaries."""
    return translated(value, settings.LANGUAGE_CODE)


def require_text(value: Any, field: str) -> None:
    if not isinstance(value, dict) or not str(value.get(settings.LANGUAGE_CODE, "")).strip():
        language = dict(settings.LANGUAGES)[settings.LANGUAGE_CODE]
        raise DomainError(
            _("Write this text at least in %(language)s.") % {"language": language}, field=field
        )


def next_order(items: models.QuerySet[Any]) -> int:
    return (items.aggregate(top=Max("order"))["top"] or 0) + 1


# Lifting a requirement (programs/requirements.py) ----------------------------------------------
# A required module deleted or made optional, or its last unread lesson or its quiz deleted.


def held_back_by_training(program: Program) -> list[Enrollment]:
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


def release_training(
    held_back: list[Enrollment], *, module: TrainingModule, reason: Promise
) -> None:
    """After a change to `module`, move on those of `held_back` whose training is now complete
    and whom nothing else blocks. `reason` names the module as %(module)s."""
    done = [enrollment for enrollment, complete in _progress(held_back) if complete]
    title = module.title
    requirement_lifted(held_back=done, reason=reason, names={"module": lambda: translated(title)})


# Modules ------------------------------------------------------------------------------------


def _module_fields(
    *, title: dict[str, str], summary: dict[str, str], audience: str, required: bool, pass_mark: int
) -> dict[str, Any]:
    """The module's stored fields, checked."""
    require_text(title, "title")
    if audience not in Audience.values:
        raise DomainError(_("Choose who takes this module."), field="audience")
    if isinstance(pass_mark, bool) or not isinstance(pass_mark, int) or not 0 <= pass_mark <= 100:
        raise DomainError(_("Give a pass mark from 0 to 100."), field="pass_mark")
    return {
        "title": title,
        "summary": summary or {},
        "audience": audience,
        "required": bool(required),
        "pass_mark": pass_mark,
    }


@transaction.atomic
def module_create(
    *,
    program: Program,
    by: Person,
    title: dict[str, str],
    audience: str,
    pass_mark: int,
    summary: dict[str, str] | None = None,
    required: bool = True,
) -> TrainingModule:
    fields = _module_fields(
        title=title,
        summary=summary or {},
        audience=audience,
        required=required,
        pass_mark=pass_mark,
    )
    module = TrainingModule.objects.create(
        program=program, order=next_order(TrainingModule.objects.filter(program=program)), **fields
    )
    audit_record(
        actor=by,
        organization=program.organization,
        action="training.module.create",
        target=module,
        summary=default_text(module.title),
    )
    return module


@transaction.atomic
def module_update(
    *,
    module: TrainingModule,
    by: Person,
    title: dict[str, str],
    audience: str,
    pass_mark: int,
    summary: dict[str, str] | None = None,
    required: bool = True,
) -> TrainingModule:
    fields = _module_fields(
        title=title,
        summary=summary or {},
        audience=audience,
        required=required,
        pass_mark=pass_mark,
    )
    changes = changed_fields(module, fields)
    if not changes:
        return module
    lifts = module.required and bool(REQUIREMENT_FIELDS & changes.keys())
    held_back = held_back_by_training(module.program) if lifts else []
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
        release_training(held_back, module=module, reason=reason)
    return module


@transaction.atomic
def module_delete(*, module: TrainingModule, by: Person) -> None:
    """Delete a module with its lessons, quiz and everyone's progress in it; the people it
    alone held back become ready."""
    held_back = held_back_by_training(module.program) if module.required else []
    audit_record(
        actor=by,
        organization=module.program.organization,
        action="training.module.delete",
        target=module,
        summary=default_text(module.title),
        data={
            "lessons_done": LessonCompletion.objects.filter(lesson__module=module).count(),
            "quiz_attempts": module.quiz_attempts.count(),
        },
    )
    module.delete()
    release_training(
        held_back,
        module=module,
        reason=gettext_lazy("Training requirement removed: the module “%(module)s” was deleted."),
    )


@transaction.atomic
def module_move(*, module: TrainingModule, by: Person, direction: str) -> None:
    if order_move(
        rows=TrainingModule.objects.filter(program=module.program_id),
        item=module,
        direction=direction,
    ):
        audit_record(
            actor=by,
            organization=module.program.organization,
            action="training.module.move",
            target=module,
            summary=f"{default_text(module.title)} {direction}",
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
                order=next_order(TrainingModule.objects.filter(program=program)),
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
        summary=default_text(module.title),
    )
    return module


# Lessons ------------------------------------------------------------------------------------


def _lesson_fields(
    *,
    kind: str,
    title: dict[str, str],
    body: dict[str, str] | None,
    video_url: str | None,
    discussion: dict[str, str] | None,
) -> dict[str, Any]:
    """The lesson's stored fields, checked: a video address only on a video, a discussion only
    on a scenario."""
    if kind not in Lesson.Kind.values:
        raise DomainError(_("Choose the kind of lesson."), field="kind")
    require_text(title, "title")
    url = video_url or ""
    if kind == Lesson.Kind.VIDEO:
        if not url:
            raise DomainError(_("Give the address of the video."), field="video_url")
        if not url.startswith("https://"):
            raise DomainError(
                _("Use a secure address that starts with https://."), field="video_url"
            )
        if not translated(body):
            raise DomainError(
                _("Write a transcript or a description, for people who cannot play the video."),
                field="body",
            )
    if kind == Lesson.Kind.SCENARIO:
        require_text(body, "body")
        require_text(discussion, "discussion")
    elif kind in (Lesson.Kind.TEXT, Lesson.Kind.ETIQUETTE):
        require_text(body, "body")
    return {
        "kind": kind,
        "title": title or {},
        "body": body or {},
        "video_url": url if kind == Lesson.Kind.VIDEO else "",
        "discussion": (discussion or {}) if kind == Lesson.Kind.SCENARIO else {},
    }


@transaction.atomic
def lesson_create(
    *,
    module: TrainingModule,
    by: Person,
    kind: str,
    title: dict[str, str],
    body: dict[str, str] | None = None,
    video_url: str | None = None,
    discussion: dict[str, str] | None = None,
) -> Lesson:
    fields = _lesson_fields(
        kind=kind, title=title, body=body, video_url=video_url, discussion=discussion
    )
    lesson = Lesson.objects.create(module=module, order=next_order(module.lessons.all()), **fields)
    audit_record(
        actor=by,
        organization=module.program.organization,
        action="training.lesson.create",
        target=lesson,
        summary=default_text(lesson.title),
    )
    return lesson


@transaction.atomic
def lesson_update(
    *,
    lesson: Lesson,
    by: Person,
    kind: str,
    title: dict[str, str],
    body: dict[str, str] | None = None,
    video_url: str | None = None,
    discussion: dict[str, str] | None = None,
) -> Lesson:
    fields = _lesson_fields(
        kind=kind, title=title, body=body, video_url=video_url, discussion=discussion
    )
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
    held_back = held_back_by_training(module.program) if module.required else []
    audit_record(
        actor=by,
        organization=module.program.organization,
        action="training.lesson.delete",
        target=lesson,
        summary=default_text(lesson.title),
    )
    lesson.delete()
    release_training(
        held_back,
        module=module,
        reason=gettext_lazy(
            "Training requirement removed: a lesson of the module “%(module)s” was deleted."
        ),
    )


@transaction.atomic
def lesson_move(*, lesson: Lesson, by: Person, direction: str) -> None:
    if order_move(rows=lesson.module.lessons.all(), item=lesson, direction=direction):
        audit_record(
            actor=by,
            organization=lesson.module.program.organization,
            action="training.lesson.move",
            target=lesson,
            summary=f"{default_text(lesson.title)} {direction}",
        )
