"""Screening: a program's checklist (references, interview, police check) with the checks
recorded for each enrollment, and the mentor self-assessment that a program configures.

Text that staff write is stored as {language code: text} and read with core.i18n.translated."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.core.i18n import translated
from bridgeway.core.models import TimeStampedModel
from bridgeway.programs.models import Enrollment, Program


class ScreeningItem(TimeStampedModel):
    """One step of a program's screening checklist."""

    class Kind(models.TextChoices):
        REFERENCE = "reference", _("Reference")
        INTERVIEW = "interview", _("Interview")
        POLICE_CHECK = "police_check", _("Police check")
        OTHER = "other", _("Other")

    class Audience(models.TextChoices):
        MENTOR = "mentor", _("Mentors")
        MENTEE = "mentee", _("Mentees")
        BOTH = "both", _("Mentors and mentees")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="screening_items")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    label = models.JSONField(_("name"), default=dict)
    instructions = models.JSONField(_("instructions for the person"), default=dict, blank=True)
    audience = models.CharField(
        _("who it is for"), max_length=10, choices=Audience.choices, default=Audience.MENTOR
    )
    required = models.BooleanField(_("required before approval"), default=True)
    valid_for_days = models.PositiveIntegerField(
        _("valid for (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("Leave empty when the check never expires."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("screening item")
        verbose_name_plural = _("screening items")
        ordering = ["program", "order", "id"]

    def __str__(self) -> str:
        return translated(self.label)

    @property
    def name(self) -> str:
        return translated(self.label) or str(self.get_kind_display())


class ScreeningCheck(TimeStampedModel):
    """The outcome of one checklist item for one enrollment. The note is for staff only."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Not done yet")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")
        WAIVED = "waived", _("Waived")
        EXPIRED = "expired", _("Expired")

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="screening_checks"
    )
    item = models.ForeignKey(ScreeningItem, on_delete=models.CASCADE, related_name="checks")
    status = models.CharField(
        _("result"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    completed_at = models.DateTimeField(_("done on"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires on"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("staff note"), blank=True)

    class Meta:
        verbose_name = _("screening check")
        verbose_name_plural = _("screening checks")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "item"], name="screening_check_unique")
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.enrollment_id} · {self.item_id}: {self.status}"

    @property
    def is_cleared(self) -> bool:
        """Passed and still valid, or waived: the item no longer blocks."""
        if self.status == self.Status.WAIVED:
            return True
        return self.status == self.Status.PASSED and (
            self.expires_at is None or self.expires_at > timezone.now()
        )


class Reference(TimeStampedModel):
    """Who a participant names for a reference check of their checklist; the coordinator
    contacts them and records the check. Seen by the person and their agency's staff only."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="references")
    item = models.ForeignKey(ScreeningItem, on_delete=models.CASCADE, related_name="references")
    name = models.CharField(_("name"), max_length=150)
    relationship = models.CharField(
        _("how they know you"),
        max_length=150,
        help_text=_("For example: former manager, teacher, colleague, volunteer coordinator."),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "item"], name="reference_one_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.enrollment_id} · {self.item_id})"


class SelfAssessment(TimeStampedModel):
    """A program's scored questionnaire for mentors, with the score a mentor needs."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="self_assessment"
    )
    threshold = models.PositiveSmallIntegerField(
        _("score needed (0–100)"),
        default=60,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    intro = models.JSONField(_("introduction"), default=dict, blank=True)
    advice_below = models.JSONField(_("advice below the score needed"), default=dict, blank=True)
    advice_above = models.JSONField(_("advice at or above the score needed"), default=dict)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")

    def __str__(self) -> str:
        return f"{self.program}"


class SelfAssessmentQuestion(models.Model):
    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="questions"
    )
    text = models.JSONField(_("question"), default=dict)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("self-assessment question")
        verbose_name_plural = _("self-assessment questions")
        ordering = ["assessment", "order", "id"]

    def __str__(self) -> str:
        return translated(self.text)


class SelfAssessmentChoice(models.Model):
    question = models.ForeignKey(
        SelfAssessmentQuestion, on_delete=models.CASCADE, related_name="choices"
    )
    text = models.JSONField(_("answer"), default=dict)
    points = models.PositiveSmallIntegerField(
        _("points"), default=0, validators=[MaxValueValidator(10)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("self-assessment answer")
        verbose_name_plural = _("self-assessment answers")
        ordering = ["question", "order", "id"]

    def __str__(self) -> str:
        return translated(self.text)


class SelfAssessmentResult(models.Model):
    """One attempt by a mentor. The answers are copied as they were asked, so that editing the
    questionnaire later does not change what staff see of an earlier attempt."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="self_assessment_results"
    )
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="results")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    # The score needed when it was taken; approval compares with the program's current one.
    threshold = models.PositiveSmallIntegerField(_("score needed"))
    # [{"question": {lang: text}, "answer": {lang: text}, "points": n, "max": m}, …]
    answers = models.JSONField(_("answers"), default=list)
    created_at = models.DateTimeField(_("taken"), default=timezone.now)

    class Meta:
        verbose_name = _("self-assessment result")
        verbose_name_plural = _("self-assessment results")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["enrollment", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.score}"
