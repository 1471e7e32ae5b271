"""What requests and relationships add to the dashboards (BRIDGEWAY_PANELS)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bridgeway.accounts.models import Person
from bridgeway.programs.models import Enrollment, EnrollmentRole
from bridgeway.relationships.flash import next_steps
from bridgeway.relationships.selectors import (
    proposals_to_confirm_for_mentees,
    relationships_for_enrollments,
    waiting_requests_for_mentors,
)


def enrollment_panel(
    *, enrollments: Sequence[Enrollment], person: Person
) -> dict[int, dict[str, Any]]:
    """Each enrollment's mentorships, for a mentor the requests waiting for an answer, and for
    a mentee the proposed mentors waiting for theirs (where both confirm)."""
    ids = [e.pk for e in enrollments]
    relationships = relationships_for_enrollments(enrollment_ids=ids)
    mentor_ids = [e.pk for e in enrollments if e.role == EnrollmentRole.MENTOR]
    waiting = waiting_requests_for_mentors(mentor_ids=mentor_ids) if mentor_ids else {}
    # What comes next in a flash mentorship (one conversation), said on the panel.
    steps = next_steps([r for found in relationships.values() for r in found], person)
    mentee_ids = [e.pk for e in enrollments if e.role == EnrollmentRole.MENTEE]
    to_confirm = proposals_to_confirm_for_mentees(mentee_ids=mentee_ids) if mentee_ids else {}
    shown = {}
    for enrollment in enrollments:
        context = {
            "enrollment": enrollment,
            "relationships": [
                (r, steps.get(r.pk, "")) for r in relationships.get(enrollment.pk, [])
            ],
            "requests": waiting.get(enrollment.pk, []),
            "to_confirm": to_confirm.get(enrollment.pk, []),
        }
        if context["relationships"] or context["requests"] or context["to_confirm"]:
            shown[enrollment.pk] = context
    return shown
