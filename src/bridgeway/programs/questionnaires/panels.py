"""Dashboard panels: profile completeness in each enrollment card, questionnaires on the
agency page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.programs.next_steps import NextStep
from bridgeway.programs.questionnaires.selectors import (
    completeness_counts,
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


def profile_panel(*, enrollment: Enrollment, person: Person) -> dict[str, Any] | None:
    """Nothing when the program asks this role no question or the enrollment is over."""
    if enrollment.status not in ACTIVE_STATUSES:
        return None
    counts = completeness_counts(enrollment)
    if not counts["total"]:
        return None
    return {
        "enrollment": enrollment,
        "answered": counts["answered"],
        "required": counts["required"],
    }


def agency_panel(*, organization: Organization, person: Person) -> dict[str, Any] | None:
    programs = list(questionnaire_overview(organization=organization)[:AGENCY_PANEL_PROGRAMS])
    if not programs:
        return None
    return {"programs": programs}
