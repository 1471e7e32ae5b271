"""Isolation entries for intake and referrals: agency A's referrals (pending, agreed, received)
and a person's intake stay invisible to every role of agency B."""

from __future__ import annotations

from types import SimpleNamespace

from django.utils import timezone

from bridgeway.programs.intake.models import (
    ConsentRecord,
    ConsentText,
    IntakeSubmission,
    Referral,
)
from tests.factories import EnrollmentFactory, OrganizationFactory, PersonFactory, ProgramFactory
from tests.isolation._shared import CANARY, MISSING, NO_IDS, Entry, Pair, pk_of

MISSING_TOKEN = "x" * 43
FINGERPRINT_MODELS = [ConsentRecord, IntakeSubmission, Referral]


def _referrals(a: SimpleNamespace) -> list[Pair]:
    return [
        ({"pk": referral.pk}, {"pk": MISSING})
        for referral in (a.referral_pending, a.referral_agreed, a.referral_received)
    ]


MATRIX: dict[str, Entry] = {
    "intake:start": NO_IDS,
    "intake:confirm": lambda a: [({"token": a.submission.token}, {"token": MISSING_TOKEN})],
    "intake:referral_answer": lambda a: [
        ({"token": a.referral_pending.token}, {"token": MISSING_TOKEN})
    ],
    "intake:referral_new": pk_of("enrollment"),
    "intake:referral_list": lambda a: [({"org": "agency-a"}, {"org": "no-such-agency"})],
    "intake:referral_detail": _referrals,
    "intake:referral_accept": _referrals,
    "intake:referral_withdraw": _referrals,
    "api:intake-submit": NO_IDS,
    "api:intake-consent": NO_IDS,
    "api:intake-suggestions": NO_IDS,
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    """A's referrals: one to B still waiting for the person (B must see nothing), one the
    person agreed to with a third agency, and one a third agency sent to A."""
    agency_c = OrganizationFactory(network=world.agency_a.network, name="Agency C", slug="agency-c")
    program_c = ProgramFactory(organization=agency_c, name="Program C", slug="c")
    enrollment = a.enrollment
    consent = ConsentText.objects.order_by("-version").first()
    a.submission = IntakeSubmission.objects.create(
        person=world.erin,
        answers={"help": ["settle"], "country": "CA", "city": f"City {CANARY}", "languages": []},
        program_ids=[world.program_a.pk],
        role="mentee",
        consent_text=consent,
    )
    a.referral_pending = Referral.objects.create(
        from_enrollment=enrollment,
        to_program=world.program_b,
        referred_by=world.bob,
        note=f"Pending note {CANARY}",
        shared_fields=["name", "email", "note"],
        expires_at=Referral.default_expiry(),
    )
    a.referral_agreed = Referral.objects.create(
        from_enrollment=enrollment,
        to_program=program_c,
        referred_by=world.bob,
        note=f"Agreed note {CANARY}",
        shared_fields=["name", "email", "note"],
        status=Referral.Status.CONSENTED,
        answered_at=timezone.now(),
        shared={"name": f"Erin {CANARY}", "email": "erin@example.org", "note": CANARY},
        expires_at=Referral.default_expiry(),
    )
    outsider = PersonFactory(email="c-mentee@example.org", display_name=f"C mentee {CANARY}")
    c_enrollment = EnrollmentFactory(program=program_c, person=outsider)
    a.referral_received = Referral.objects.create(
        from_enrollment=c_enrollment,
        to_program=world.program_a,
        note=f"Received note {CANARY}",
        shared_fields=["name", "email", "note"],
        status=Referral.Status.CONSENTED,
        answered_at=timezone.now(),
        shared={"name": f"C mentee {CANARY}", "email": "c-mentee@example.org", "note": CANARY},
        expires_at=Referral.default_expiry(),
    )
