"""The recruitment gap: mentees the assignment cannot place, grouped by what they need, with
the mentors who could take them ("Arabic + Health occupations: 14 mentees waiting, 0 mentors
with free places")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q

from bridgeway.matching.reasons import gap_needs_text, gap_text
from bridgeway.matching.selectors import MENTEE_POOL, MatchContext, matching_context
from bridgeway.programs.models import EnrollmentRole, Program

if TYPE_CHECKING:
    from bridgeway.core.models import Organization

PANEL_PROGRAMS = 10
PANEL_GROUPS = 5


@dataclass(frozen=True)
class GapRow:
    program: Program
    needs: str
    text: str
    mentees: int
    mentors_compatible: int
    mentors_with_capacity: int
    free_places: int
    shortfall: int


def gap_rows(context: MatchContext) -> list[GapRow]:
    """Groups of the mentees an assignment that matches as many as possible leaves waiting,
    biggest shortfall first, in the reader's language."""
    if context.engine is None or not context.mentees:
        return []
    assignment = context.assign("count")
    rows = []
    for group in context.gap(assignment):
        data = group.to_dict()
        rows.append(
            GapRow(
                program=context.program,
                needs=gap_needs_text(data["needs"], context.questions),
                text=gap_text(data, context.questions),
                mentees=group.mentees,
                mentors_compatible=group.mentors_compatible,
                mentors_with_capacity=group.mentors_with_capacity,
                free_places=group.free_places,
                shortfall=group.shortfall,
            )
        )
    return rows


def program_gap(*, program: Program) -> list[GapRow]:
    return gap_rows(matching_context(program=program))


def agency_gap(*, organization: Organization) -> list[GapRow]:
    """The biggest shortfalls across the agency's programs that have mentees waiting."""
    programs = (
        Program.objects.filter(organization=organization)
        .annotate(
            waiting=Count(
                "enrollments",
                filter=Q(
                    enrollments__role=EnrollmentRole.MENTEE,
                    enrollments__status__in=MENTEE_POOL,
                ),
            )
        )
        .filter(waiting__gt=0)
        .select_related("organization")
        .order_by("-waiting", "name")[:PANEL_PROGRAMS]
    )
    rows = [row for program in programs for row in program_gap(program=program) if row.shortfall]
    rows.sort(key=lambda r: (-r.shortfall, -r.mentees, r.text))
    return rows[:PANEL_GROUPS]
