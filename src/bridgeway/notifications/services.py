"""State changes a person makes to their notifications and how they are reached."""

from __future__ import annotations

from datetime import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError
from bridgeway.notifications.kinds import kinds
from bridgeway.notifications.models import (
    Channel,
    ContactSettings,
    Frequency,
    Notification,
    Preference,
)
from bridgeway.notifications.preferences import contact_settings, text_consent_give
from bridgeway.notifications.selectors import notifications_for
from bridgeway.notifications.texting import InvalidPhone, phone_to_e164

TEXT_FREQUENCIES = (Frequency.IMMEDIATE, Frequency.OFF)


def notification_mark_read(*, person: Person, notification_id: int | None) -> Notification:
    notification = notifications_for(person=person).filter(pk=notification_id or 0).first()
    if notification is None:
        raise DomainError(_("This notification does not exist."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, person: Person) -> int:
    return (
        notifications_for(person=person).filter(read_at__isnull=True).update(read_at=timezone.now())
    )


@transaction.atomic
def preference_set(*, person: Person, kind: str, channel: str, frequency: str) -> Preference:
    spec = kinds().get(kind)
    if spec is None:
        raise DomainError(_("Choose a kind of notification from the list."), field="kind")
    if channel not in Channel.values:
        raise DomainError(_("Choose email, text message or WhatsApp."), field="channel")
    allowed = Frequency.values if channel == Channel.EMAIL else TEXT_FREQUENCIES
    if frequency not in allowed:
        raise DomainError(_("Choose how often from the list."), field="frequency")
    if spec.mandatory and channel == Channel.EMAIL and frequency != Frequency.IMMEDIATE:
        raise DomainError(_("This email is always sent: it is needed to use your account."))
    preference, _created = Preference.objects.update_or_create(
        person=person, kind=kind, channel=channel, defaults={"frequency": frequency}
    )
    return preference


@transaction.atomic
def preferences_set(*, person: Person, choices: list[tuple[str, str, str]]) -> None:
    """Several (kind, channel, frequency) choices at once: all are saved, or none when one is
    refused."""
    for kind, channel, frequency in choices:
        preference_set(person=person, kind=kind, channel=channel, frequency=frequency)


@transaction.atomic
def unsubscribe(*, person_id: int, kind_codes: list[str]) -> int:
    """One click in an email: no more emails of these kinds (mandatory ones excepted)."""
    known = kinds()
    switched = 0
    for code in kind_codes:
        spec = known.get(code)
        if spec is None or spec.mandatory:
            continue
        Preference.objects.update_or_create(
            person_id=person_id,
            kind=code,
            channel=Channel.EMAIL,
            defaults={"frequency": Frequency.OFF},
        )
        switched += 1
    return switched


@transaction.atomic
def contact_update(
    *,
    person: Person,
    phone: str,
    sms: bool,
    whatsapp: bool,
    quiet_start: time | None,
    quiet_end: time | None,
    agree_to_texts: bool = False,
    texts_consent_version: int = 0,
    texts_consent_required: bool = False,
) -> ContactSettings:
    """The person's number (E.164), which text channels they accept (the time they did is
    kept; choosing a channel again after STOP starts it again), and their quiet hours. With
    `agree_to_texts`, their consent to text messages on the version they read is recorded in
    the same transaction (BRIDGEWAY_TEXT_CONSENT): all of it is saved, or none. With
    `texts_consent_required` (the consent does not hold), turning a text channel on without
    agreeing is refused: no text would go, or one would go without the consent shown."""
    contact = contact_settings(person)
    now = timezone.now()
    if phone.strip():
        try:
            number = phone_to_e164(phone, person.country)
        except InvalidPhone as exc:
            raise DomainError(str(exc), field="phone") from exc
    else:
        number = ""
        if sms or whatsapp:
            raise DomainError(
                _("Enter your mobile number to receive text or WhatsApp messages."), field="phone"
            )
    if number != contact.phone:
        contact.sms_opt_in_at = contact.whatsapp_opt_in_at = None
        contact.sms_stopped_at = contact.whatsapp_stopped_at = None
    contact.phone = number
    if (quiet_start is None) != (quiet_end is None):
        raise DomainError(
            _("Give both the start and the end of your quiet hours."), field="quiet_end"
        )
    contact.quiet_start, contact.quiet_end = quiet_start, quiet_end
    turning_on = [
        channel
        for channel, wanted in ((Channel.SMS, sms), (Channel.WHATSAPP, whatsapp))
        if wanted and not contact.can_text(channel)
    ]
    if texts_consent_required and turning_on and not agree_to_texts:
        raise DomainError(
            _(
                "Text messages need your consent: tick the box under the text about them, or "
                "leave text messages and WhatsApp off."
            ),
            field="texts_consent",
        )
    for wanted, opt_in, stopped in (
        (sms, "sms_opt_in_at", "sms_stopped_at"),
        (whatsapp, "whatsapp_opt_in_at", "whatsapp_stopped_at"),
    ):
        if wanted and (getattr(contact, opt_in) is None or getattr(contact, stopped) is not None):
            setattr(contact, opt_in, now)
            setattr(contact, stopped, None)
        elif not wanted:
            setattr(contact, opt_in, None)
    contact.save()
    if agree_to_texts:
        text_consent_give(person, texts_consent_version)
    return contact


def _text_field(channel: str) -> str:
    return "whatsapp_stopped_at" if channel == Channel.WHATSAPP else "sms_stopped_at"


def texts_stop(*, phone: str, channel: str) -> int:
    """The person replied STOP from this number: nothing more goes there on that channel."""
    return ContactSettings.objects.filter(phone=phone).update(
        **{_text_field(channel): timezone.now()}
    )


def texts_restart(*, phone: str, channel: str) -> int:
    """The person replied START: messages they had opted in to resume."""
    return ContactSettings.objects.filter(phone=phone).update(**{_text_field(channel): None})
