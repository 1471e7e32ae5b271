"""Kinds of notification of screening (BRIDGEWAY_NOTIFICATION_KINDS)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django.utils.translation import gettext_lazy as _

from bridgeway.core.i18n import translated
from bridgeway.notifications.kinds import Kind
from bridgeway.programs.models import Enrollment
from bridgeway.programs.readiness import readiness_blockers
from bridgeway.programs.screening.models import ScreeningCheck
from bridgeway.programs.screening.selectors import local_date


def _decision(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    enrollment = Enrollment.objects.select_related("program__organization", "person").get(
        pk=params["enrollment"]
    )
    return {
        "enrollment": enrollment,
        "program": enrollment.program.name,
        "agency": enrollment.program.organization.name,
        # What still stands between an approved person and "ready" (training, profile).
        "next_steps": readiness_blockers(enrollment),
    }


def _check(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    check = ScreeningCheck.objects.select_related(
        "item", "enrollment__person", "enrollment__program__organization"
    ).get(pk=params["check"])
    return {
        "check": check,
        "enrollment": check.enrollment,
        "item": translated(check.item.label) or check.item.get_kind_display(),
        "item_label": check.item.label,
        "program": check.enrollment.program.name,
        "expired_on": local_date(cast(datetime, check.expires_at)),
    }


APPROVED = Kind(
    code="screening.approved",
    label=_("Your application is approved"),
    subject=_("You are approved for %(program)s"),
    summary=_("%(agency)s has approved you for %(program)s."),
    template="screening/email/approved.txt",
    context=_decision,
    needs_answer=True,
    roles=("mentee", "mentor"),
)

DECLINED = Kind(
    code="screening.declined",
    label=_("Your application is declined"),
    subject=_("About your application to %(program)s"),
    summary=_("%(agency)s cannot accept your application to %(program)s this time."),
    template="screening/email/declined.txt",
    context=_decision,
    needs_answer=True,
    roles=("mentee", "mentor"),
)

RENEWAL = Kind(
    code="screening.renewal",
    label=_("A screening check needs renewing"),
    subject=_("Your %(item)s needs renewing"),
    summary=_("Your %(item)s for %(program)s expired on %(expired_on)s."),
    template="screening/email/check_expired.txt",
    context=_check,
    needs_answer=True,
    roles=("mentee", "mentor"),
)
