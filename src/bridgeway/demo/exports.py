"""A copy of her data in the demo: Yara, a mentee of Maple, asked for one from her account; it
was prepared and she downloaded it, so her "Your data" page and Maple's list of requests show a
request answered. Loading again changes nothing."""

from __future__ import annotations

from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.demo.network import DEMO_DOMAIN
from bridgeway.privacy.exports.models import ExportRequest
from bridgeway.privacy.exports.services import export_ask, export_build


def demo_exports() -> None:
    yara = Person.objects.filter(email=f"mentee.yara@{DEMO_DOMAIN}").first()
    if yara is None or ExportRequest.objects.filter(person=yara).exists():
        return
    export = export_ask(person=yara, asked_by=yara)
    export_build(export_id=export.pk)
    ExportRequest.objects.filter(pk=export.pk).update(delivered_at=timezone.now())
