"""Dashboard panels: a waiting mentee's link to their suggestions, a mentor's open proposals,
and the biggest recruitment gaps on the coordinator's agency page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bridgeway.core.access import ANY_STAFF, staff_memberships
from bridgeway.matching.recruitment import agency_gap
from bridgeway.matching.selectors import MENTEE_POOL, open_proposals_for_mentor
from bridgeway.programs.models import EnrollmentRole, Program

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Organization
    from bridgeway.programs.models import Enrollment


def mentee_suggestions_panel(*, enrollment: Enrollment, person: Person) -> dict[str, Any] | None:
    if enrollment.role != EnrollmentRole.MENTEE or enrollment.status not in MENTEE_POOL:
        return None
    return {"enrollment": enrollment}


def mentor_proposals_panel(*, enrollment: Enrollment, person: Person) -> dict[str, Any] | None:
    if enrollment.role != EnrollmentRole.MENTOR:
        return None
    proposals = list(open_proposals_for_mentor(mentor=enrollment)[:10])
    if not proposals:
        return None
    return {"enrollment": enrollment, "proposals": proposals}


def agency_gap_panel(*, organization: Organization, person: Person) -> dict[str, Any] | None:
    if not staff_memberships(person).filter(organization=organization, role__in=ANY_STAFF).exists():
        return None
    return {
        "organization": organization,
        "programs": list(Program.objects.filter(organization=organization).order_by("name", "pk")),
        "rows": agency_gap(organization=organization),
    }
