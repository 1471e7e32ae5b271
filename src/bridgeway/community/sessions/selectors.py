"""Reads of group sessions. Every way from an id to a session goes through the sessions the
person may attend or those they manage: the same 404 for what does not exist and what is not
theirs.

A participant may attend a session when one of their enrollments (not withdrawn or declined,
so people on a waiting list count) is in its scope and fits its audience. Staff manage their
agency's and its programs' sessions; network admins the network's (the same rule as the
news, community/news/segments.py)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bridgeway.community.circles.models import CircleMember
from bridgeway.community.news.segments import GONE, managed_q
from bridgeway.community.sessions.models import (
    Registration,
    Session,
    SessionAudience,
    SessionScope,
)
from bridgeway.programs.models import Enrollment, EnrollmentRole

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

AUDIENCE_ROLES = {
    SessionAudience.EVERYONE: None,
    SessionAudience.MENTORS: EnrollmentRole.MENTOR,
    SessionAudience.MENTEES: EnrollmentRole.MENTEE,
}
ACTIVE = (Registration.Status.REGISTERED, Registration.Status.WAITING)


def in_scope_q(enrollments: QuerySet[Enrollment]) -> Q:
    """Sessions whose scope holds one of these enrollments."""
    return (
        Q(scope=SessionScope.PROGRAM, program_id__in=enrollments.values("program_id"))
        | Q(
            scope=SessionScope.AGENCY,
            organization_id__in=enrollments.values("program__organization_id"),
        )
        | Q(
            scope=SessionScope.NETWORK,
            network_id__in=enrollments.values("program__organization__network_id"),
        )
    )


def attend_q(person: Person) -> Q:
    """Sessions the person may register for: in the scope of one of their enrollments and
    for its audience; a circle's session only when they are one of the circle's members."""
    enrollments = Enrollment.objects.filter(
        person=person, program__organization__is_active=True
    ).exclude(status__in=GONE)
    q = Q(pk__in=[])
    for audience, role in AUDIENCE_ROLES.items():
        mine = enrollments if role is None else enrollments.filter(role=role)
        q |= Q(audience=audience) & in_scope_q(mine)
    circles = CircleMember.objects.filter(person=person, status=CircleMember.Status.ACTIVE)
    return q & (Q(circle__isnull=True) | Q(circle_id__in=circles.values("circle_id")))


def _people(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return sessions.select_related(
        "network", "organization", "program", "series", "circle"
    ).annotate(
        registered=Count("registrations", filter=Q(registrations__status="registered")),
        waiting=Count("registrations", filter=Q(registrations__status="waiting")),
    )


def sessions_attendable(*, person: Person) -> QuerySet[Session]:
    if not person.is_authenticated:
        return Session.objects.none()
    return Session.objects.filter(attend_q(person))


def sessions_managed(*, person: Person) -> QuerySet[Session]:
    if not person.is_authenticated:
        return Session.objects.none()
    return Session.objects.filter(managed_q(person))


def may_attend(*, person: Person, session: Session) -> bool:
    return sessions_attendable(person=person).filter(pk=session.pk).exists()


def session_get_for_person(*, person: Person, session_id: int) -> Session:
    """A session the person may attend, or has registered for (a registration outlives a
    change of program), or manages."""
    if not person.is_authenticated:
        raise Http404
    found = (
        _people(
            Session.objects.filter(
                attend_q(person) | managed_q(person) | Q(pk__in=_registered_ids(person))
            )
        )
        .filter(pk=session_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def session_get_for_manager(*, person: Person, session_id: int) -> Session:
    found = _people(sessions_managed(person=person)).filter(pk=session_id).first()
    if found is None:
        raise Http404
    return found


def _registered_ids(person: Person) -> QuerySet[Registration, Any]:
    return Registration.objects.filter(person=person, status__in=ACTIVE).values("session_id")


def registration_of(*, person: Person, session: Session) -> Registration | None:
    if not person.is_authenticated:
        return None
    return Registration.objects.filter(session=session, person=person).first()


def statuses_of(*, person: Person, sessions: list[Session]) -> dict[int, str]:
    rows = Registration.objects.filter(
        person=person, session__in=sessions, status__in=ACTIVE
    ).values_list("session_id", "status")
    return dict(rows)


def upcoming_open(*, person: Person, now: datetime | None = None) -> QuerySet[Session]:
    """Sessions not yet over that the person may register for and has not."""
    now = now or timezone.now()
    return (
        _people(sessions_attendable(person=person))
        .filter(status=Session.Status.SCHEDULED, ends_at__gt=now)
        .exclude(pk__in=_registered_ids(person))
        .order_by("starts_at", "pk")
    )


def mine_upcoming(*, person: Person, now: datetime | None = None) -> QuerySet[Session]:
    now = now or timezone.now()
    return _people(
        Session.objects.filter(ends_at__gt=now, pk__in=_registered_ids(person))
    ).order_by("starts_at", "pk")


def mine_past(*, person: Person, now: datetime | None = None) -> QuerySet[Session]:
    now = now or timezone.now()
    return _people(
        Session.objects.filter(
            ends_at__lte=now,
            status=Session.Status.SCHEDULED,
            pk__in=Registration.objects.filter(
                person=person, status=Registration.Status.REGISTERED
            ).values("session_id"),
        )
    ).order_by("-starts_at", "-pk")


def sessions_of_scope(*, q: Q) -> QuerySet[Session]:
    """A staff list: the scope's sessions, the coming ones first, then the past ones."""
    return _people(Session.objects.filter(q)).order_by("-starts_at", "-pk")


def registrants(*, session: Session) -> QuerySet[Registration]:
    return Registration.objects.filter(
        session=session, status=Registration.Status.REGISTERED
    ).select_related("person")


def waiting_list(*, session: Session) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(session=session, status=Registration.Status.WAITING)
        .select_related("person")
        .order_by("asked_at", "pk")
    )


def other_dates(*, session: Session) -> QuerySet[Session]:
    if session.series_id is None:
        return Session.objects.none()
    return Session.objects.filter(series_id=session.series_id).exclude(pk=session.pk)


def waiting_position(*, registration: Registration) -> int:
    return (
        Registration.objects.filter(
            session_id=registration.session_id,
            status=Registration.Status.WAITING,
        )
        .filter(
            Q(asked_at__lt=registration.asked_at)
            | Q(asked_at=registration.asked_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def sessions_by_ids(
    *, ids: QuerySet[Session, Any], more: QuerySet[Session, Any] | None = None
) -> QuerySet[Session]:
    """The sessions of `ids` (and `more`: subqueries), with their counts, the soonest first."""
    q = Q(pk__in=ids) if more is None else Q(pk__in=ids) | Q(pk__in=more)
    return _people(Session.objects.filter(q)).order_by("starts_at", "pk")
