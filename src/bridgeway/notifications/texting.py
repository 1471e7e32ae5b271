"""SMS and WhatsApp: a pluggable backend (console and file by default, Twilio by
configuration), numbers kept in E.164, sent only after the person opted in, never after STOP.

`BRIDGEWAY_TEXT_BACKEND` names the backend class. A backend's `send(channel, to, body)`
returns the provider's message id, raises `Undeliverable` when the number cannot receive (invalid,
or it opted out with the carrier), and raises anything else for a failure worth retrying."""

from __future__ import annotations

import base64
import json
import logging
import sys
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from pathlib import Path

import phonenumbers
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from bridgeway.notifications.email import Undeliverable
from bridgeway.notifications.models import Channel, ContactSettings, Delivery
from bridgeway.notifications.preferences import texts_refused
from bridgeway.notifications.render import absolute, recipient_language, summary_in

logger = logging.getLogger(__name__)

# Texts stay short: one line and the link. Longer summaries are cut at a word.
MAX_TEXT = 300


class InvalidPhone(ValueError):
    pass


def phone_to_e164(raw: str, region: str = "") -> str:
    """A number as people type it ("+63 917 123 4567", "(416) 555-0199" with region CA) in
    E.164 ("+639171234567"); InvalidPhone with a sentence in the active language otherwise."""
    text = (raw or "").strip()
    if not text:
        raise InvalidPhone(_("Enter a mobile number."))
    try:
        number = phonenumbers.parse(text, (region or "CA").upper())
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(
            _("This is not a phone number we can read. Start with + and the country code.")
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(
            _("This number does not exist in the country it names. Check the country code.")
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(e164: str) -> str:
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


class ConsoleBackend:
    def send(self, channel: str, to: str, body: str) -> str:
        sys.stdout.write(f"[{channel} to {to}] {body}\n")
        sys.stdout.flush()
        return ""


class FileBackend:
    """Appends one JSON line per message to BRIDGEWAY_TEXT_FILE (tests and demos read it)."""

    def send(self, channel: str, to: str, body: str) -> str:
        path = Path(settings.BRIDGEWAY_TEXT_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"channel": channel, "to": to, "body": body}, ensure_ascii=False)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
        return ""


# Twilio error codes that mean "this number cannot receive": invalid, not mobile, opted out.
TWILIO_UNDELIVERABLE = {21211, 21214, 21408, 21610, 21612, 21614, 63003, 63024}
TWILIO_OPTED_OUT = {21610}


class OptedOut(Undeliverable):
    """The carrier says the person sent STOP."""


class TwilioBackend:
    """Twilio's Messages API. Settings: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, and the sender:
    TWILIO_SMS_FROM (a number or a messaging service SID) and TWILIO_WHATSAPP_FROM."""

    api = "https://api.twilio.com/2010-04-01/Accounts/{sid}/Messages.json"

    def send(self, channel: str, to: str, body: str) -> str:
        sid, token = settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN
        sender = (
            settings.TWILIO_WHATSAPP_FROM
            if channel == Channel.WHATSAPP
            else settings.TWILIO_SMS_FROM
        )
        if channel == Channel.WHATSAPP:
            to, sender = f"whatsapp:{to}", f"whatsapp:{sender}"
        fields = {"To": to, "Body": body}
        fields["MessagingServiceSid" if sender.startswith("MG") else "From"] = sender
        request = urllib.request.Request(  # noqa: S310 - a fixed https address
            self.api.format(sid=sid),
            data=urllib.parse.urlencode(fields).encode(),
            headers={
                "Authorization": "Basic " + base64.b64encode(f"{sid}:{token}".encode()).decode(),
                "Content-Type": "application/x-www-form-urlencoded",
            },
            method="POST",
        )
        try:
            # `api` is the class's fixed https address; nothing a person sends changes it.
            with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310  # nosec B310
                return str(json.load(response).get("sid", ""))
        except urllib.error.HTTPError as exc:
            try:
                detail = json.load(exc)
            except ValueError:
                detail = {}
            code = int(detail.get("code") or 0)
            message = f"{code} {detail.get('message', exc.reason)}"
            if code in TWILIO_OPTED_OUT:
                raise OptedOut(message) from exc
            if code in TWILIO_UNDELIVERABLE:
                raise Undeliverable(message) from exc
            raise RuntimeError(message) from exc


def backend() -> ConsoleBackend | FileBackend | TwilioBackend:
    backend_class = import_string(settings.BRIDGEWAY_TEXT_BACKEND)
    instance: ConsoleBackend | FileBackend | TwilioBackend = backend_class()
    return instance


def text_body(delivery: Delivery) -> str:
    notification = delivery.notification
    summary = summary_in(notification, recipient_language(notification))
    if len(summary) > MAX_TEXT:
        summary = summary[:MAX_TEXT].rsplit(" ", 1)[0] + "…"
    link = absolute(notification.url)
    return f"{summary} {link}".strip()


def stop(contact: ContactSettings, channel: str, when: datetime | None = None) -> None:
    field = "whatsapp_stopped_at" if channel == Channel.WHATSAPP else "sms_stopped_at"
    ContactSettings.objects.filter(pk=contact.pk).update(**{field: when or timezone.now()})


class Sender:
    def __init__(self, channel: str) -> None:
        self.channel = channel
        self.backend = backend()

    def send(self, delivery: Delivery) -> tuple[str, str]:
        person = delivery.notification.person
        contact = getattr(person, "contact_settings", None) if person is not None else None
        if contact is None or not contact.can_text(self.channel):
            # Stopped or changed since it was queued: nothing goes out.
            raise Undeliverable(_("The person no longer receives messages on this channel."))
        refused = texts_refused(person.pk) if person is not None else ""
        if refused:
            # Queued before the person withdrew their consent: it does not go out.
            raise Undeliverable(refused)
        try:
            provider_id = self.backend.send(self.channel, contact.phone, text_body(delivery))
        except OptedOut:
            stop(contact, self.channel)
            raise
        return contact.phone, provider_id

    def reset(self) -> None:
        pass

    def close(self) -> None:
        pass
