"""Who a thing of the network, an agency or a program reaches: the rule the community's spaces
and the learning library's resources share.

A row that uses it has `level` (network, agency or program), `network`, `organization` and
`program` (kept consistent by `scope_constraint`) and an `audience`. A participant is reached
when one of their enrollments is in the row's scope (any program of the network, of the
agency, or the one program) and fits its audience: everyone — any enrollment; mentors /
mentees — an enrollment in that role; alumni — an enrollment whose status is "alumni".
Withdrawn and declined enrollments count for nothing. Staff of an agency manage its rows and
its programs' rows and read the network's; network admins manage the network's rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bridgeway.core.models import Membership, NetworkAdmin
from bridgeway.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person


class Level(models.TextChoices):
    NETWORK = "network", _("Whole network")
    AGENCY = "agency", _("One agency")
    PROGRAM = "program", _("One program")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    MENTORS = "mentors", _("Mentors only")
    MENTEES = "mentees", _("Mentees only")
    ALUMNI = "alumni", pgettext_lazy("audience", "Alumni")


# A person who withdrew or was declined has left the program's community.
GONE = (EnrollmentStatus.WITHDRAWN, EnrollmentStatus.DECLINED)


def scope_constraint(name: str) -> models.CheckConstraint:
    """The level matches the scope: a network row names no agency, a program row both."""
    return models.CheckConstraint(
        condition=(
            Q(level="network", organization__isnull=True, program__isnull=True)
            | Q(level="agency", organization__isnull=False, program__isnull=True)
            | Q(level="program", organization__isnull=False, program__isnull=False)
        ),
        name=name,
    )


def participant_enrollments(person: Person) -> QuerySet[Enrollment]:
    """The enrollments that let a person in: not withdrawn or declined, in an active agency."""
    return Enrollment.objects.filter(person=person, program__organization__is_active=True).exclude(
        status__in=GONE
    )


def _fits_q() -> Q:
    """Of a person's enrollments, one that fits the outer row's scope and audience (for the
    correlated subquery of `participant_q`)."""
    level, audience = OuterRef("level"), OuterRef("audience")
    in_scope = (
        Q(Exact(level, Level.PROGRAM), program_id=OuterRef("program_id"))
        | Q(Exact(level, Level.AGENCY), program__organization_id=OuterRef("organization_id"))
        | Q(Exact(level, Level.NETWORK), program__organization__network_id=OuterRef("network_id"))
    )
    fits = (
        Q(Exact(audience, Audience.EVERYONE))
        | Q(Exact(audience, Audience.MENTORS), role=EnrollmentRole.MENTOR)
        | Q(Exact(audience, Audience.MENTEES), role=EnrollmentRole.MENTEE)
        | Q(Exact(audience, Audience.ALUMNI), status=EnrollmentStatus.ALUMNI)
    )
    return in_scope & fits


def _staff_agencies(person: Person) -> QuerySet[Membership]:
    return Membership.objects.filter(person=person, organization__is_active=True)


def managed_q(person: Person) -> Q:
    """Rows the person manages: their agency's (with its programs'), their network's."""
    agencies = _staff_agencies(person).values("organization_id")
    networks = NetworkAdmin.objects.filter(person=person).values("network_id")
    return Q(level__in=[Level.AGENCY, Level.PROGRAM], organization_id__in=agencies) | Q(
        level=Level.NETWORK, network_id__in=networks
    )


def participant_q(person: Person) -> Q:
    """Rows that reach the person through their enrollments (as a participant only): one
    subquery on the person's few enrollments for each row, which is far cheaper to build
    than a subquery per level and audience (every page's header asks this)."""
    return Q(Exists(participant_enrollments(person).filter(_fits_q())))


def readable_q(person: Person) -> Q:
    """Rows the person reads: as a participant, as staff or as a network admin."""
    return (
        managed_q(person)
        | Q(
            level=Level.NETWORK,
            network_id__in=_staff_agencies(person).values("organization__network_id"),
        )
        | participant_q(person)
    )
