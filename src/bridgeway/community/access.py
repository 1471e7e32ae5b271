"""Who may read, post in and manage a space.

A participant reads (and posts in) a space when one of their enrollments is in its scope (any
program of the network, of the agency, or the one program) and fits its audience. Staff of an
agency read and manage the agency's and its programs' spaces and read the network's; network
admins manage the network's spaces. A circle's space is its members' only (and its agency's
staff's). Every other space is as absent as one that does not exist.
The rule itself is shared with the learning library: `programs/reach.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from bridgeway.community.circles.rules import standing_memberships
from bridgeway.community.models import Space
from bridgeway.core.kept_queries import KeptRows, person_by_id
from bridgeway.programs.reach import managed_q, readable_q

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person


def spaces_readable(person: Person) -> QuerySet[Space]:
    """A circle's space is read by the circle's members (while they are still participants
    of its scope) and the staff who manage it, not by everyone its scope reaches."""
    if not person.is_authenticated:
        return Space.objects.none()
    circles = standing_memberships(person).values("circle__space_id")
    return Space.objects.filter(
        (readable_q(person) & Q(circle__isnull=True)) | managed_q(person) | Q(pk__in=circles)
    )


def spaces_managed(person: Person) -> QuerySet[Space]:
    if not person.is_authenticated:
        return Space.objects.none()
    return Space.objects.filter(managed_q(person))


# The space if the person manages it; then if they may moderate it (manage it, or were named
# its moderator): asked on every page of a space or topic, so each process compiles them once
# and runs them with the person's and the space's ids (core/kept_queries.py).
_managed_space = KeptRows(
    lambda person_id, space_id: (
        spaces_managed(person_by_id(person_id)).filter(pk=space_id).values_list("pk")[:1]
    ),
    int,
    int,
)
_maybe_moderated_space = KeptRows(
    lambda person_id, space_id: Space.objects.filter(
        Q(moderators__person_id=person_id) | managed_q(person_by_id(person_id)), pk=space_id
    ).values_list("pk")[:1],
    int,
    int,
)


def can_manage(person: Person, space: Space) -> bool:
    if not person.is_authenticated:
        return False
    return bool(_managed_space.list(person.pk, int(space.pk)))


def spaces_moderated(person: Person) -> QuerySet[Space]:
    """Spaces where the person has the moderation tools: those they manage, and those staff
    named them moderator of (while they may still read them)."""
    if not person.is_authenticated:
        return Space.objects.none()
    named = Q(moderators__person=person) & Q(pk__in=spaces_readable(person).values("pk"))
    return Space.objects.filter(managed_q(person) | named).distinct()


def space_ids_readable(person: Person) -> list[int]:
    """The ids of the spaces the person reads, read once: a search filters by this short
    list instead of repeating the rule's subqueries in each of its statements."""
    return list(spaces_readable(person).values_list("pk", flat=True))


def space_ids_moderated(person: Person, *, readable: list[int]) -> list[int]:
    """Of `readable` (the person's), the ids of the spaces they moderate."""
    if not person.is_authenticated or not readable:
        return []
    named = Q(moderators__person=person)
    return list(
        Space.objects.filter(managed_q(person) | named, pk__in=readable)
        .values_list("pk", flat=True)
        .distinct()
    )


def can_moderate(person: Person, space: Space) -> bool:
    """Whether the person has the moderation tools in this space. Most readers neither manage
    the space nor were named its moderator: one short query says so, without building the
    reading rule that a named moderator must still pass (the cost of every topic page)."""
    if not person.is_authenticated:
        return False
    if not _maybe_moderated_space.list(person.pk, int(space.pk)):
        return False
    return spaces_moderated(person).filter(pk=space.pk).exists()
