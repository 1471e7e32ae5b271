"""Dashboard panels: profile completeness in each enrollment card, questionnaires on the
agency page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import F, Func, IntegerField, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.programs.next_steps import NextStep
from bridgeway.programs.questionnaires.models import Answer, Audience, Question
from bridgeway.programs.questionnaires.selectors import (
    completeness_counts,
    completeness_counts_for,
    questionnaire_overview,
)
from bridgeway.programs.services import ACTIVE_STATUSES

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Organization
    from bridgeway.programs.models import Enrollment

AGENCY_PANEL_PROGRAMS = 25


def next_steps(enrollment: Enrollment) -> list[NextStep]:
    """Fill in the profile, when the program asks this role anything."""
    counts = completeness_counts(enrollment)
    if not counts["total"]:
        return []
    missing = counts["required"] - counts["answered"]
    url = reverse("questionnaires:profile", args=[enrollment.pk])
    if missing <= 0:
        return [
            NextStep(
                _(
                    "Fill in your profile if you like: it helps the coordinator find the "
                    "right match."
                ),
                url,
            )
        ]
    text = ngettext(
        "Fill in your profile: %(count)d required question to answer.",
        "Fill in your profile: %(count)d required questions to answer.",
        missing,
    )
    return [NextStep(text % {"count": missing}, url)]


# Asked by the dashboard with the person's enrollments (dashboard/reads.py), in the same
# statement: `completeness_counts` of each enrollment, counted by the database. Enrollments
# read without them (any other caller) are counted by `completeness_counts_for`.
HINT_TOTAL = "panel_profile_total"
HINT_REQUIRED = "panel_profile_required"
HINT_ANSWERED = "panel_profile_answered"


def _counted(queryset: Any) -> Subquery:
    """How many rows `queryset` has, as a column of the outer query (one row, no grouping)."""
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
        output_field=IntegerField(),
    )


def dashboard_hints() -> dict[str, Any]:
    asked = Question.objects.filter(
        Q(audience=OuterRef("role")) | Q(audience=Audience.BOTH),
        program_id=OuterRef("program_id"),
    )
    answered = Answer.objects.filter(
        Q(question__audience=OuterRef("role")) | Q(question__audience=Audience.BOTH),
        enrollment_id=OuterRef("pk"),
        question__program_id=OuterRef("program_id"),
        question__is_required=True,
    )
    return {
        HINT_TOTAL: _counted(asked),
        HINT_REQUIRED: _counted(asked.filter(is_required=True)),
        HINT_ANSWERED: _counted(answered),
    }


def _hinted_counts(enrollments: Sequence[Enrollment]) -> dict[int, dict[str, int]] | None:
    if not all(hasattr(e, HINT_TOTAL) for e in enrollments):
        return None
    return {
        e.pk: {
            "total": getattr(e, HINT_TOTAL),
            "required": getattr(e, HINT_REQUIRED),
            "answered": getattr(e, HINT_ANSWERED),
        }
        for e in enrollments
    }


def profile_panel(
    *, enrollments: Sequence[Enrollment], person: Person
) -> dict[int, dict[str, Any]]:
    """Profile completeness of each active enrollment whose program asks its role anything."""
    active = [e for e in enrollments if e.status in ACTIVE_STATUSES]
    all_counts = _hinted_counts(active)
    if all_counts is None:
        all_counts = completeness_counts_for(enrollments=active)
    contexts = {}
    for enrollment in active:
        counts = all_counts[enrollment.pk]
        if counts["total"]:
            contexts[enrollment.pk] = {
                "enrollment": enrollment,
                "answered": counts["answered"],
                "required": counts["required"],
            }
    return contexts


def agency_panel(*, organization: Organization, person: Person) -> dict[str, Any] | None:
    programs = list(questionnaire_overview(organization=organization)[:AGENCY_PANEL_PROGRAMS])
    if not programs:
        return None
    return {"programs": programs}
