"""What reaches a person, how often, and when: preferences per kind × channel, quiet hours."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from bridgeway.accounts.models import Person
from bridgeway.notifications.kinds import Kind
from bridgeway.notifications.models import Channel, ContactSettings, Frequency, Preference


def default_quiet() -> tuple[time, time] | None:
    """Quiet hours when a person has not chosen their own, so nothing buzzes at night where
    they live: the deployment's default (BRIDGEWAY_DEFAULT_QUIET_HOURS, "21:00-08:00";
    empty for none)."""
    value = str(getattr(settings, "BRIDGEWAY_DEFAULT_QUIET_HOURS", "21:00-08:00")).strip()
    if not value:
        return None
    try:
        start, end = (time.fromisoformat(part.strip()) for part in value.split("-", 1))
    except ValueError as error:
        raise ImproperlyConfigured(
            f"BRIDGEWAY_DEFAULT_QUIET_HOURS must read like 21:00-08:00, not {value!r}"
        ) from error
    return None if start == end else (start, end)


TEXT_CHANNELS = (Channel.SMS, Channel.WHATSAPP)


def texts_refused(person_id: int) -> str:
    """Why no text message may go to the person ("" when they may): an app built on this one
    says so through BRIDGEWAY_TEXT_GUARDS (privacy: the person withdrew their consent)."""
    for path in getattr(settings, "BRIDGEWAY_TEXT_GUARDS", []):
        reason = str(import_string(path)(person_id))
        if reason:
            return reason
    return ""


@dataclass(frozen=True)
class TextConsent:
    """The person's consent to text messages, as the app that keeps consents gives it
    (BRIDGEWAY_TEXT_CONSENT): whether it holds, whether they withdrew it, and the text they
    would agree to now, in the reader's language."""

    holds: bool
    withdrawn: bool
    version: int
    text: str
    given_at: datetime | None = None  # while it holds: when, and on which version
    agreed_version: int | None = None


def text_consent(person: Person) -> TextConsent | None:
    """The consent to text messages, or None when no app keeps one (BRIDGEWAY_TEXT_CONSENT)."""
    hooks = getattr(settings, "BRIDGEWAY_TEXT_CONSENT", None)
    if not hooks:
        return None
    found: TextConsent = import_string(hooks["read"])(person)
    return found


def text_consent_give(person: Person, version: int) -> None:
    """The person agrees, on the notification preferences page, to the version they read
    (a DomainError if it has just changed)."""
    hooks = getattr(settings, "BRIDGEWAY_TEXT_CONSENT", None)
    if hooks:
        import_string(hooks["give"])(person, version)


def contact_settings(person: Person) -> ContactSettings:
    """The person's settings, created with the defaults the first time they are needed."""
    found: ContactSettings
    found, _created = ContactSettings.objects.get_or_create(person=person)
    return found


def contact_settings_read(person: Person) -> ContactSettings:
    """The person's settings to show; the defaults, unsaved, when they never changed any."""
    return ContactSettings.objects.filter(person=person).first() or ContactSettings(person=person)


def preferences_chosen(
    *, person_ids: Iterable[int], kinds: Iterable[str]
) -> dict[tuple[int, str, str], str]:
    """The choices of these people for these kinds, in one query: (person id, kind, channel)
    -> frequency; what is not there, they did not choose."""
    from bridgeway.notifications.kept import choices_of

    return {
        (person_id, kind, channel): frequency
        for person_id, kind, channel, frequency in choices_of(list(person_ids), sorted(kinds))
    }


def frequency_for(
    person: Person, kind: Kind, channel: str, role: str, *, chosen: str | None = None
) -> str:
    """The person's choice for this kind on this channel, else the kind's default for the role.
    Text channels carry only what comes right away, and only what the person asked for.
    `chosen`: their choice read already ("" for none, `preferences_chosen`); else read here."""
    if kind.mandatory and channel == Channel.EMAIL:
        return Frequency.IMMEDIATE
    if chosen is None:
        chosen = (
            Preference.objects.filter(person=person, kind=kind.code, channel=channel)
            .values_list("frequency", flat=True)
            .first()
        )
    if chosen:
        return str(chosen)
    if channel == Channel.EMAIL:
        return kind.default_email(role)
    # SMS and WhatsApp: what needs an answer, once the person has turned the channel on.
    return Frequency.IMMEDIATE if kind.needs_answer and kind.texts else Frequency.OFF


def quiet_hours(settings_row: ContactSettings | None) -> tuple[time, time] | None:
    if settings_row is not None and settings_row.quiet_start and settings_row.quiet_end:
        if settings_row.quiet_start == settings_row.quiet_end:
            return None  # the same time twice: no quiet hours
        return settings_row.quiet_start, settings_row.quiet_end
    return default_quiet()


def after_quiet_hours(
    moment: datetime, time_zone: str, quiet: tuple[time, time] | None
) -> datetime:
    """`moment`, or the end of the person's quiet hours when it falls inside them."""
    if quiet is None:
        return moment
    start, end = quiet
    local = moment.astimezone(zoneinfo.ZoneInfo(time_zone))
    now_t = local.time()
    inside = (start <= now_t < end) if start < end else (now_t >= start or now_t < end)
    if not inside:
        return moment
    release = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if release <= local:
        release += timedelta(days=1)
    return release
