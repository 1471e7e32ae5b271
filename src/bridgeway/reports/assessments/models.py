"""Assessment instruments of a program, the questions in them (the questionnaire builder's kinds,
plus whole numbers), each sending of an instrument to a person at a moment, and the answers.
Staff-written text is stored as {language code: text}, like the questionnaire's."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.core.i18n import translated
from bridgeway.core.models import TimeStampedModel
from bridgeway.programs.models import Enrollment, EnrollmentRole, Program
from bridgeway.programs.questionnaires.models import QuestionKind


class Moment(models.TextChoices):
    BEFORE = "before", _("Before the program, when accepted")
    MIDPOINT = "midpoint", _("At the mid-point of the mentorship")
    CLOSURE = "closure", _("At the end of the mentorship")
    FOLLOW_UP_3 = "follow_up_3", _("3 months after the end")
    FOLLOW_UP_6 = "follow_up_6", _("6 months after the end")


NUMBER = "number"
# The questionnaire builder's kinds that suit an assessment, and whole numbers (applications
# sent, people in one's network) that the questionnaire does not need.
KIND_CHOICES = [
    (QuestionKind.SCALE.value, QuestionKind.SCALE.label),
    (NUMBER, _("Whole number")),
    (QuestionKind.SINGLE_CHOICE.value, QuestionKind.SINGLE_CHOICE.label),
    (QuestionKind.MULTIPLE_CHOICE.value, QuestionKind.MULTIPLE_CHOICE.label),
    (QuestionKind.TEXT.value, QuestionKind.TEXT.label),
]
NUMERIC_KINDS = (QuestionKind.SCALE.value, NUMBER)


class Instrument(TimeStampedModel):
    """A set of questions a program asks its mentees or its mentors at chosen moments.
    `ready_made` names the ready-made instrument it was added from ("" when built by hand):
    its question keys are the same in every program, so the network can add them up."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="assessment_instruments"
    )
    audience = models.CharField(_("asked of"), max_length=10, choices=EnrollmentRole.choices)
    title = models.JSONField(_("title"), default=dict)
    intro = models.JSONField(_("introduction"), default=dict, blank=True)
    moments = models.JSONField(_("moments"), default=list)
    ready_made = models.CharField(_("ready-made instrument"), max_length=20, blank=True)
    is_active = models.BooleanField(_("sent to participants"), default=True)

    class Meta:
        verbose_name = _("assessment instrument")
        verbose_name_plural = _("assessment instruments")
        ordering = ["program", "audience", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "audience", "ready_made"],
                condition=~Q(ready_made=""),
                name="instrument_ready_made_once",
            )
        ]

    def __str__(self) -> str:
        return translated(self.title)

    @property
    def name(self) -> str:
        return translated(self.title)

    @property
    def introduction(self) -> str:
        return translated(self.intro)

    def moment_labels(self) -> list[str]:
        return [str(Moment(m).label) for m in Moment.values if m in self.moments]


class InstrumentQuestion(TimeStampedModel):
    """One question of an instrument. It has the fields of a questionnaire question that its
    kinds read (choices, scale, longest text), so the questionnaire's checks and form fields
    serve it as they are. For a whole number, `scale_min` and `scale_max` bound it.
    `moments` lists the moments it is asked at; empty means every moment of the instrument."""

    rule_params: ClassVar[dict[str, Any]] = {}  # no matching rule: read by the shared checks

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(_("key"), max_length=50)
    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES)
    text = models.JSONField(_("question"), default=dict)
    help_text = models.JSONField(_("help text"), default=dict, blank=True)
    is_required = models.BooleanField(_("required"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    scale_min = models.SmallIntegerField(_("lowest value"), null=True, blank=True)
    scale_max = models.IntegerField(_("highest value"), null=True, blank=True)
    scale_min_label = models.JSONField(_("label of the lowest value"), default=dict, blank=True)
    scale_max_label = models.JSONField(_("label of the highest value"), default=dict, blank=True)
    max_length = models.PositiveIntegerField(_("longest answer (characters)"), default=1000)
    moments = models.JSONField(_("asked at"), default=list, blank=True)

    class Meta:
        verbose_name = _("assessment question")
        verbose_name_plural = _("assessment questions")
        ordering = ["instrument", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "key"], name="instrument_question_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key}: {translated(self.text)}"

    @property
    def label(self) -> str:
        return translated(self.text)

    @property
    def help(self) -> str:
        return translated(self.help_text)

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    def choice_labels(self) -> dict[str, str]:
        return {choice["value"]: translated(choice["label"]) for choice in self.choices}

    def asked_at(self, moment: str) -> bool:
        return not self.moments or moment in self.moments


class Assessment(models.Model):
    """An instrument sent to one enrollment at one moment: at most one per moment, so a job
    that runs twice sends nothing twice. `completed_at` is set when the person answers."""

    Moment = Moment

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="assessments")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="assessments")
    moment = models.CharField(_("moment"), max_length=20, choices=Moment.choices)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    completed_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "enrollment", "moment"], name="assessment_once_per_moment"
            )
        ]
        indexes = [models.Index(fields=["enrollment", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.instrument_id} · {self.enrollment_id} · {self.moment}"

    @property
    def is_answered(self) -> bool:
        return self.completed_at is not None


class AssessmentAnswer(models.Model):
    """One answer, as JSON checked against its question's kind (the questionnaire's values.py,
    and whole numbers here)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        InstrumentQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    value = models.JSONField(_("answer"))

    class Meta:
        verbose_name = _("assessment answer")
        verbose_name_plural = _("assessment answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="assessment_answer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} · {self.question_id}"


__all__ = [
    "Assessment",
    "AssessmentAnswer",
    "Instrument",
    "InstrumentQuestion",
    "Moment",
]
