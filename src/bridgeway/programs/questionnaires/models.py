"""A program's questionnaire (its questions, each feeding a matching rule) and the answers of each
enrollment. Staff-written text is stored as {language code: text}."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bridgeway.core.i18n import translated
from bridgeway.core.models import TimeStampedModel
from bridgeway.programs.models import Enrollment, Program


class QuestionKind(models.TextChoices):
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    SCALE = "scale", _("Scale")
    LANGUAGES = "languages", _("Languages with proficiency")
    OCCUPATION = "occupation", _("Occupation (NOC 2021)")
    COUNTRY = "country", _("Country")
    CITY = "city", _("City")
    TIME_ZONE = "time_zone", _("Time zone")
    AVAILABILITY = "availability", _("Weekly availability")
    TEXT = "text", _("Free text")
    NOC_CODE = "noc_code", _("Occupation (NOC 2021 unit group code)")
    ARRIVAL_DATE = "arrival_date", _("Expected arrival date")
    AVAILABLE_DATES = "available_dates", _("Available dates")
    ACCOMMODATION_NEEDS = "accommodation_needs", _("Accommodation needs")
    ACCOMMODATION_OFFERS = "accommodation_offers", _("Accommodations offered")


class Audience(models.TextChoices):
    MENTEE = "mentee", _("Mentees")
    MENTOR = "mentor", _("Mentors")
    BOTH = "both", _("Mentees and mentors")


class MatchingRule(models.TextChoices):
    NONE = "none", _("Not used for matching")
    REQUIRED_OVERLAP = "required_overlap", _("Answers must overlap")
    SAME_VALUE = "same_value", _("Same answer")
    COVERS = "covers", _("The mentor offers what the mentee needs")
    MAX_DISTANCE = "max_distance", _("Answers close to each other")
    PREFERENCE = "preference", _("One side's preference")
    SIMILAR_TEXT = "similar_text", _("Similar words in the answers")
    CLOSE_OCCUPATION = "close_occupation", _("Same or close occupation (NOC)")
    AROUND_ARRIVAL = "around_arrival", _("The mentor is available around the arrival")
    NEEDS_OFFERED = "needs_offered", _("The mentor offers the accommodations needed")


class Question(TimeStampedModel):
    """One question of a program's questionnaire.

    `key` is stable: the matching engine names the answer by it. `rule_params` holds the rule's
    own settings: `min_shared` (overlap, covers), `min_level` and `scale` (languages),
    `max_distance` (hours for a time zone, points for a scale), `side` and `attribute_key`
    (preference), `broad_category` and `teer` (the percent of the points a close occupation
    earns), `weeks` and `dates_key` (around the arrival: the window and the mentors' question of
    available dates), `offers_key` (the mentors' question of accommodations offered)."""

    Kind = QuestionKind

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(_("key"), max_length=50)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    audience = models.CharField(
        _("asked of"), max_length=10, choices=Audience.choices, default=Audience.BOTH
    )
    text = models.JSONField(_("question"), default=dict)
    help_text = models.JSONField(_("help text"), default=dict, blank=True)
    is_required = models.BooleanField(_("required"), default=False)
    # Tells of a disability, health or immigration status: hidden from staff and matching once
    # the person withdraws their consent to sensitive information (privacy/consent).
    is_sensitive = models.BooleanField(_("sensitive"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    # [{"value": "housing", "label": {"en": "Housing", "fr": "Logement"}}, ...]
    choices = models.JSONField(_("choices"), default=list, blank=True)
    scale_min = models.SmallIntegerField(_("lowest value"), null=True, blank=True)
    scale_max = models.SmallIntegerField(_("highest value"), null=True, blank=True)
    scale_min_label = models.JSONField(_("label of the lowest value"), default=dict, blank=True)
    scale_max_label = models.JSONField(_("label of the highest value"), default=dict, blank=True)
    max_length = models.PositiveIntegerField(
        _("longest answer (characters)"),
        default=1000,
        validators=[MinValueValidator(1), MaxValueValidator(5000)],
    )
    rule = models.CharField(
        _("matching rule"), max_length=20, choices=MatchingRule.choices, default=MatchingRule.NONE
    )
    rule_weight = models.PositiveSmallIntegerField(
        _("weight"), default=5, validators=[MaxValueValidator(10)]
    )
    rule_is_hard = models.BooleanField(_("must be met"), default=False)
    rule_params = models.JSONField(_("rule settings"), default=dict, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["program", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "key"], name="question_unique_key"),
            models.CheckConstraint(
                condition=models.Q(rule_weight__lte=10), name="question_weight_at_most_10"
            ),
        ]
        indexes = [models.Index(fields=["program", "position"])]

    def __str__(self) -> str:
        return f"{self.key}: {translated(self.text)}"

    @property
    def label(self) -> str:
        """The question in the reader's language."""
        return translated(self.text)

    @property
    def help(self) -> str:
        return translated(self.help_text)

    def asked_of(self, role: str) -> bool:
        return self.audience in (Audience.BOTH, role)

    def choice_labels(self) -> dict[str, str]:
        return {choice["value"]: translated(choice["label"]) for choice in self.choices}


class Answer(TimeStampedModel):
    """One enrollment's answer to one question, as JSON checked against the question's kind
    (see values.py).

    A free-text answer keeps `text_vector`, the matching engine's analysis of its text
    (values.matching_vector), written with the value by services.answers_write so that matching
    a program does not analyse every text again. Empty for other kinds of question."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField(_("answer"))
    # Machine data, never shown to anyone: no verbose name to translate, not in any form.
    text_vector = models.TextField(blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "question"], name="answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id} · {self.question_id}"
