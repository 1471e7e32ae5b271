"""Kinds of notification the agencies' own pages send (listed in BRIDGEWAY_NOTIFICATION_KINDS)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bridgeway.core.models import Invitation
from bridgeway.notifications.kinds import Kind


def _invitation(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    invitation = Invitation.objects.select_related("organization").get(pk=params["invitation"])
    return {"invitation": invitation, "agency": invitation.organization.name}


STAFF_INVITATION = Kind(
    code="core.staff_invitation",
    label=_("Invitations to join an agency's staff"),
    subject=_("You are invited to join %(agency)s on %(site_name)s"),
    summary=_("You are invited to join %(agency)s"),
    template="core/email/invitation.txt",
    context=_invitation,
    mandatory=True,
    roles=(),  # sent to an address, before any account: nothing to choose
    texts=False,
)
