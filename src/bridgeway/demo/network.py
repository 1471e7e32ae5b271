"""The demo network that `make run` loads: two agencies, three kinds of program, people from
many countries. Loading it again changes nothing that is already there."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.core.models import Membership, Network, NetworkAdmin, Organization, StaffRole
from bridgeway.programs.models import Enrollment, EnrollmentStatus, Program
from bridgeway.programs.waitlist import waitlist_sync

DEMO_PASSWORD = "bridgeway-demo-2026"  # noqa: S105 (demo accounts only, printed by make run)
DEMO_DOMAIN = "demo.bridgeway.test"


@dataclass(frozen=True)
class DemoSignIn:
    email: str
    role: str
    totp_secret: str = ""


def demo_totp_secret(email: str) -> str:
    """A fixed secret per demo account, so the printed secret stays valid across reloads."""
    digest = hashlib.sha256(f"bridgeway-demo:{email}".encode()).digest()[:20]
    return base64.b32encode(digest).decode()


PEOPLE = [
    # email, name, language, spoken, country, time zone, accessibility
    ("network", "Nadia Okafor", "en", ["en", "fr"], "CA", "America/Toronto", []),
    ("maple.admin", "Marc Tremblay", "fr", ["fr", "en"], "CA", "America/Toronto", []),
    ("maple.coordinator", "Amira Haddad", "en", ["en", "ar", "fr"], "CA", "America/Toronto", []),
    ("prairie.admin", "Grace Whitehorse", "en", ["en"], "CA", "America/Winnipeg", []),
    ("prairie.coordinator", "Luis Ortega", "en", ["en", "es"], "CA", "America/Winnipeg", []),
    ("mentor.daniel", "Daniel Cohen", "en", ["en", "he"], "CA", "America/Toronto", []),
    ("mentor.fatima", "Fatima Rahimi", "en", ["en", "fa", "ps"], "CA", "America/Vancouver", []),
    ("mentor.sophie", "Sophie Gagnon", "fr", ["fr", "en"], "CA", "America/Montreal", []),
    ("mentor.olena", "Olena Kovalenko", "en", ["en", "uk", "ru"], "CA", "America/Edmonton", []),
    ("mentor.kwame", "Kwame Mensah", "en", ["en"], "CA", "America/Halifax", ["captions"]),
    ("mentee.yara", "Yara Al-Masri", "en", ["ar", "en"], "SY", "Asia/Damascus", []),
    ("mentee.ahmad", "Ahmad Karimi", "en", ["fa", "ps", "en"], "AF", "Asia/Kabul", ["interpreter"]),
    ("mentee.maria", "María Restrepo", "fr", ["es", "fr"], "CO", "America/Bogota", []),
    ("mentee.jose", "Jose Santos", "en", ["tl", "en"], "PH", "Asia/Manila", []),
    ("mentee.iryna", "Iryna Shevchenko", "en", ["uk", "en"], "CA", "America/Winnipeg", []),
    (
        "mentee.priya",
        "Priya Nair",
        "en",
        ["en", "ml", "hi"],
        "CA",
        "America/Toronto",
        ["screen_reader"],
    ),
    ("mentee.chidi", "Chidi Eze", "en", ["en", "ig"], "NG", "Africa/Lagos", []),
]
STAFF = {
    "maple.admin": ("maple", StaffRole.ADMIN),
    "maple.coordinator": ("maple", StaffRole.COORDINATOR),
    "prairie.admin": ("prairie", StaffRole.ADMIN),
    "prairie.coordinator": ("prairie", StaffRole.COORDINATOR),
}


def _email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


def _person(
    local: str, name: str, language: str, spoken: list[str], country: str, tz: str, needs: list[str]
) -> Person:
    email = _email(local)
    person, created = Person.objects.get_or_create(
        email=email,
        defaults={
            "display_name": name,
            "preferred_language": language,
            "spoken_languages": spoken,
            "country": country,
            "time_zone": tz,
            "accessibility_needs": needs,
        },
    )
    if created:
        person.set_password(DEMO_PASSWORD)
        person.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=person, email=email, defaults={"verified": True, "primary": True}
    )
    return person


def _totp(person: Person) -> str:
    secret = demo_totp_secret(person.email)
    if not Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(person, secret)
    return secret


@transaction.atomic
def demo_load() -> list[DemoSignIn]:
    network, _ = Network.objects.get_or_create(
        slug="demo", defaults={"name": "Bridgeway Demo Network"}
    )
    maple, _ = Organization.objects.get_or_create(
        slug="maple",
        defaults={
            "network": network,
            "name": "Maple Settlement Services",
            "city": "Toronto",
            "description": "Settlement services for newcomers to Ontario since 1985.",
            "contact_email": "hello@maple.example",
        },
    )
    prairie, _ = Organization.objects.get_or_create(
        slug="prairie",
        defaults={
            "network": network,
            "name": "Prairie Newcomer and Enterprise Centre",
            "city": "Winnipeg",
            "description": "Employment and entrepreneurship programs in Manitoba.",
            "contact_email": "info@prairie.example",
        },
    )
    agencies = {"maple": maple, "prairie": prairie}
    people = {row[0]: _person(*row) for row in PEOPLE}

    sign_ins = [DemoSignIn(_email("network"), "network admin", _totp(people["network"]))]
    NetworkAdmin.objects.get_or_create(network=network, person=people["network"])
    for local, (agency, staff_role) in STAFF.items():
        Membership.objects.get_or_create(
            organization=agencies[agency], person=people[local], defaults={"role": staff_role}
        )
        sign_ins.append(DemoSignIn(_email(local), f"{agency} {staff_role}", _totp(people[local])))

    today = timezone.localdate()
    cohort_start = date(today.year, 9, 8) if today.month < 9 else date(today.year + 1, 1, 12)
    hosts = _program(
        maple,
        "welcome-hosts",
        name="Welcome Hosts — before and after you arrive",
        kind=Program.Kind.ONE_TO_ONE,
        purpose=Program.Purpose.HOSTING,
        summary="A volunteer host helps you prepare your move and settle in your first months.",
        description="Hosts answer questions before you land, help with housing, banking and "
        "schools, and introduce you to the community.",
        goals="Feel at home; know where to find services; build a first local network.",
        is_pre_arrival=True,
        duration_weeks=26,
        languages=["en", "fr", "ar", "fa", "uk", "es"],
    )
    cohort = _program(
        maple,
        "professional-bridge",
        name="Professional Bridge — 4-month cohort",
        kind=Program.Kind.ONE_TO_ONE,
        purpose=Program.Purpose.PROFESSIONAL,
        summary="Skilled newcomers meet a professional in their field for four months.",
        description="Mentors share how their occupation works in Canada: licensing, "
        "networks, interviews and workplace culture.",
        goals="A job in your field or a clear plan to reach it.",
        duration_weeks=17,
        cohort_start=cohort_start,
        cohort_end=cohort_start + timedelta(weeks=17),
        mentor_capacity_default=2,
    )
    enterprise = _program(
        prairie,
        "enterprise-ability",
        name="Enterprise Ability — entrepreneurs with disabilities",
        kind=Program.Kind.GROUP,
        purpose=Program.Purpose.ENTREPRENEURSHIP,
        summary="Business owners mentor entrepreneurs with disabilities from idea to launch.",
        description="Small groups meet by video with captions; materials in plain language.",
        goals="A tested business plan and first customers.",
        duration_weeks=24,
        mentor_capacity_default=3,
    )
    flash = _program(
        prairie,
        "career-conversations",
        name="Career Conversations",
        kind=Program.Kind.FLASH,
        purpose=Program.Purpose.PROFESSIONAL,
        summary="One hour with a professional to ask anything about your occupation.",
        duration_weeks=2,
    )

    S = EnrollmentStatus
    enrollments = [
        (hosts, "mentee.yara", "mentee", S.READY),
        (hosts, "mentee.ahmad", "mentee", S.SCREENING),
        (hosts, "mentee.maria", "mentee", S.APPLIED),
        (hosts, "mentor.fatima", "mentor", S.READY),
        (hosts, "mentor.sophie", "mentor", S.TRAINING),
        (cohort, "mentee.jose", "mentee", S.WAITLISTED),
        (cohort, "mentee.priya", "mentee", S.READY),
        (cohort, "mentee.chidi", "mentee", S.APPLIED),
        (cohort, "mentee.iryna", "mentee", S.TRAINING),
        (cohort, "mentor.daniel", "mentor", S.READY),
        (cohort, "mentor.kwame", "mentor", S.SCREENING),
        (enterprise, "mentee.priya", "mentee", S.APPLIED),
        (enterprise, "mentor.kwame", "mentor", S.READY),
        (flash, "mentee.iryna", "mentor", S.APPLIED),
        (flash, "mentor.olena", "mentor", S.READY),
        (flash, "mentee.chidi", "mentee", S.READY),
    ]
    for program, local, role, state in enrollments:
        enrollment, created = Enrollment.objects.get_or_create(
            program=program,
            person=people[local],
            role=role,
            defaults={
                "status": state,
                "capacity": program.mentor_capacity_default if role == "mentor" else None,
            },
        )
        if created:
            waitlist_sync(enrollment=enrollment)  # someone waiting holds a place in the list
    for local in [row[0] for row in PEOPLE if row[0].startswith(("mentor.", "mentee."))]:
        sign_ins.append(DemoSignIn(_email(local), local.split(".")[0]))
    return sign_ins


def _program(organization: Organization, slug: str, **fields: object) -> Program:
    program, _ = Program.objects.get_or_create(
        organization=organization, slug=slug, defaults={"is_published": True, **fields}
    )
    return program
