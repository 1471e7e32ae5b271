"""The emails of data exports, in the person's language (BRIDGEWAY_NOTIFICATION_KINDS)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from bridgeway.notifications.kinds import Kind
from bridgeway.notifications.render import when
from bridgeway.privacy.exports.models import ExportRequest


def _ready(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    export = ExportRequest.objects.filter(pk=params["export"]).first()
    expires = ""
    if export is not None and export.expires_at is not None:
        zone = getattr(recipient, "time_zone", "") or "UTC"
        day = formats.date_format(export.expires_at.astimezone(ZoneInfo(zone)), "DATE_FORMAT")
        expires = f"{day} ({when(export.expires_at, zone)})"
    return {"expires": expires}


EXPORT_READY = Kind(
    code="privacy.export_ready",
    label=_("A copy of your data is ready"),
    subject=_("Your data is ready to download"),
    summary=_("The copy of your data you asked for is ready to download."),
    template="privacy_exports/email/ready.txt",
    context=_ready,
    mandatory=True,
    roles=(),  # asked for: always sent, nothing to choose
    texts=False,
)

EXPORT_FAILED = Kind(
    code="privacy.export_failed",
    label=_("A copy of your data could not be prepared"),
    subject=_("We could not prepare your data"),
    summary=_("We could not prepare the copy of your data you asked for. Please ask again."),
    mandatory=True,
    roles=(),
    texts=False,
)
