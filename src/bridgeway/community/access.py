"""Who may read, post in and manage a space.

A participant reads (and posts in) a space when one of their enrollments is in its scope (any
program of the network, of the agency, or the one program) and fits its audience. Staff of an
agency read and manage the agency's and its programs' spaces and read the network's; network
admins manage the network's spaces. Every other space is as absent as one that does not exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from bridgeway.community.models import Audience, Level, Space
from bridgeway.core.models import Membership, NetworkAdmin
from bridgeway.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

# A person who withdrew or was declined has left the program's community.
GONE = (EnrollmentStatus.WITHDRAWN, EnrollmentStatus.DECLINED)


def _enrollments(person: Person) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(person=person, program__organization__is_active=True).exclude(
        status__in=GONE
    )


def _audience_q(enrollments: QuerySet[Enrollment], audience: str) -> Q:
    if audience == Audience.MENTORS:
        enrollments = enrollments.filter(role=EnrollmentRole.MENTOR)
    elif audience == Audience.MENTEES:
        enrollments = enrollments.filter(role=EnrollmentRole.MENTEE)
    elif audience == Audience.ALUMNI:
        enrollments = enrollments.filter(status=EnrollmentStatus.ALUMNI)
    programs = enrollments.values("program_id")
    agencies = enrollments.values("program__organization_id")
    networks = enrollments.values("program__organization__network_id")
    return Q(audience=audience) & (
        Q(level=Level.PROGRAM, program_id__in=programs)
        | Q(level=Level.AGENCY, organization_id__in=agencies)
        | Q(level=Level.NETWORK, network_id__in=networks)
    )


def _staff_agencies(person: Person) -> QuerySet[Membership]:
    return Membership.objects.filter(person=person, organization__is_active=True)


def _admin_networks(person: Person) -> QuerySet[NetworkAdmin]:
    return NetworkAdmin.objects.filter(person=person)


def managed_q(person: Person) -> Q:
    """Spaces the person manages: their agency's (with its programs'), their network's."""
    agencies = _staff_agencies(person).values("organization_id")
    networks = _admin_networks(person).values("network_id")
    return Q(level__in=[Level.AGENCY, Level.PROGRAM], organization_id__in=agencies) | Q(
        level=Level.NETWORK, network_id__in=networks
    )


def readable_q(person: Person) -> Q:
    enrollments = _enrollments(person)
    q = managed_q(person) | Q(
        level=Level.NETWORK,
        network_id__in=_staff_agencies(person).values("organization__network_id"),
    )
    for audience in Audience.values:
        q |= _audience_q(enrollments, audience)
    return q


def spaces_readable(person: Person) -> QuerySet[Space]:
    if not person.is_authenticated:
        return Space.objects.none()
    return Space.objects.filter(readable_q(person))


def spaces_managed(person: Person) -> QuerySet[Space]:
    if not person.is_authenticated:
        return Space.objects.none()
    return Space.objects.filter(managed_q(person))


def can_manage(person: Person, space: Space) -> bool:
    return spaces_managed(person).filter(pk=space.pk).exists()


def spaces_moderated(person: Person) -> QuerySet[Space]:
    """Spaces where the person has the moderation tools: those they manage, and those staff
    named them moderator of (while they may still read them)."""
    if not person.is_authenticated:
        return Space.objects.none()
    named = Q(moderators__person=person) & Q(pk__in=spaces_readable(person).values("pk"))
    return Space.objects.filter(managed_q(person) | named).distinct()


def can_moderate(person: Person, space: Space) -> bool:
    return spaces_moderated(person).filter(pk=space.pk).exists()
