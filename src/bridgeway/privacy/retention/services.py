"""Applying the agencies' retention policies (models.py): what each keeps, deleted when its time
is over. In batches of `BATCH` rows, one short transaction each, so a large backlog never holds
a long lock; a dry run counts what would go and changes nothing. Logged as counts only."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.core.models import Organization
from bridgeway.messaging.attachments import files_discard
from bridgeway.messaging.models import Attachment, Call, Conversation, Message
from bridgeway.notifications.models import Notification
from bridgeway.privacy.breaches.services import (
    breaches_delete_past_keeping,
    breaches_past_keeping,
)
from bridgeway.privacy.erasure.steps import database_forget
from bridgeway.privacy.retention.models import INTAKE_DAYS, RetentionPolicy
from bridgeway.privacy.retention.policies import policies_by_agency
from bridgeway.programs.intake.models import IntakeSubmission
from bridgeway.programs.models import Enrollment, StatusChange
from bridgeway.programs.questionnaires.models import Answer
from bridgeway.programs.screening.models import Reference, ScreeningCheck, SelfAssessmentResult
from bridgeway.relationships.models import Relationship

logger = logging.getLogger(__name__)

BATCH = 500
NEVER_PLACED = ("withdrawn", "declined")

# What the job looks after, in the order it runs, with the words the command prints.
ITEMS = {
    "messages": "messages of conversations closed longer than the policy",
    "calls": "call records of conversations closed longer than the policy",
    "intakes": f"intakes nobody confirmed within {INTAKE_DAYS} days",
    "accounts": "accounts made by those intakes and never used",
    "applications": "answers and screening of applications never placed, after the policy",
    "notifications": "notifications older than the policy",
    "breaches": "breach register rows recorded more than 24 months ago",
}


def _batches(
    rows: QuerySet[Model], dry_run: bool, before: Callable[[list[int]], None] | None = None
) -> int:
    """Delete the rows a batch at a time; the number deleted (or that would be)."""
    if dry_run:
        return rows.count()
    done = 0
    model = rows.model
    while True:
        with transaction.atomic():
            ids = list(rows.values_list("pk", flat=True)[:BATCH])
            if not ids:
                return done
            if before is not None:
                before(ids)
            model._default_manager.filter(pk__in=ids).delete()
        done += len(ids)


def _per_agency(
    now: datetime, years_or_days: Callable[[RetentionPolicy], timedelta]
) -> list[tuple[Q, datetime]]:
    """(which agencies, cutoff) pairs: each agency with a policy of its own, then all others
    under the defaults."""
    policies = policies_by_agency()
    pairs = [(Q(pk=pk), now - years_or_days(policy)) for pk, policy in policies.items()]
    pairs.append((~Q(pk__in=list(policies)), now - years_or_days(RetentionPolicy())))
    return pairs


def _years(count: int) -> timedelta:
    return timedelta(days=365 * count + count // 4)


def _forget_files(ids: list[int]) -> None:
    names = list(
        Attachment.objects.filter(message_id__in=ids).values_list("stored_name", flat=True)
    )
    if names:
        transaction.on_commit(lambda: files_discard(names))


def _unused_accounts(ids: Any) -> QuerySet[Person, int]:
    """Of these accounts, the ids of those never signed in to, with no confirmed address, no
    enrollment, no staff role and no applied intake."""
    return (
        Person.objects.filter(pk__in=ids, last_login__isnull=True, erased_at__isnull=True)
        .exclude(emailaddress__verified=True)
        .exclude(enrollments__isnull=False)
        .exclude(memberships__isnull=False)
        .exclude(intake_submissions__status=IntakeSubmission.Status.APPLIED)
        .exclude(network_roles__isnull=False)
        .values_list("pk", flat=True)
    )


def _breaches(now: datetime, dry_run: bool) -> int:
    """Breach register rows past their 24 months: a batch at a time, each row audited."""
    old = breaches_past_keeping(now=now)
    if dry_run:
        return old.count()
    done = 0
    while True:
        with transaction.atomic():
            ids = list(old.values_list("pk", flat=True)[:BATCH])
            if not ids:
                return done
            done += breaches_delete_past_keeping(ids=ids)


def retention_run(*, now: datetime | None = None, dry_run: bool = False) -> dict[str, int]:
    """Apply every agency's policy at `now`; counts per item."""
    now = now or timezone.now()
    counts = dict.fromkeys(ITEMS, 0)
    for agencies, cutoff in _per_agency(now, lambda p: _years(p.message_years)):
        closed = Conversation.objects.filter(
            organization__in=Organization.objects.filter(agencies),
            status=Conversation.Status.CLOSED,
            closed_at__lte=cutoff,
        )
        counts["messages"] += _batches(
            Message.objects.filter(conversation__in=closed), dry_run, _forget_files
        )
        counts["calls"] += _batches(Call.objects.filter(conversation__in=closed), dry_run)
    unconfirmed = IntakeSubmission.objects.filter(
        status__in=[IntakeSubmission.Status.PENDING, IntakeSubmission.Status.EXPIRED],
        created_at__lte=now - timedelta(days=INTAKE_DAYS),
    )
    # An intake makes an account before its address is confirmed: when nobody ever signed in
    # to it and it holds nothing else, it goes with the intake.
    cutoff = now - timedelta(days=INTAKE_DAYS)
    # Read before the intakes go; an account with a newer intake is kept for it.
    unused = list(
        _unused_accounts(unconfirmed.values("person_id")).exclude(
            intake_submissions__created_at__gt=cutoff
        )
    )
    counts["intakes"] = _batches(unconfirmed, dry_run)
    counts["accounts"] = _batches(Person.objects.filter(pk__in=unused), dry_run)
    for agencies, cutoff in _per_agency(now, lambda p: _years(p.application_years)):
        old = (
            Enrollment.objects.filter(
                program__organization__in=Organization.objects.filter(agencies),
                status__in=NEVER_PLACED,
                status_changed_at__lte=cutoff,
            )
            .exclude(pk__in=Relationship.objects.values("mentee_id"))
            .exclude(pk__in=Relationship.objects.values("mentor_id"))
        )
        for model in (Answer, ScreeningCheck, Reference, SelfAssessmentResult):
            counts["applications"] += _batches(
                model._default_manager.filter(enrollment__in=old), dry_run
            )
        if not dry_run:
            old.exclude(status_reason="").update(status_reason="")
            StatusChange.objects.filter(enrollment__in=old).exclude(reason="").update(reason="")
    for agencies, cutoff in _per_agency(now, lambda p: timedelta(days=p.notification_days)):
        scope = Q(organization__in=Organization.objects.filter(agencies))
        if agencies.children and agencies.negated:  # the defaults cover rows of no agency too
            scope |= Q(organization__isnull=True)
        counts["notifications"] += _batches(
            Notification.objects.filter(scope, created_at__lte=cutoff), dry_run
        )
    counts["breaches"] = _breaches(now, dry_run)
    if not dry_run:
        database_forget()
    logger.info(
        "retention %s: %s",
        "dry run" if dry_run else "applied",
        ", ".join(f"{key} {value}" for key, value in counts.items()),
    )
    return counts


@transaction.atomic
def policy_save(
    *,
    organization: Organization,
    by: object,
    message_years: int,
    application_years: int,
    notification_days: int,
) -> RetentionPolicy:
    """An agency admin sets the policy; audited with the values."""
    from bridgeway.core.services import audit_record

    row, _created = RetentionPolicy.objects.select_for_update().get_or_create(
        organization=organization
    )
    row.message_years = message_years
    row.application_years = application_years
    row.notification_days = notification_days
    row.updated_at = timezone.now()
    row.updated_by = by  # type: ignore[assignment]
    row.save()
    audit_record(
        actor=by,  # type: ignore[arg-type]
        action="retention.update",
        organization=organization,
        target=row,
        data={
            "message_years": message_years,
            "application_years": application_years,
            "notification_days": notification_days,
        },
    )
    return row
