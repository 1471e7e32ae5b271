"""Dashboard panels: a waiting mentee's link to their suggestions, a mentor's open proposals,
and the biggest recruitment gaps on the coordinator's agency page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import ngettext

from bridgeway.core.access import ANY_STAFF, staff_memberships
from bridgeway.core.dashboard import TodoItem
from bridgeway.core.kept_queries import KeptObjects
from bridgeway.core.models import Organization
from bridgeway.matching.models import MatchProposal
from bridgeway.matching.recruitment import agency_gap
from bridgeway.matching.selectors import (
    MENTEE_POOL,
    declines_for_enrollment,
    matching_todo,
    open_proposals_for_mentors,
)
from bridgeway.programs.models import EnrollmentRole, Program

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.programs.models import Enrollment

PROPOSALS_SHOWN = 10
DECLINES_SHOWN = 20


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


def staff_declines_panel(*, enrollment: Enrollment, person: Person) -> dict[str, Any] | None:
    """On the staff page of an enrollment: the proposals a mentor declined, with the reason the
    mentor wrote for the coordinator (the newest DECLINES_SHOWN)."""
    declines = list(declines_for_enrollment(enrollment=enrollment)[:DECLINES_SHOWN])
    if not declines:
        return None
    return {"enrollment": enrollment, "declines": declines}


def agency_gap_panel(*, organization: Organization, person: Person) -> dict[str, Any] | None:
    if not staff_memberships(person).filter(organization=organization, role__in=ANY_STAFF).exists():
        return None
    return {
        "organization": organization,
        "programs": list(Program.objects.filter(organization=organization).order_by("name", "pk")),
        "rows": agency_gap(organization=organization),
    }


# The agency's programs with their three counts: compiled once per process, run with the
# agency's id (the coordinator's dashboard and the agency page ask it on every visit).
_kept_todo = KeptObjects(
    lambda organization_id: matching_todo(organization=Organization(pk=organization_id)), int
)


def todo(*, organization: Organization) -> list[TodoItem]:
    """Per program: mentees to match again after a mentor declined, proposals waiting for the
    mentor's reply, and mentees on the waiting list with no proposal, each linked to the
    program's match board (what has no count is left out)."""
    items = []
    for program in _kept_todo.list(organization.pk):
        declined, unanswered, unplaced = program.declined, program.unanswered, program.unplaced
        if not (declined or unanswered or unplaced):
            continue
        board = reverse("matching:board", args=[program.pk])
        if declined:
            items.append(
                TodoItem(
                    declined,
                    ngettext(
                        "%(count)d mentee to match again: a mentor declined",
                        "%(count)d mentees to match again: a mentor declined",
                        declined,
                    )
                    % {"count": declined},
                    f"{board}#declines-heading",
                    program,
                )
            )
        if unplaced:
            items.append(
                TodoItem(
                    unplaced,
                    ngettext(
                        "%(count)d person on the waiting list to place with a mentor",
                        "%(count)d people on the waiting list to place with a mentor",
                        unplaced,
                    )
                    % {"count": unplaced},
                    board,
                    program,
                )
            )
        if unanswered:
            items.append(
                TodoItem(
                    unanswered,
                    ngettext(
                        "%(count)d proposal waiting for the mentor's reply",
                        "%(count)d proposals waiting for the mentor's reply",
                        unanswered,
                    )
                    % {"count": unanswered},
                    f"{board}#proposals-heading",
                    program,
                )
            )
    return items
