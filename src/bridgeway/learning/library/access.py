"""Who may see and manage a resource: the rule of the community's spaces (programs/reach.py).

Participants see the resources of their programs, agencies and network that fit the audience
and are not archived; staff of an agency manage its and its programs' resources (archived ones
too) and see the network's; network admins manage the network's. Every other resource is as
absent as one that does not exist."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from bridgeway.learning.library.models import Resource
from bridgeway.programs.reach import managed_q, readable_q

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person


def resources_readable(person: Person) -> QuerySet[Resource]:
    """What the person may open: live resources that reach them, and every resource they
    manage (staff check an archived one before they bring it back)."""
    if not person.is_authenticated:
        return Resource.objects.none()
    return Resource.objects.filter((readable_q(person) & Q(archived=False)) | managed_q(person))


def resources_listed(person: Person) -> QuerySet[Resource]:
    """What the library lists and searches for the person: never archived resources."""
    if not person.is_authenticated:
        return Resource.objects.none()
    return Resource.objects.filter(readable_q(person), archived=False)


def resources_managed(person: Person) -> QuerySet[Resource]:
    if not person.is_authenticated:
        return Resource.objects.none()
    return Resource.objects.filter(managed_q(person))


def can_manage(person: Person, resource: Resource) -> bool:
    return resources_managed(person).filter(pk=resource.pk).exists()
