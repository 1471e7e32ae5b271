"""Shared checks for the tests of staff changes that take a requirement (training, screening,
profile) away: the people it alone held back move on, with the reason, audited."""

from __future__ import annotations

from typing import Any

from bridgeway.accounts.models import Person
from bridgeway.core.models import AuditEvent, Organization
from bridgeway.programs import services as program_services
from bridgeway.programs.models import Enrollment, EnrollmentStatus, StatusChange

S = EnrollmentStatus


def current_status(enrollment: Enrollment) -> str:
    enrollment.refresh_from_db()
    return enrollment.status


def status_history(enrollment: Enrollment) -> list[tuple[str, str, str]]:
    return [
        (change.from_status, change.to_status, change.reason)
        for change in StatusChange.objects.filter(enrollment=enrollment).order_by("pk")
    ]


def assert_moved_on(
    enrollment: Enrollment,
    reason: str,
    *,
    organization: Organization,
    staff_action: str,
    by: Person,
) -> None:
    """The enrollment went from training to ready for `reason`, by nobody in particular, and
    both the staff action (by `by`) and the move are in the agency's audit log."""
    assert current_status(enrollment) == S.READY
    assert enrollment.status_reason == reason
    assert status_history(enrollment) == [(S.TRAINING, S.READY, reason)]
    assert StatusChange.objects.get(enrollment=enrollment).changed_by is None
    assert AuditEvent.objects.filter(
        action=staff_action, organization=organization, actor=by
    ).exists()
    event = AuditEvent.objects.get(action="enrollment.status", organization=organization)
    assert event.actor is None
    assert event.data["reason"] == reason


def ready_event(enrollment: Enrollment) -> tuple[int, dict[str, Any]]:
    """The live event the person's page receives when they become ready."""
    return (
        enrollment.person_id,
        {"type": "enrollment.status", "enrollment": enrollment.pk, "status": "ready"},
    )


def live_events(monkeypatch: Any) -> list[tuple[int, dict[str, Any]]]:
    """The live events sent to people's pages from now on, as (person id, event)."""
    events: list[tuple[int, dict[str, Any]]] = []
    monkeypatch.setattr(
        program_services,
        "notify_person",
        lambda *, person_id, event: events.append((person_id, event)),
    )
    return events
