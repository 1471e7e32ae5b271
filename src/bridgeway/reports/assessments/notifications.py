"""The notification that an assessment waits for the person (BRIDGEWAY_NOTIFICATION_KINDS),
with a link to its page, in the person's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bridgeway.core.i18n import translated
from bridgeway.notifications.kinds import Kind
from bridgeway.reports.assessments.models import Assessment, Moment

MOMENT_WORDS = {
    Moment.BEFORE: _("before your program starts"),
    Moment.MIDPOINT: _("half-way through your mentorship"),
    Moment.CLOSURE: _("now that your mentorship has ended"),
    Moment.FOLLOW_UP_3: _("three months after your mentorship"),
    Moment.FOLLOW_UP_6: _("six months after your mentorship"),
}


def _assessment(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    assessment = (
        Assessment.objects.filter(pk=params.get("assessment") or 0)
        .select_related("instrument__program")
        .first()
    )
    if assessment is None:
        return {"instrument": "", "program": "", "when": ""}
    return {
        "instrument": translated(assessment.instrument.title),
        "program": assessment.instrument.program.name,
        "when": str(MOMENT_WORDS.get(Moment(assessment.moment), "")),
    }


ASSESSMENT = Kind(
    code="reports.assessment",
    label=_("Questions from your program about what changes for you"),
    subject=_("%(program)s: a few questions %(when)s"),
    summary=_(
        "%(program)s asks a few questions %(when)s: “%(instrument)s”. It takes about five minutes."
    ),
    context=_assessment,
    needs_answer=True,
    roles=("mentee", "mentor"),
)
