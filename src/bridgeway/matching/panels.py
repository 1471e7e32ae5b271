"""Dashboard panels: a waiting mentee's link to their suggestions, a mentor's open proposals,
and the biggest recruitment gaps on the coordinator's agency page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bridgeway.core.access import ANY_STAFF, staff_memberships
from bridgeway.matching.models import MatchProposal
from bridgeway.matching.recruitment import agency_gap
from bridgeway.matching.selectors import MENTEE_POOL, open_proposals_for_mentors
from bridgeway.programs.models import EnrollmentRole, Program

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Organization
    from bridgeway.programs.models import Enrollment

PROPOSALS_SHOWN = 10


def mentee_suggestions_panel(
    *, enrollments: Sequence[Enrollment], person: Person
) -> dict[int, dict[str, Any]]:
    return {
        e.pk: {"enrollment": e}
        for e in enrollments
        if e.role == EnrollmentRole.MENTEE and e.status in MENTEE_POOL
    }


def mentor_proposals_panel(
    *, enrollments: Sequence[Enrollment], person: Person
) -> dict[int, dict[str, Any]]:
    """Each mentor enrollment's open proposals (the newest PROPOSALS_SHOWN)."""
    mentors = {e.pk: e for e in enrollments if e.role == EnrollmentRole.MENTOR}
    proposals: dict[int, list[MatchProposal]] = defaultdict(list)
    for proposal in open_proposals_for_mentors(mentors=list(mentors.values())):
        if len(proposals[proposal.mentor_id]) < PROPOSALS_SHOWN:
            proposals[proposal.mentor_id].append(proposal)
    return {pk: {"enrollment": mentors[pk], "proposals": shown} for pk, shown in proposals.items()}


def agency_gap_panel(*, organization: Organization, person: Person) -> dict[str, Any] | None:
    if not staff_memberships(person).filter(organization=organization, role__in=ANY_STAFF).exists():
        return None
    return {
        "organization": organization,
        "programs": list(Program.objects.filter(organization=organization).order_by("name", "pk")),
        "rows": agency_gap(organization=organization),
    }
