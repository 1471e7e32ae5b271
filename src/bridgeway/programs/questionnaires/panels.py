"""Dashboard panels: profile completeness in each enrollment card, questionnaires on the
agency page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.programs.next_steps import NextStep
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


def profile_panel(
    *, enrollments: Sequence[Enrollment], person: Person
) -> dict[int, dict[str, Any]]:
    """Profile completeness of each active enrollment whose program asks its role anything."""
    active = [e for e in enrollments if e.status in ACTIVE_STATUSES]
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
