"""Orientation and training: modules per program and role, their lessons and quiz, and each
participant's progress. Staff-written text is stored as {language code: text} (core.i18n)."""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.core.i18n import translated
from bridgeway.core.models import TimeStampedModel
from bridgeway.learning.library.models import (
    Resource,
    ResourceTopic,
    ResourceVersion,
    ResourceView,
)
from bridgeway.programs.models import Enrollment, EnrollmentRole, Program

# The resource library's models live in learning/library/models.py; Django finds them here.
LIBRARY_MODELS = [Resource, ResourceTopic, ResourceVersion, ResourceView]


class Audience(models.TextChoices):
    MENTOR = "mentor", _("Mentors")
    MENTEE = "mentee", _("Mentees")
    BOTH = "both", _("Mentors and mentees")


def audiences_for_role(role: str) -> list[str]:
    """The audiences whose modules a person in `role` takes."""
    return [Audience.BOTH, Audience.MENTOR if role == EnrollmentRole.MENTOR else Audience.MENTEE]


class TrainingModule(TimeStampedModel):
    """A unit of orientation for one program: lessons read in order, then an optional quiz."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="training_modules")
    audience = models.CharField(
        _("who takes it"), max_length=10, choices=Audience.choices, default=Audience.BOTH
    )
    title = models.JSONField(_("title"), default=dict)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    required = models.BooleanField(
        _("required before matching"),
        default=True,
        help_text=_("When the program requires training, people must finish this module first."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=80,
        validators=[MaxValueValidator(100)],
        help_text=_("The share of quiz questions a person must answer right, from 0 to 100."),
    )
    # Which default orientation this module was copied from; one copy per program.
    source = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__lte=100), name="training_module_pass_mark_at_most_100"
            ),
            models.UniqueConstraint(
                fields=["program", "source"],
                condition=~Q(source=""),
                name="training_module_one_copy_of_each_default",
            ),
        ]

    def __str__(self) -> str:
        return translated(self.title)

    @property
    def title_text(self) -> str:
        return translated(self.title)

    @property
    def summary_text(self) -> str:
        return translated(self.summary)


class Lesson(TimeStampedModel):
    """One page of a module. `body` is the text, the video's transcript or description, or a
    scenario's situation; `discussion` is a scenario's "what would you do" text."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Reading")
        VIDEO = "video", _("Video")
        SCENARIO = "scenario", _("Sample scenario")
        ETIQUETTE = "etiquette", _("Online etiquette")

    module = models.ForeignKey(TrainingModule, on_delete=models.CASCADE, related_name="lessons")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.TEXT)
    title = models.JSONField(_("title"), default=dict)
    body = models.JSONField(_("text"), default=dict, blank=True)
    video_url = models.URLField(_("video address"), max_length=500, blank=True)
    discussion = models.JSONField(_("what would you do?"), default=dict, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="video") | Q(video_url__startswith="https://"),
                name="lesson_video_has_https_address",
            )
        ]

    def __str__(self) -> str:
        return translated(self.title)

    @property
    def title_text(self) -> str:
        return translated(self.title)

    @property
    def body_text(self) -> str:
        return translated(self.body)

    @property
    def discussion_text(self) -> str:
        return translated(self.discussion)


class QuizQuestion(TimeStampedModel):
    """A question of a module's quiz. Several correct choices make it "choose all that apply"."""

    module = models.ForeignKey(TrainingModule, on_delete=models.CASCADE, related_name="questions")
    text = models.JSONField(_("question"), default=dict)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return translated(self.text)

    @property
    def question_text(self) -> str:
        return translated(self.text)


class QuizChoice(models.Model):
    question = models.ForeignKey(QuizQuestion, on_delete=models.CASCADE, related_name="choices")
    text = models.JSONField(_("answer"), default=dict)
    is_correct = models.BooleanField(_("correct"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("quiz answer")
        verbose_name_plural = _("quiz answers")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return translated(self.text)

    @property
    def answer_text(self) -> str:
        return translated(self.text)


class LessonCompletion(models.Model):
    """A participant has read a lesson. One row per enrollment and lesson."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="lesson_completions"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(_("completed"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "lesson"], name="lesson_completion_once_per_enrollment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: lesson {self.lesson_id}"


class QuizAttempt(models.Model):
    """One submitted quiz. `answers` maps question ids to the chosen choice ids; the same form
    sent twice (same submission key) is stored once, and a module is passed at most once."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    module = models.ForeignKey(
        TrainingModule, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    score = models.PositiveSmallIntegerField(_("score (%)"), validators=[MaxValueValidator(100)])
    passed = models.BooleanField(_("passed"))
    answers = models.JSONField(_("answers"), default=dict)
    submission_key = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "module", "submission_key"],
                name="quiz_attempt_once_per_submission",
            ),
            models.UniqueConstraint(
                fields=["enrollment", "module"],
                condition=Q(passed=True),
                name="quiz_attempt_passed_once",
            ),
            models.CheckConstraint(condition=Q(score__lte=100), name="quiz_attempt_score_le_100"),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: module {self.module_id} {self.score}%"
