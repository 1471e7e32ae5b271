"""Time to first answer per topic, for the agency's staff: median and 90th percentile over
the questions asked in the last 365 days that have an answer, measured from the moment the
participant asked (what they waited, triage included)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from statistics import median

from django.utils import timezone

from bridgeway.community.experts.models import ExpertTopic, Question
from bridgeway.core.models import Organization

WINDOW = timedelta(days=365)


@dataclass(frozen=True)
class TopicTimes:
    topic: ExpertTopic
    answered: int
    waiting: int
    median: timedelta | None
    p90: timedelta | None
    over_target: int  # answered later than the topic's target, or still waiting past it


def percentile(values: list[timedelta], share: float) -> timedelta:
    """Nearest-rank percentile: the smallest value with at least `share` of them at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def answer_times(*, organization: Organization) -> list[TopicTimes]:
    since = timezone.now() - WINDOW
    rows = Question.objects.filter(organization=organization, created_at__gte=since).values_list(
        "topic_id", "created_at", "first_answer_at", "due_at", "status"
    )
    by_topic: dict[int, list[tuple[object, ...]]] = {}
    for row in rows:
        by_topic.setdefault(row[0], []).append(row)
    now = timezone.now()
    result = []
    for topic in ExpertTopic.objects.filter(organization=organization).order_by("name", "pk"):
        times, waiting, late = [], 0, 0
        for _topic, asked, answered, due, status in by_topic.get(topic.pk, []):
            if answered is not None:
                times.append(answered - asked)  # type: ignore[operator]
                late += due is not None and answered > due  # type: ignore[operator]
            elif status != Question.Status.CLOSED:
                waiting += 1
                late += due is not None and now > due  # type: ignore[operator]
        result.append(
            TopicTimes(
                topic=topic,
                answered=len(times),
                waiting=waiting,
                median=median(times) if times else None,
                p90=percentile(times, 0.9) if times else None,
                over_target=late,
            )
        )
    return result


def duration_text(value: timedelta | None) -> str:
    """A waiting time in hours (under two days) or days, in the reader's language."""
    from django.utils.formats import number_format
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    if value is None:
        return _("no answer yet")
    hours = value.total_seconds() / 3600
    if hours < 1:
        minutes = max(1, round(value.total_seconds() / 60))
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    if hours < 48:
        whole = round(hours)
        return ngettext("%(n)d hour", "%(n)d hours", whole) % {"n": whole}
    days = round(hours / 24, 1)
    shown = number_format(days, decimal_pos=0 if days == int(days) else 1)
    return ngettext("%(n)s day", "%(n)s days", math.ceil(days)) % {"n": shown}
