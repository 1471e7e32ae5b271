"""What requests and relationships add to the dashboards (BRIDGEWAY_PANELS)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from bridgeway.accounts.models import Person
from bridgeway.core.kept_queries import KeptObjects
from bridgeway.programs.models import Enrollment, EnrollmentRole
from bridgeway.relationships.flash import next_steps
from bridgeway.relationships.models import MentorRequest, Relationship
from bridgeway.relationships.selectors import (
    PROPOSAL_TO_CONFIRM,
    proposals_to_confirm_for_mentees,
    relationships_for_enrollments,
    waiting_requests_for_mentors,
)

R = MentorRequest.Status


# The dashboard shows all of a person's enrollments: its reads are asked of the person (a join
# on their enrollments), so their SQL is the same whatever the number of enrollments and is
# compiled once per process. Each is the selector's read with `person` in place of the list
# of enrollment ids; the rows of enrollments not shown are left out in Python.
def _open_relationships_of(person_id: int) -> QuerySet[Relationship]:
    return (
        Relationship.objects.filter(Q(mentee__person_id=person_id) | Q(mentor__person_id=person_id))
        .exclude(status=Relationship.Status.CLOSED)
        .select_related("mentee__person", "mentor__person", "program")
    )


def _waiting_requests_of(person_id: int) -> QuerySet[MentorRequest]:
    return (
        MentorRequest.objects.filter(mentor__person_id=person_id, status=R.WAITING)
        .select_related("mentee__person")
        .order_by("due_at", "pk")
    )


def _proposals_to_confirm_of(person_id: int) -> QuerySet[MentorRequest]:
    return (
        MentorRequest.objects.filter(PROPOSAL_TO_CONFIRM, mentee__person_id=person_id)
        .select_related("mentor__person")
        .order_by("due_at", "pk")
    )


_kept_relationships = KeptObjects(_open_relationships_of, int)
_kept_waiting = KeptObjects(_waiting_requests_of, int)
_kept_to_confirm = KeptObjects(_proposals_to_confirm_of, int)


# Asked by the dashboard with the person's enrollments (dashboard/reads.py), in the same
# statement: whether the enrollment has an open mentorship, a request waiting for its answer
# (a mentor) and a proposal to confirm (a mentee). A read none of the enrollments needs is not
# asked; enrollments read without them (any other caller) are read as before.
HINT_OPEN = "panel_relationships_open"
HINT_WAITING = "panel_requests_waiting"
HINT_TO_CONFIRM = "panel_proposals_to_confirm"


def dashboard_hints() -> dict[str, Any]:
    open_ = Relationship.objects.filter(
        Q(mentee_id=OuterRef("pk")) | Q(mentor_id=OuterRef("pk"))
    ).exclude(status=Relationship.Status.CLOSED)
    waiting = MentorRequest.objects.filter(mentor_id=OuterRef("pk"), status=R.WAITING)
    to_confirm = MentorRequest.objects.filter(PROPOSAL_TO_CONFIRM, mentee_id=OuterRef("pk"))
    return {
        HINT_OPEN: Exists(open_),
        HINT_WAITING: Exists(waiting),
        HINT_TO_CONFIRM: Exists(to_confirm),
    }


def _any(enrollments: Sequence[Enrollment], hint: str) -> bool:
    """Whether the read may find something for these enrollments (unknown: it may)."""
    return any(getattr(e, hint, True) for e in enrollments)


def _by_enrollment(rows: list[Any], ids: list[int], *sides: str) -> dict[int, list[Any]]:
    """{enrollment id: its rows}, for the enrollments `ids`, in the rows' order."""
    found: dict[int, list[Any]] = defaultdict(list)
    wanted = set(ids)
    for row in rows:
        for side in sides:
            pk = getattr(row, side)
            if pk in wanted:
                found[pk].append(row)
    return found


def enrollment_panel(
    *, enrollments: Sequence[Enrollment], person: Person
) -> dict[int, dict[str, Any]]:
    """Each enrollment's mentorships, for a mentor the requests waiting for an answer, and for
    a mentee the proposed mentors waiting for theirs (where both confirm)."""
    ids = [e.pk for e in enrollments]
    mentor_ids = [e.pk for e in enrollments if e.role == EnrollmentRole.MENTOR]
    mentee_ids = [e.pk for e in enrollments if e.role == EnrollmentRole.MENTEE]
    relationships: dict[int, list[Relationship]]
    waiting: dict[int, list[MentorRequest]]
    to_confirm: dict[int, list[MentorRequest]]
    if all(e.person_id == person.pk for e in enrollments):
        mentors = [e for e in enrollments if e.role == EnrollmentRole.MENTOR]
        mentees = [e for e in enrollments if e.role == EnrollmentRole.MENTEE]
        relationships = (
            _by_enrollment(_kept_relationships.list(person.pk), ids, "mentee_id", "mentor_id")
            if _any(enrollments, HINT_OPEN)
            else {}
        )
        waiting = (
            _by_enrollment(_kept_waiting.list(person.pk), mentor_ids, "mentor_id")
            if _any(mentors, HINT_WAITING)
            else {}
        )
        to_confirm = (
            _by_enrollment(_kept_to_confirm.list(person.pk), mentee_ids, "mentee_id")
            if _any(mentees, HINT_TO_CONFIRM)
            else {}
        )
    else:
        relationships = relationships_for_enrollments(enrollment_ids=ids)
        waiting = waiting_requests_for_mentors(mentor_ids=mentor_ids) if mentor_ids else {}
        to_confirm = proposals_to_confirm_for_mentees(mentee_ids=mentee_ids) if mentee_ids else {}
    # What comes next in a flash mentorship (one conversation), said on the panel.
    steps = next_steps([r for found in relationships.values() for r in found], person)
    shown = {}
    for enrollment in enrollments:
        context = {
            "enrollment": enrollment,
            "relationships": [
                (r, steps.get(r.pk, "")) for r in relationships.get(enrollment.pk, [])
            ],
            "requests": waiting.get(enrollment.pk, []),
            "to_confirm": to_confirm.get(enrollment.pk, []),
        }
        if context["relationships"] or context["requests"] or context["to_confirm"]:
            shown[enrollment.pk] = context
    return shown
