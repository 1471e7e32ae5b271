"""Erasure requests for `make run`: María Restrepo asked to delete her account (waiting for
Maple's review), and the coordinator recorded Chidi Eze's request made by phone, on hold while
a concern he raised is still open. Running it again changes nothing."""

from __future__ import annotations

from django.db import transaction

from bridgeway.accounts.models import Person
from bridgeway.concerns.models import Concern
from bridgeway.demo.network import DEMO_DOMAIN
from bridgeway.privacy.erasure.models import ErasureRequest
from bridgeway.privacy.erasure.services import agencies_of
from bridgeway.programs.models import Enrollment


@transaction.atomic
def demo_erasure() -> None:
    maria = Person.objects.filter(email=f"mentee.maria@{DEMO_DOMAIN}").first()
    chidi = Person.objects.filter(email=f"mentee.chidi@{DEMO_DOMAIN}").first()
    coordinator = Person.objects.filter(email=f"maple.coordinator@{DEMO_DOMAIN}").first()
    if maria is None or chidi is None or coordinator is None:
        return
    if ErasureRequest.objects.filter(person__in=[maria, chidi]).exists():
        return
    mine = ErasureRequest.objects.create(person=maria, requested_by=maria)
    mine.organizations.set(agencies_of(maria))
    enrollment = (
        Enrollment.objects.filter(person=chidi, program__organization__slug="maple")
        .select_related("program")
        .first()
    )
    if enrollment is None:
        return
    Concern.objects.create(
        organization=enrollment.program.organization,
        program=enrollment.program,
        reporter=chidi,
        category="other",
        description="Nobody answered my questions about the program for three weeks.",
    )
    held = ErasureRequest.objects.create(
        person=chidi,
        requested_by=coordinator,
        by_staff=True,
        reason="He called the office and asked us to delete his account.",
    )
    held.organizations.set(agencies_of(chidi))
