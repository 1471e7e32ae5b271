"""Programs run by an agency, and people's enrollments in them."""

from __future__ import annotations

import re
import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import Organization, TimeStampedModel

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

# A well-formed BCP 47 tag (RFC 5646), lower-cased: language with up to three extended
# subtags, then script, region, variants, extensions and private use. The language itself must
# be an ISO 639 code (2 or 3 letters), which turns away words such as "english" or "français".
LANGUAGE_TAG = re.compile(
    r"[a-z]{2,3}(?:-[a-z]{3}){0,3}"
    r"(?:-[a-z]{4})?"
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
    r"(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*"
    r"(?:-x(?:-[a-z0-9]{1,8})+)?"
)
# RFC 5646 asks storage to hold at least 35 characters.
LANGUAGE_TAG_MAX_LENGTH = 35


def is_language_tag(value: str) -> bool:
    return len(value) <= LANGUAGE_TAG_MAX_LENGTH and bool(LANGUAGE_TAG.fullmatch(value.lower()))


def validate_language_tag(value: str) -> None:
    if not is_language_tag(value):
        raise ValidationError(
            _("“%(value)s” is not a language code. Write a code such as en, fr-CA or pt-BR."),
            code="invalid_language",
            params={"value": value},
        )


def site_language() -> str:
    """The site's default language (the field default; a callable so settings are read late)."""
    return settings.LANGUAGE_CODE.lower()


def content_language_for(author: Person | None) -> str:
    """The language a new program's texts default to: its author's, else the site's."""
    code = (getattr(author, "preferred_language", "") or "").lower()
    return code if is_language_tag(code) else site_language()


