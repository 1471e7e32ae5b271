""" "Each one, reach one" in the demo: Daniel, a mentor of the Professional Bridge cohort,
shared his link with colleagues, and two of them applied through it. Loading again changes
nothing."""

from __future__ import annotations

from django.db import transaction

from bridgeway.accounts.models import Person
from bridgeway.demo.network import DEMO_DOMAIN
from bridgeway.programs.colleagues import referral_link_for
from bridgeway.programs.models import Enrollment, Program, Referral


@transaction.atomic
def demo_colleagues() -> None:
    cohort = Program.objects.get(organization__slug="maple", slug="professional-bridge")
    daniel = Person.objects.get(email=f"mentor.daniel@{DEMO_DOMAIN}")
    link = referral_link_for(person=daniel, program_id=cohort.pk)
    for local in ("mentee.chidi", "mentee.iryna"):
        enrollment = Enrollment.objects.get(
            program=cohort, person__email=f"{local}@{DEMO_DOMAIN}", role="mentee"
        )
        Referral.objects.get_or_create(
            program=cohort,
            applicant=enrollment.person,
            defaults={"link": link, "referrer": daniel, "enrollment": enrollment},
        )
