"""A notification in words, in the recipient's language, with times in their time zone."""

from __future__ import annotations

import logging
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from bridgeway.core.time_zones import time_zone_city
from bridgeway.notifications.kinds import kind_get, kinds
from bridgeway.notifications.models import Notification

logger = logging.getLogger(__name__)


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


def summary_in(
    notification: Notification,
    language: str | None = None,
    values: dict[str, Any] | None = None,
) -> str:
    """The one-line summary, in `language` (the active one by default). `values`: the kind's
    values when already loaded in that language (`values_for`)."""
    kind = kind_get(notification.kind)
    with translation.override(language or translation.get_language()):
        if values is None:
            values = kind.values(notification.params, notification.person)
        return str(kind.summary % {"site_name": settings.BRIDGEWAY_SITE_NAME, **values})


def values_for(notifications: Iterable[Notification]) -> dict[int, dict[str, Any]]:
    """The values (`Kind.values`) of many notifications, by notification id, each in its
    recipient's language: one call of `Kind.contexts` per kind and language. Kinds without
    `contexts`, and a group whose loading failed, are left out: `render` loads those one by one
    (so a notification whose rows are gone fails alone)."""
    groups: dict[tuple[str, str], list[Notification]] = defaultdict(list)
    known = kinds()
    for notification in notifications:
        kind = known.get(notification.kind)  # an unknown kind fails alone, when rendered
        if kind is not None and kind.contexts is not None:
            groups[(notification.kind, recipient_language(notification))].append(notification)
    found: dict[int, dict[str, Any]] = {}
    for (code, language), group in groups.items():
        with translation.override(language):
            try:
                values = kind_get(code).values_many([(n.params, n.person) for n in group])
            except Exception as exc:
                logger.warning("loading %s notifications at once failed: %s", code, exc)
                continue
        found.update({n.pk: v for n, v in zip(group, values, strict=True)})
    return found


def summaries_in(notifications: list[Notification]) -> list[str]:
    """`summary_in` for many notifications, in the active language, loading rows per kind."""
    by_kind: dict[str, list[Notification]] = defaultdict(list)
    for notification in notifications:
        by_kind[notification.kind].append(notification)
    values: dict[int, dict[str, Any]] = {}
    for code, group in by_kind.items():
        loaded = kind_get(code).values_many([(n.params, n.person) for n in group])
        values.update({n.pk: v for n, v in zip(group, loaded, strict=True)})
    return [
        str(kind_get(n.kind).summary % {"site_name": settings.BRIDGEWAY_SITE_NAME, **values[n.pk]})
        for n in notifications
    ]


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) or not url else settings.SITE_URL + url


def render(
    notification: Notification,
    *,
    extra: dict[str, Any] | None = None,
    values: dict[str, Any] | None = None,
) -> Rendered:
    """Subject, summary, plain-text and HTML bodies, in the recipient's language. `values`: the
    kind's values when already loaded (`values_for`)."""
    kind = kind_get(notification.kind)
    with translation.override(recipient_language(notification)):
        if values is None:
            values = kind.values(notification.params, notification.person)
        values = {"site_name": settings.BRIDGEWAY_SITE_NAME, **values}
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
            kind.html_template,
            {**context, "text": text, "language": recipient_language(notification)},
        )
    return Rendered(subject=subject, summary=summary, text=text, html=html)
