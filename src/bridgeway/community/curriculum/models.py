"""A prompt for every pair of a program, and where it was posted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import TimeStampedModel
from bridgeway.programs.models import Program


class Prompt(TimeStampedModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        SENT = "sent", _("Posted")
        CANCELLED = "cancelled", _("Cancelled")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="curriculum_prompts"
    )
    # {language code: {"title": …, "body": Markdown}}; at least the program's own language.
    texts = models.JSONField(_("texts"), default=dict)
    language = models.CharField(_("language shown when the reader's is missing"), max_length=16)
    send_at = models.DateTimeField(_("posted at"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    sent_at = models.DateTimeField(_("posted"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["send_at", "pk"]
        verbose_name = _("curriculum prompt")
        verbose_name_plural = _("curriculum prompts")
        indexes = [models.Index(fields=["program", "send_at"])]

    def __str__(self) -> str:
        return self.title

    def text(self, language: str) -> dict[str, str]:
        """The title and body in `language` (or its base language), else the prompt's own."""
        for code in (language, language.split("-")[0], self.language):
            if code in self.texts:
                return dict(self.texts[code])
        return dict(next(iter(self.texts.values()), {"title": "", "body": ""}))

    @property
    def title(self) -> str:
        return self.text(self.language).get("title", "")


class PromptDelivery(models.Model):
    """The prompt posted in one pair's or group's conversation (once: a retried job posts it
    in no conversation twice)."""

    prompt = models.ForeignKey(Prompt, on_delete=models.CASCADE, related_name="deliveries")
    conversation = models.ForeignKey(
        "messaging.Conversation", on_delete=models.CASCADE, related_name="+"
    )
    message = models.OneToOneField("messaging.Message", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["prompt", "conversation"], name="community_prompt_once_per_conversation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prompt_id} → {self.conversation_id}"
