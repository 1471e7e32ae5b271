"""The changes of status of accepting and closing, as the people and their coordinator read
them: each person's history with its own reason, the audit log, and the waiting list (the
matched mentee's place gone, everyone else's places as they were)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from bridgeway.core.models import AuditEvent
from bridgeway.core.services import DomainError
from bridgeway.programs.models import Enrollment, StatusChange, WaitlistEntry
from bridgeway.programs.services import enrollments_set_status_locked
from bridgeway.programs.waitlist import waitlist_sync
from bridgeway.relationships import services
from bridgeway.relationships.closure import relationship_close

pytestmark = pytest.mark.django_db


def _history(enrollment: Enrollment) -> list[tuple[str, str, str]]:
    return list(
        StatusChange.objects.filter(enrollment=enrollment)
        .order_by("pk")
        .values_list("from_status", "to_status", "reason")
    )


def _places(program: Any) -> list[tuple[int, int]]:
    return list(
        WaitlistEntry.objects.filter(program=program)
        .order_by("position")
        .values_list("enrollment_id", "position")
    )


def test_accepting_and_closing_write_each_persons_change_with_its_reason(
    cohort: SimpleNamespace,
) -> None:
    amal, bo, chen, dana = cohort.amal, cohort.bo, cohort.chen, cohort.dana
    for mentee in (bo, amal, chen):
        waitlist_sync(enrollment=mentee)
    assert _places(cohort.program) == [(bo.pk, 1), (amal.pk, 2), (chen.pk, 3)]
    [request] = services.requests_send(
        mentee=amal, mentor_ids=[dana.pk], message="", by=amal.person
    )
    relationship = services.request_accept(request=request, by=dana.person)
    amal.refresh_from_db()
    dana.refresh_from_db()
    assert (amal.status, amal.status_reason) == ("matched", "Matched with Dana.")
    assert (dana.status, dana.status_reason) == ("matched", "Matched with Amal.")
    assert amal.status_changed_at == dana.status_changed_at
    assert _history(amal) == [("ready", "matched", "Matched with Dana.")]
    assert _history(dana) == [("ready", "matched", "Matched with Amal.")]
    # Amal's place is gone; the others keep theirs.
    assert _places(cohort.program) == [(bo.pk, 1), (chen.pk, 3)]
    audited = AuditEvent.objects.filter(action="enrollment.status").order_by("pk")
    assert [(e.target_id, e.data["from"], e.data["to"]) for e in audited] == [
        (str(amal.pk), "ready", "matched"),
        (str(dana.pk), "ready", "matched"),
    ]

    relationship_close(relationship=relationship, by=amal.person, reason="goals_met")
    amal.refresh_from_db()
    dana.refresh_from_db()
    assert (amal.status, dana.status) == ("closed", "ready")
    assert [row[:2] for row in _history(amal)] == [("ready", "matched"), ("matched", "closed")]
    assert [row[:2] for row in _history(dana)] == [
        ("ready", "matched"),
        ("matched", "closed"),
        ("closed", "ready"),
    ]
    assert _places(cohort.program) == [(bo.pk, 1), (chen.pk, 3)]


def test_a_change_of_several_people_is_refused_as_a_whole(cohort: SimpleNamespace) -> None:
    amal, dana = cohort.amal, cohort.dana
    Enrollment.objects.filter(pk=dana.pk).update(status="applied")
    amal.refresh_from_db()
    dana.refresh_from_db()
    with pytest.raises(DomainError, match="cannot become"):
        enrollments_set_status_locked(
            changes=[(amal, "Matched."), (dana, "Matched.")], status="matched", by=None
        )
    assert not StatusChange.objects.filter(enrollment__in=[amal, dana]).exists()
    amal.refresh_from_db()
    assert amal.status == "ready"


def test_a_mentors_waiting_requests_are_read_by_their_kept_query(cohort: SimpleNamespace) -> None:
    from bridgeway.relationships.selectors import _waiting_for_mentor, waiting_requests_for_mentors

    amal, dana = cohort.amal, cohort.dana
    services.requests_send(mentee=amal, mentor_ids=[dana.pk], message="", by=amal.person)
    assert _waiting_for_mentor.compiled() is not None  # compiled, not built on every call
    one = waiting_requests_for_mentors(mentor_ids=[dana.pk])[dana.pk]
    several = waiting_requests_for_mentors(mentor_ids=[dana.pk, cohort.fay.pk])[dana.pk]
    assert [(r.pk, r.mentee.person.name) for r in one] == [
        (r.pk, r.mentee.person.name) for r in several
    ]
    assert [r.mentee_id for r in one] == [amal.pk]
