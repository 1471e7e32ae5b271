"""What the mentee's ask page shows besides the suggestions, in as few queries as it needs.

The page reads the mentee's enrollment, then their requests on their way, their answered
requests, their mentorships and the coordinator's open proposal: five queries, of which a
mentee who has not asked yet (the page's common visitor) needs only the first, the four lists
being empty. Here the enrollment is read with four flags saying whether each list has
anything (one query, compiled once per process), and only the lists with something are read,
by the same selectors as before: the page shows the same, in one query instead of five for
a mentee who has not asked yet.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from bridgeway.accounts.models import Person
from bridgeway.core.http import id_or_404
from bridgeway.core.kept_queries import KeptObjects
from bridgeway.matching.models import MatchProposal
from bridgeway.matching.selectors import open_proposal_for_mentee
from bridgeway.programs.models import Enrollment, EnrollmentRole
from bridgeway.relationships.models import MentorRequest, Relationship
from bridgeway.relationships.selectors import (
    open_requests_of_mentee,
    relationships_for_enrollments,
    requests_of_mentee,
)

R = MentorRequest.Status
OPEN = [R.WAITING, R.QUEUED]


# The person's own mentee enrollment, as matching.selectors.mentee_enrollment_get reads it,
# and whether each of the page's lists has anything: each flag the filter of its selector
# (relationships.selectors, matching.selectors) without the order and the limit.
_mentee_and_flags = KeptObjects(
    lambda enrollment_id, person_id: (
        Enrollment.objects.filter(pk=enrollment_id, person_id=person_id, role=EnrollmentRole.MENTEE)
        .select_related("program__organization", "person")
        .annotate(
            ask_page_open_requests=Exists(
                MentorRequest.objects.filter(mentee_id=OuterRef("pk"), status__in=OPEN)
            ),
            ask_page_history=Exists(
                MentorRequest.objects.filter(
                    mentee_id=OuterRef("pk"), source=MentorRequest.Source.MENTEE
                ).exclude(status__in=OPEN)
            ),
            ask_page_relationships=Exists(
                Relationship.objects.filter(
                    Q(mentee_id=OuterRef("pk")) | Q(mentor_id=OuterRef("pk"))
                ).exclude(status=Relationship.Status.CLOSED)
            ),
            ask_page_proposal=Exists(
                MatchProposal.objects.filter(
                    mentee_id=OuterRef("pk"), status=MatchProposal.Status.PROPOSED
                )
            ),
        )
        .order_by("pk")[:1]
    ),
    int,
    int,
)


def mentee_and_lists(*, person: Person, enrollment_id: int) -> tuple[Enrollment, dict[str, Any]]:
    """The person's own mentee enrollment (anyone else's is the same 404 as a missing id, as
    `mentee_enrollment_get`) and the page's lists: "open_requests", "history",
    "relationships" (each a list) and "proposal" (or None)."""
    found: Enrollment | None = _mentee_and_flags.first(id_or_404(enrollment_id), person.pk)
    if found is None:
        raise Http404
    flags = {
        name: bool(getattr(found, f"ask_page_{name}"))
        for name in ("open_requests", "history", "relationships", "proposal")
    }
    for name in flags:
        delattr(found, f"ask_page_{name}")  # the enrollment as the other readers give it
    mentee = found
    lists: dict[str, Any] = {
        "open_requests": open_requests_of_mentee(mentee=mentee) if flags["open_requests"] else [],
        "history": requests_of_mentee(mentee=mentee) if flags["history"] else [],
        "relationships": (
            relationships_for_enrollments(enrollment_ids=[mentee.pk])[mentee.pk]
            if flags["relationships"]
            else []
        ),
        "proposal": open_proposal_for_mentee(mentee=mentee) if flags["proposal"] else None,
    }
    return mentee, lists
