"""The email channel: a plain-text and an HTML part in the recipient's language, a stable
Message-ID per delivery, and one-click unsubscribe (RFC 8058) on everything that can be
switched off. The backend is Django's (console or file by default; SMTP, or an email service
through django-anymail, by configuration: docs/operations.md)."""

from __future__ import annotations

import contextlib
import smtplib
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from bridgeway.notifications.kinds import kind_get
from bridgeway.notifications.models import Delivery, Notification
from bridgeway.notifications.render import recipient_language, render, values_for

UNSUBSCRIBE_SALT = "bridgeway.notifications.unsubscribe"


class Undeliverable(Exception):
    """The address or number cannot receive messages: no point in trying again."""


def message_id(delivery: Delivery) -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    tag = salted_hmac("bridgeway.message-id", str(delivery.pk)).hexdigest()[:12]
    return f"<delivery-{delivery.pk}.{tag}@{domain}>"


def unsubscribe_token(person_id: int, kinds: list[str]) -> str:
    return signing.dumps({"p": person_id, "k": kinds}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[int, list[str]] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return int(data["p"]), [str(k) for k in data["k"]]


def unsubscribe_url(notification: Notification) -> str:
    """The one-click link for what this email is about (a summary: every kind it gathers)."""
    if notification.person_id is None or kind_get(notification.kind).mandatory:
        return ""
    codes = notification.params.get("kinds") or [notification.kind]
    token = unsubscribe_token(notification.person_id, codes)
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])


def message(delivery: Delivery, values: dict[str, Any] | None = None) -> EmailMultiAlternatives:
    """The email of a delivery; `values`: its kind's values when already loaded."""
    notification = delivery.notification
    to = notification.person.email if notification.person is not None else notification.address
    unsubscribe = unsubscribe_url(notification)
    preferences = settings.SITE_URL + reverse("notifications:preferences")
    rendered = render(
        notification,
        extra={"unsubscribe_url": unsubscribe, "preferences_url": preferences},
        values=values,
    )
    text = rendered.text
    headers = {"Message-ID": message_id(delivery)}
    if unsubscribe:
        with translation.override(recipient_language(notification)):
            text += "\n-- \n" + _("Stop these emails: %(url)s") % {"url": unsubscribe} + "\n"
            text += _("Choose what you receive: %(url)s") % {"url": preferences} + "\n"
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email = EmailMultiAlternatives(rendered.subject, text, None, [to], headers=headers)
    email.attach_alternative(rendered.html, "text/html")
    kind = kind_get(notification.kind)
    if kind.attachments is not None:
        for name, content, mimetype in kind.attachments(notification.params, notification.person):
            email.attach(name, content, mimetype)
    return email


class Sender:
    """Sends a batch over one connection to the mail server, with what the batch's emails say
    loaded at once (`render.values_for`) rather than one query per email."""

    def __init__(self, deliveries: list[Delivery] | None = None) -> None:
        self.connection: Any = None
        self.values = values_for(d.notification for d in deliveries or [])

    def send(self, delivery: Delivery) -> tuple[str, str]:
        """(the address it went to, the email service's id for it when there is one)."""
        email = message(delivery, self.values.get(delivery.notification_id))
        if self.connection is None:
            self.connection = get_connection(fail_silently=False)
            self.connection.open()
        email.connection = self.connection
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _msg in exc.recipients.values()]
            if codes and all(code >= 500 for code in codes):
                raise Undeliverable(_refusal(exc)) from exc
            raise
        status = getattr(email, "anymail_status", None)
        return str(email.to[0]), str(getattr(status, "message_id", None) or "")

    def reset(self) -> None:
        self.close()

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(Exception):  # a connection that is already gone
                self.connection.close()
            self.connection = None


def _refusal(exc: smtplib.SMTPRecipientsRefused) -> str:
    return "; ".join(
        f"{address}: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
        for address, (code, msg) in exc.recipients.items()
    )
