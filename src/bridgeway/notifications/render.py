"""A notification in words, in the recipient's language, with times in their time zone."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from bridgeway.core.time_zones import time_zone_city
from bridgeway.notifications.kinds import kind_get
from bridgeway.notifications.models import Notification


@dataclass(frozen=True)
class Rendered:
    subject: str
    summary: str
    text: str
    html: str


def recipient_language(notification: Notification) -> str:
    person = notification.person
    language = person.preferred_language if person is not None else notification.language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def when(moment: datetime | str, time_zone: str, other_time_zone: str = "") -> str:
    """A time as the recipient reads it, and as the other person does when they live elsewhere:
    "Tue 19:00 in Manila, 07:00 in Toronto". In the active language."""
    if isinstance(moment, str):
        parsed = parse_datetime(moment)
        if parsed is None:
            return moment
        moment = parsed
    here = moment.astimezone(zoneinfo.ZoneInfo(time_zone))
    text = _("%(day)s %(time)s in %(city)s") % {
        "day": formats.date_format(here, "D"),
        "time": formats.time_format(here, "H:i"),
        "city": time_zone_city(time_zone),
    }
    if other_time_zone and other_time_zone != time_zone:
        there = moment.astimezone(zoneinfo.ZoneInfo(other_time_zone))
        same_day = there.date() == here.date()
        other = _("%(time)s in %(city)s") % {
            "time": formats.time_format(there, "H:i")
            if same_day
            else f"{formats.date_format(there, 'D')} {formats.time_format(there, 'H:i')}",
            "city": time_zone_city(other_time_zone),
        }
        text = f"{text}, {other}"
    return text


def summary_in(notification: Notification, language: str | None = None) -> str:
    """The one-line summary, in `language` (the active one by default)."""
    kind = kind_get(notification.kind)
    with translation.override(language or translation.get_language()):
        values = {
            "site_name": settings.BRIDGEWAY_SITE_NAME,
            **kind.values(notification.params, notification.person),
        }
        return str(kind.summary % values)


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) or not url else settings.SITE_URL + url


def render(notification: Notification, *, extra: dict[str, Any] | None = None) -> Rendered:
    """Subject, summary, plain-text and HTML bodies, in the recipient's language."""
    kind = kind_get(notification.kind)
    with translation.override(recipient_language(notification)):
        values = {
            "site_name": settings.BRIDGEWAY_SITE_NAME,
            **kind.values(notification.params, notification.person),
        }
        subject = str(kind.subject % values)
        summary = str(kind.summary % values)
        context = {
            **values,
            "notification": notification,
            "person": notification.person,
            "subject": subject,
            "summary": summary,
            "url": absolute(notification.url),
            "site_url": settings.SITE_URL,
            "site_name": settings.BRIDGEWAY_SITE_NAME,
            **(extra or {}),
        }
        text = render_to_string(kind.template, context).strip() + "\n"
        html = render_to_string(
            "notifications/email/message.html",
            {**context, "text": text, "language": recipient_language(notification)},
        )
    return Rendered(subject=subject, summary=summary, text=text, html=html)
