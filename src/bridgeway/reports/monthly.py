"""The monthly report by email. Once a month has ended in a subscriber's time zone, the job
computes that month's report for their agency (or network, with its small counts hidden) and
writes one notification through the outbox, in the subscriber's language. The notification's
event names the subscription and the month, so running the job again, or twice at once, sends
nothing twice; someone who is no longer on the agency's staff (or the network's admins) gets
nothing."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from bridgeway.core.models import Membership, NetworkAdmin, Organization
from bridgeway.notifications.models import Notification
from bridgeway.notifications.outbox import notify
from bridgeway.reports.figures import Figure, Grid, Row, Table, Words
from bridgeway.reports.models import MonthlyReportSubscription
from bridgeway.reports.report import HEADLINE, Report, report_build
from bridgeway.reports.scope import ReportFilter, Scope

logger = logging.getLogger(__name__)
KIND = "reports.monthly"
# The tables the email shows beside the headline figures, and how many rows of each at most.
SECTIONS = {"resources": 4, "resources_top": 3, "change": 30, "employment": 10}


def last_month(now: datetime, zone: str) -> tuple[date, date]:
    """The first and last day of the month before `now` in the time zone."""
    with timezone.override(zone):
        today = timezone.localdate(now)
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def _event(subscription: MonthlyReportSubscription, first: date) -> str:
    return f"subscription:{subscription.pk}:{first:%Y-%m}"


def _allowed(subscription: MonthlyReportSubscription) -> bool:
    if subscription.organization_id:
        return Membership.objects.filter(
            person_id=subscription.person_id,
            organization_id=subscription.organization_id,
            organization__is_active=True,
        ).exists()
    return NetworkAdmin.objects.filter(
        person_id=subscription.person_id, network_id=subscription.network_id or 0
    ).exists()


def _scope(subscription: MonthlyReportSubscription) -> Scope:
    if subscription.organization is not None:
        return Scope(
            level="agency",
            organization_ids=(subscription.organization.pk,),
            organization=subscription.organization,
        )
    ids = tuple(
        Organization.objects.filter(network_id=subscription.network_id or 0).values_list(
            "pk", flat=True
        )
    )
    return Scope(level="network", organization_ids=ids, network=subscription.network)


def _url(scope: Scope, first: date, last: date) -> str:
    if scope.organization is not None:
        path = reverse("reports:agency", args=[scope.organization.slug])
    else:
        path = reverse("reports:network")
    return f"{path}?{urlencode({'start': first.isoformat(), 'end': last.isoformat()})}"


def _figure(figure: Figure | Words) -> dict[str, Any]:
    if isinstance(figure, Words):
        return {"words": figure.text(), "hidden": figure.hidden}
    return {"value": figure.value, "unit": figure.unit, "n": figure.n, "hidden": figure.hidden}


def _row(row: Row | Figure) -> dict[str, Any]:
    if isinstance(row, Figure):
        return {"label": str(row.label), "cells": [_figure(row)]}
    return {
        "label": str(row.label),
        "group": str(row.group),
        "cells": [_figure(cell) for cell in row.cells],
    }


def _section(table: Table | Grid, limit: int) -> dict[str, Any]:
    """A table as the email keeps it: its words, in the subscriber's language, and its
    figures as numbers, worded when the email is written."""
    rows: list[Row | Figure] = list(table.rows[:limit])
    columns = [str(column) for column in table.columns] if isinstance(table, Grid) else []
    if isinstance(table, Grid) and table.total is not None:
        rows.append(table.total)
    return {
        "key": table.key,
        "title": str(table.title),
        "columns": columns,
        "rows": [_row(row) for row in rows],
        "empty": str(table.empty),
    }


def _sections(report: Report) -> list[dict[str, Any]]:
    return [_section(report.table(key), limit) for key, limit in SECTIONS.items()]


@transaction.atomic
def monthly_report_send(*, subscription: MonthlyReportSubscription, now: datetime) -> bool:
    person = subscription.person
    first, last = last_month(now, person.time_zone)
    scope = _scope(subscription)
    headline = tuple(dict.fromkeys(table for table, _key in HEADLINE))
    language = person.preferred_language or settings.LANGUAGE_CODE
    with timezone.override(person.time_zone), translation.override(language):
        report = report_build(
            scope=scope,
            chosen=ReportFilter(start=first, end=last),
            keys=tuple(dict.fromkeys([*headline, *SECTIONS])),
        )
        sections = _sections(report)
    figures = []
    for table, key in HEADLINE:
        figure = report.figure(table, key)
        figures.append(
            {
                "key": f"{table}.{key}",
                "value": figure.value,
                "unit": figure.unit,
                "n": figure.n,
                "hidden": figure.hidden,
            }
        )
    written = notify(
        kind=KIND,
        event=_event(subscription, first),
        person=person,
        role="staff",
        params={
            "scope": scope.name,
            "level": scope.level,
            "month": f"{first:%Y-%m}",
            "figures": figures,
            "sections": sections,
        },
        url=_url(scope, first, last),
        organization=subscription.organization,
    )
    return written is not None


def monthly_reports_send(*, now: datetime | None = None) -> int:
    """Every subscription whose last month's report has not gone out yet: safe to run at any
    time, as often as wanted (the worker runs it every hour)."""
    now = now or timezone.now()
    subscriptions = list(
        MonthlyReportSubscription.objects.select_related("person", "organization", "network")
    )
    due = {
        _event(subscription, last_month(now, subscription.person.time_zone)[0]): subscription
        for subscription in subscriptions
    }
    sent = set(
        Notification.objects.filter(kind=KIND, event__in=list(due)).values_list("event", flat=True)
    )
    count = 0
    for event, subscription in due.items():
        if event in sent or not _allowed(subscription):
            continue
        count += monthly_report_send(subscription=subscription, now=now)
    return count
