"""Test data: factories for every model the foundation has."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.core.models import Membership, Network, NetworkAdmin, Organization, StaffRole
from bridgeway.programs.models import Enrollment, Program
from bridgeway.relationships.models import MentorRequest, Relationship

PASSWORD = "correct-horse-battery-staple"


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ("slug",)

    name = "Test Network"
    slug = "test-network"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"Agency {n}")
    slug = factory.Sequence(lambda n: f"agency-{n}")
    city = "Toronto"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    time_zone = "America/Toronto"

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(PersonFactory)
    role = StaffRole.COORDINATOR


class NetworkAdminFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkAdmin

    network = factory.SubFactory(NetworkFactory)
    person = factory.SubFactory(PersonFactory)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Program {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    summary = "Newcomers meet a mentor in their field."
    is_published = True


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    program = factory.SubFactory(ProgramFactory)
    person = factory.SubFactory(PersonFactory)
    role = Enrollment.Role.MENTEE


def enable_mfa(person: Person) -> str:
    """Give a person a TOTP authenticator; returns its secret."""
    secret = generate_totp_secret()
    if not Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(person, secret)
    return secret


def mentor_request(mentee: Enrollment, mentor: Enrollment, **fields: Any) -> MentorRequest:
    """A request of `mentee` to `mentor` waiting for the mentor's answer, due in three days."""
    return MentorRequest.objects.create(
        program=mentor.program,
        mentee=mentee,
        mentor=mentor,
        source="suggested",
        status=MentorRequest.Status.WAITING,
        due_at=timezone.now() + timedelta(days=3),
        **fields,
    )


def mentorship(mentee: Enrollment, mentor: Enrollment, status: str = "active") -> Relationship:
    """A mentorship of the two in the mentor's program, planned to end in 180 days."""
    return Relationship.objects.create(
        program=mentor.program,
        mentee=mentee,
        mentor=mentor,
        status=status,
        planned_end=date.today() + timedelta(days=180),
    )
