"""People: one account per person, whatever roles they hold in whichever agencies."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Choose a time zone from the list."))


class AccessibilityNeed(models.TextChoices):
    CAPTIONS = "captions", _("Captions on video calls")
    INTERPRETER = "interpreter", _("An interpreter")
    SCREEN_READER = "screen_reader", _("I use a screen reader")
    LARGE_TEXT = "large_text", _("Large text")
    PLAIN_LANGUAGE = "plain_language", _("Plain language")
    SIGN_LANGUAGE = "sign_language", _("Sign language")


class ContactMode(models.TextChoices):
    ANY = "any", _("No preference")
    MESSAGES = "messages", _("Written messages")
    VIDEO = "video", _("Video calls")
    PHONE = "phone", _("Phone calls")
    IN_PERSON = "in_person", _("In person")


class PersonManager(UserManager["Person"]):
    """Email is the sign-in name; there is no separate username."""

    use_in_migrations = True

    def _create_user(  # type: ignore[override]
        self, email: str, password: str | None, **extra_fields: Any
    ) -> Person:
        if not email:
            raise ValueError("An email address is required.")
        person = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> Person:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> Person:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class Person(AbstractUser):
    """Anyone who signs in: mentee, mentor, agency staff, network admin, expert."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("name"), max_length=150, blank=True, help_text=_("How you would like to be called.")
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=12,
        default="en",
        help_text=_("Pages and messages from us use this language."),
    )
    spoken_languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, help_text=_("Language codes.")
    )
    country = models.CharField(_("country where you live now"), max_length=2, blank=True)
    arrival_date = models.DateField(
        _("date of arrival in Canada"),
        null=True,
        blank=True,
        help_text=_("Planned or actual. Programs give priority to people arriving soon."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="America/Toronto", validators=[validate_time_zone]
    )
    accessibility_needs = models.JSONField(_("accessibility needs"), default=list, blank=True)
    contact_mode = models.CharField(
        _("preferred contact"), max_length=20, choices=ContactMode.choices, default=ContactMode.ANY
    )

    # Raised by "sign out everywhere": a session signed in under an older number ends
    # (accounts/sessions.py).
    session_generation = models.PositiveIntegerField(default=0, editable=False)
    # Set when the person's account and data were erased (privacy/erasure): the row stays for
    # the records others keep (conversations, relationships, concern cases), blank, and shows
    # everywhere as "a former participant".
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = PersonManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name if self.erased_at else (self.display_name or self.email)

    @property
    def name(self) -> str:
        if self.erased_at:
            return str(gettext("a former participant"))
        return self.display_name or self.email.split("@")[0]


class SignedInSession(AbstractBaseSession):
    """A session of the site, in our own table rather than Django's, so that it names the person
    signed in with it: their devices are listed, exported and ended by this column instead of
    by decoding every session (docs/decisions.md, "A session table of our own"). The columns
    are copied from the session's data each time it is saved (accounts/session_engines); a
    session nobody has signed in with has no person."""

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signed_in_sessions",
        verbose_name=_("person"),
    )
    user_agent = models.CharField(_("browser and device"), max_length=300, blank=True)
    signed_in_at = models.DateTimeField(_("signed in"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")

    @classmethod
    def get_session_store_class(cls) -> type[SessionBase]:
        from bridgeway.accounts.session_engines.db import SessionStore

        return SessionStore