class Program(TimeStampedModel):
    """A mentoring program and its rules. Every deadline is a per-program setting."""

    class Kind(models.TextChoices):
        ONE_TO_ONE = "one_to_one", _("One-to-one")
        GROUP = "group", _("Group")
        FLASH = "flash", _("Flash (a single conversation)")

    class Purpose(models.TextChoices):
        HOSTING = "hosting", _("Settlement hosting")
        PROFESSIONAL = "professional", _("Professional mentoring")
        ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneurship")
        WORKPLACE = "workplace", _("Workplace mentoring")
        OTHER = "other", _("Other")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="programs"
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ONE_TO_ONE)
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.PROFESSIONAL
    )
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    content_language = models.CharField(
        _("language of the program's texts"),
        max_length=LANGUAGE_TAG_MAX_LENGTH,
        default=site_language,
        validators=[validate_language_tag],
        help_text=_(
            "The language the name, summary, description and goals are written in, so that "
            "screen readers pronounce them correctly on pages shown in another language."
        ),
    )
    languages = models.JSONField(_("languages offered"), default=list, blank=True)
    is_pre_arrival = models.BooleanField(_("open to people before they arrive"), default=False)
    is_published = models.BooleanField(
        _("listed in the network directory"),
        default=False,
        help_text=_("Listed programs appear on the public directory and accept applications."),
    )
    duration_weeks = models.PositiveSmallIntegerField(
        _("duration (weeks)"), default=16, validators=[MinValueValidator(1), MaxValueValidator(520)]
    )
    cohort_start = models.DateField(_("cohort starts"), null=True, blank=True)
    cohort_end = models.DateField(_("cohort ends"), null=True, blank=True)
    mentor_capacity_default = models.PositiveSmallIntegerField(
        _("mentees per mentor"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    mentor_response_days = models.PositiveSmallIntegerField(
        _("days a mentor has to answer a request"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    mentee_activation_days = models.PositiveSmallIntegerField(
        _("days an approved mentee has to become active"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )

    class Confirmation(models.TextChoices):
        MENTOR = "mentor", _("The mentor accepts or declines")
        STAFF = "staff", _("Staff alone: a proposal starts the match")
        BOTH = "both", _("Both: the mentor and the mentee accept or decline")

    requests_confirmed_by = models.CharField(
        _("who confirms a coordinator's proposal"),
        max_length=12,
        choices=Confirmation.choices,
        default=Confirmation.MENTOR,
        help_text=_(
            "A mentee's own request always goes to the mentor for an answer. With “both”, the "
            "mentor and the mentee each accept or decline a coordinator's proposal within the "
            "mentor's answer window; the match starts when both have accepted."
        ),
    )
    reoffer_freed_places = models.BooleanField(
        _("offer a freed place to the next waiting mentee"),
        default=False,
        help_text=_(
            "When a mentor's place frees up (a mentorship closes, a request is declined for a "
            "reason other than time or not answered in time, the mentor takes more mentees or "
            "their break ends), the first "
            "mentee on the waiting list who fits this mentor gets the offer within a minute, "
            "confirmed as a coordinator's proposal is."
        ),
    )
    occupations = models.JSONField(
        _("occupations served"),
        default=list,
        blank=True,
        help_text=_("Occupation group codes this program serves; empty means every occupation."),
    )
    training_required = models.BooleanField(
        _("training must be completed before matching"), default=True
    )
    midpoint_check = models.BooleanField(_("check in at half-time"), default=True)
    pulse_question = models.CharField(
        _("monthly question to each pair"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty for “How is your mentorship going?”."),
    )
    inactivity_days = models.PositiveSmallIntegerField(
        _("days without a meeting or progress before staff are alerted"),
        default=30,
        validators=[MinValueValidator(7), MaxValueValidator(180)],
    )
    close_when_goals_met = models.BooleanField(
        _("close a match early when its goals are met"), default=True
    )

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["organization__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "slug"], name="program_unique_slug_per_org"
            ),
            models.CheckConstraint(
                condition=Q(cohort_end__isnull=True)
                | Q(cohort_start__isnull=True)
                | Q(cohort_end__gte=F("cohort_start")),
                name="program_cohort_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Language tags are case-insensitive: one spelling keeps comparisons simple.
        self.content_language = self.content_language.lower()
        super().save(*args, **kwargs)

    @property
    def midpoint_weeks(self) -> int:
        return max(1, self.duration_weeks // 2)


class EnrollmentRole(models.TextChoices):
    MENTEE = "mentee", _("Mentee")
    MENTOR = "mentor", _("Mentor")


class EnrollmentStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SCREENING = "screening", _("Screening")
    TRAINING = "training", _("Training")
    READY = "ready", _("Ready to match")
    WAITLISTED = "waitlisted", _("Waiting list")
    MATCHED = "matched", _("Matched")
    CLOSED = "closed", _("Closed")
    ALUMNI = "alumni", _("Alumni")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECLINED = "declined", _("Declined")


class Enrollment(TimeStampedModel):
    """A person in a program in one role, moving through the status pipeline."""

    Role = EnrollmentRole
    Status = EnrollmentStatus

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="enrollments")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    role = models.CharField(_("role"), max_length=10, choices=EnrollmentRole.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EnrollmentStatus.choices,
        default=EnrollmentStatus.APPLIED,
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("mentees this mentor can take"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    # A mentor who takes a break: not suggested, and asked by no one, until this day has passed.
    paused_until = models.DateField(_("no new mentees until"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "person", "role"], name="enrollment_unique_role_per_program"
            )
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.program} · {self.get_role_display()}"


class StatusChange(models.Model):
    """One move of an enrollment along the pipeline: the history behind waiting-time estimates
    and program reports."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=EnrollmentStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=EnrollmentStatus.choices)
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["to_status", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.from_status} → {self.to_status}"


class WaitlistEntry(models.Model):
    """A ready mentee's place in a program's waiting list.

    New entries go after every entry of the same or a more urgent tier (see
    docs/waiting-list.md); staff may move an entry, with a reason that is audited."""

    class Tier(models.IntegerChoices):
        ARRIVING_SOON = 0, _("Arriving soon")
        STANDARD = 1, _("Standard")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="waitlist")
    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.CASCADE, related_name="waitlist_entry"
    )
    position = models.PositiveIntegerField(_("position"))
    tier = models.PositiveSmallIntegerField(
        _("priority"), choices=Tier.choices, default=Tier.STANDARD
    )
    joined_at = models.DateTimeField(_("waiting since"), default=timezone.now)
    moved_by_staff = models.BooleanField(_("moved by staff"), default=False)

    class Meta:
        verbose_name = _("waiting list entry")
        verbose_name_plural = _("waiting list entries")
        ordering = ["program", "position"]
        indexes = [models.Index(fields=["program", "position"])]

    def __str__(self) -> str:
        return f"{self.program_id} #{self.position}: {self.enrollment_id}"


def _program_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class ProgramInvitation(TimeStampedModel):
    """An invitation to join a program, for a person the agency does not know yet (a row of a
    participants import). The agency learns nothing of an account the address may already have:
    the person accepts or declines, and only an acceptance enrolls them and shows the agency
    their profile. `details` keeps what the agency's file said, applied to blank profile fields
    on acceptance."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=10, choices=EnrollmentRole.choices)
    details = models.JSONField(_("details from the import"), default=dict, blank=True)
    token = models.CharField(
        max_length=64, unique=True, default=_program_invitation_token, editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The person's consent, kept when they accept: who answered, and the words they agreed to
    # in the language they read them (answered_at is when).
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    consent_statement = models.TextField(_("what the person agreed to"), blank=True)
    consent_language = models.CharField(_("language of the consent"), max_length=35, blank=True)

    class Meta:
        verbose_name = _("program invitation")
        verbose_name_plural = _("program invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "email", "role"],
                condition=Q(status="pending"),
                name="program_invitation_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.program}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at > timezone.now()


# Colleague invitation links live in their own module; imported here so Django registers them.
from bridgeway.programs.referral_models import Referral as Referral  # noqa: E402
from bridgeway.programs.referral_models import ReferralLink as ReferralLink  # noqa: E402
