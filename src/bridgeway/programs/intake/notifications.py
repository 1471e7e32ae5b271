"""Kinds of notification of intake and referrals (BRIDGEWAY_NOTIFICATION_KINDS)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bridgeway.notifications.kinds import Kind
from bridgeway.programs.intake.models import Referral


def _referral(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    referral = Referral.objects.select_related(
        "from_enrollment__program__organization", "to_program__organization"
    ).get(pk=params["referral"])
    return {
        "referral": referral,
        "sender": referral.from_enrollment.program.organization.name,
        "program": referral.to_program.name,
    }


INTAKE_CONFIRM = Kind(
    code="intake.confirm",
    label=_("Finishing an application"),
    subject=_("Finish your application on %(site_name)s"),
    summary=_("Finish your application: open the link and sign in."),
    template="intake/email/confirm.txt",
    mandatory=True,
    roles=(),  # the link that finishes an application: always sent, nothing to choose
    texts=False,
)

REFERRAL = Kind(
    code="intake.referral",
    label=_("Programs at other agencies suggested for you"),
    subject=_("A program at another agency could help you"),
    summary=_(
        "%(sender)s suggests the program “%(program)s”: see what would be shared, then answer."
    ),
    template="intake/email/referral.txt",
    context=_referral,
    needs_answer=True,
    roles=("mentee", "mentor"),
)
