"""Participants' steps through training: a lesson done, and (in quizzes.py) a quiz taken.
Finishing the required training makes a person ready to match."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from bridgeway.core.services import DomainError
from bridgeway.learning.models import Lesson, LessonCompletion, TrainingModule
from bridgeway.learning.selectors import module_progress
from bridgeway.programs.models import Enrollment
from bridgeway.programs.services import ACTIVE_STATUSES, enrollment_advance_if_ready


@dataclass(frozen=True)
class Progressed:
    """What a participant's step changed: the module is now complete, the person is now ready."""

    module_complete: bool
    became_ready: bool


def check_can_train(enrollment: Enrollment) -> None:
    if enrollment.status not in ACTIVE_STATUSES:
        raise DomainError(_("This enrollment has ended, so its training can no longer change."))


def after_step(enrollment: Enrollment, module: TrainingModule) -> Progressed:
    complete = module_progress(enrollment=enrollment, module=module).complete
    became_ready = complete and enrollment_advance_if_ready(enrollment=enrollment)
    return Progressed(module_complete=complete, became_ready=became_ready)


@transaction.atomic
def lesson_complete(*, enrollment: Enrollment, lesson: Lesson) -> Progressed:
    """Mark a lesson done; doing it twice changes nothing."""
    check_can_train(enrollment)
    try:
        with transaction.atomic():
            LessonCompletion.objects.create(enrollment=enrollment, lesson=lesson)
    except IntegrityError:
        pass  # already done: a double click or a second tab
    return after_step(enrollment, lesson.module)
