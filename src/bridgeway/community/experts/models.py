"""Ask-an-Expert: an agency's topics (each with a response target), the experts it invites
(people with or without an account, no enrollment needed), the questions its participants ask,
the exchange on each question, and which answers staff published to the resource library."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bridgeway.core.models import Organization, TimeStampedModel
from bridgeway.learning.library.models import Resource


def _expert_token() -> str:
    return secrets.token_urlsafe(32)


class TargetUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")


class ExpertTopic(TimeStampedModel):
    """What participants may ask about, and how soon an expert should answer."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="expert_topics"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("what it covers"), blank=True, max_length=1000)
    target_amount = models.PositiveSmallIntegerField(
        _("answer within"), default=3, validators=[MinValueValidator(1), MaxValueValidator(720)]
    )
    target_unit = models.CharField(
        _("unit"), max_length=5, choices=TargetUnit.choices, default=TargetUnit.DAYS
    )
    is_active = models.BooleanField(_("open for questions"), default=True)

    class Meta:
        verbose_name = _("expert topic")
        verbose_name_plural = _("expert topics")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="community_expert_topic_name_once"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def target_text(self) -> str:
        """ "3 days", "12 hours": the response target in the reader's language."""
        if self.target_unit == TargetUnit.HOURS:
            return ngettext("%(n)d hour", "%(n)d hours", self.target_amount) % {
                "n": self.target_amount
            }
        return ngettext("%(n)d day", "%(n)d days", self.target_amount) % {"n": self.target_amount}

    @property
    def response_target(self) -> timedelta:
        if self.target_unit == TargetUnit.HOURS:
            return timedelta(hours=self.target_amount)
        return timedelta(days=self.target_amount)


class Expert(TimeStampedModel):
    """Someone an agency invited to answer questions on some topics. Until they accept the
    emailed invitation (signing in, or creating an account, with the invited address) they
    see nothing; once active they see only the questions routed to them."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACTIVE = "active", _("Active")
        REMOVED = "removed", _("Removed")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="experts")
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=120)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expert_roles",
    )
    topics = models.ManyToManyField(ExpertTopic, related_name="experts", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    token = models.CharField(max_length=64, unique=True, default=_expert_token, editable=False)
    language = models.CharField(_("language of the invitation"), max_length=12, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "email"], name="community_expert_once_per_agency"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Waiting for staff to route it")
        ROUTED = "routed", _("With an expert")
        WAITING = "waiting", _("The expert asked something back")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="expert_questions"
    )
    topic = models.ForeignKey(ExpertTopic, on_delete=models.PROTECT, related_name="questions")
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_questions"
    )
    title = models.CharField(_("title"), max_length=160)
    body = models.TextField(_("question"), max_length=20000)
    anonymous = models.BooleanField(_("anonymous to the expert and other members"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    expert = models.ForeignKey(
        Expert, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    routed_at = models.DateTimeField(_("routed"), null=True, blank=True)
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Bumped each time the expert's clock starts again (routing, the asker answering a
    # question back): the timers of an earlier round find it changed and do nothing.
    clock = models.PositiveIntegerField(default=0)
    due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    first_answer_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.TextField(_("comment on the answer"), blank=True, max_length=2000)
    rated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    client_key = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("question to an expert")
        verbose_name_plural = _("questions to experts")
        ordering = ["-last_activity_at", "-pk"]
        indexes = [
            models.Index(fields=["organization", "status", "-last_activity_at"]),
            models.Index(fields=["expert", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["asker", "client_key"],
                condition=~Q(client_key=""),
                name="community_question_once_per_client_key",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="community_question_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class QuestionPost(models.Model):
    """One message on a question after it is asked: the expert's answer or question back, or
    the asker's reply."""

    class Kind(models.TextChoices):
        ANSWER = "answer", _("Answer")
        ASK_BACK = "ask_back", _("Question from the expert")
        REPLY = "reply", _("Reply from the person who asked")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    body = models.TextField(_("text"), max_length=20000)
    created_at = models.DateTimeField(default=timezone.now)
    client_key = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_key"],
                condition=~Q(client_key=""),
                name="community_question_post_once_per_client_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}#{self.pk}"


class PublishedAnswer(TimeStampedModel):
    """A question whose answer staff published to the resource library: the resource (kind
    "answer") holds the texts as staff edited them, without the asker's name, and says who
    sees it; archiving it there stops publishing it. The original question stays as it was,
    and the published answer stays when the question is erased with its asker."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="published_answers"
    )
    question = models.OneToOneField(
        Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="published"
    )
    resource = models.OneToOneField(
        Resource, on_delete=models.CASCADE, related_name="published_answer"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("published answer")
        verbose_name_plural = _("published answers")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"published answer {self.pk}"

    @property
    def is_live(self) -> bool:
        return not self.resource.archived
