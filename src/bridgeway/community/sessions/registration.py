"""A person's place in a session: register (a place, or the waiting list when it is full),
cancel, and the waiting list moving up in order when a place frees. The session's row is
locked while places are counted, so two people asking for the last place at the same moment
get one place and one waiting-list spot; asking twice changes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.community.sessions import call, selectors
from bridgeway.community.sessions.models import Registration, Session
from bridgeway.community.sessions.services import locked
from bridgeway.core.services import DomainError
from bridgeway.notifications.outbox import notify

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

Status = Registration.Status


def _tell(registration: Registration, kind: str, event: str) -> None:
    session = registration.session
    notify(
        kind=kind,
        event=f"session:{session.pk}:{event}:{registration.sequence}",
        person=registration.person,
        params={"session": session.pk},
        url=reverse("community:session", args=[session.pk]),
        organization=session.organization,
    )


def _open(session: Session) -> None:
    if session.is_cancelled:
        raise DomainError(_("This session is cancelled."))
    if session.starts_at <= timezone.now():
        raise DomainError(_("This session has already started: registration is closed."))


@transaction.atomic
def register(*, session: Session, person: Person) -> Registration:
    """A place, or a place on the waiting list when the session is full."""
    session = locked(session)
    _open(session)
    if not selectors.may_attend(person=person, session=session):
        raise DomainError(_("This session is not open to you."))
    registration = Registration.objects.filter(session=session, person=person).first()
    if registration is not None and registration.status != Status.CANCELLED:
        return registration  # asked twice
    taken = Registration.objects.filter(session=session, status=Status.REGISTERED).count()
    status = Status.REGISTERED if taken < session.capacity else Status.WAITING
    if registration is None:
        registration = Registration(session=session, person=person)
    else:
        registration.sequence += 1
    registration.status = status
    registration.asked_at = timezone.now()
    registration.attended = None
    registration.save()
    if status == Status.REGISTERED:
        call.add(session, person)
        _tell(registration, "community.session_registered", "registered")
    else:
        _tell(registration, "community.session_waiting", "waiting")
    return registration


@transaction.atomic
def register_series(*, session: Session, person: Person) -> list[Registration]:
    """Every date of the session's series that has not started, from this one on."""
    dates = [session]
    if session.series_id is not None:
        dates = list(
            Session.objects.filter(
                series_id=session.series_id,
                starts_at__gte=session.starts_at,
                status=Session.Status.SCHEDULED,
            ).order_by("starts_at")
        )
    done = []
    for item in dates:
        if item.starts_at > timezone.now():
            done.append(register(session=item, person=person))
    return done


@transaction.atomic
def unregister(*, session: Session, person: Person) -> Registration | None:
    """Give up a place (or a place on the waiting list); the first person waiting gets it."""
    session = locked(session)
    registration = (
        Registration.objects.select_for_update()
        .filter(session=session, person=person)
        .exclude(status=Status.CANCELLED)
        .first()
    )
    if registration is None:
        return None  # nothing to cancel, or cancelled twice
    if session.starts_at <= timezone.now() and not session.is_cancelled:
        raise DomainError(_("This session has already started."))
    had_place = registration.status == Status.REGISTERED
    registration.status = Status.CANCELLED
    registration.sequence += 1
    registration.save(update_fields=["status", "sequence"])
    if had_place:
        call.remove(session, person)
        _tell(registration, "community.session_unregistered", "unregistered")
        promote_waiting(session)
    return registration


def promote_waiting(session: Session) -> list[Registration]:
    """Give the free places to the people waiting, in the order they asked; each is told and
    gets the calendar invitation. The caller holds the session's lock."""
    if session.is_cancelled or session.starts_at <= timezone.now():
        return []
    taken = Registration.objects.filter(session=session, status=Status.REGISTERED).count()
    free = session.capacity - taken
    if free <= 0:
        return []
    moved = list(
        Registration.objects.filter(session=session, status=Status.WAITING)
        .select_related("person", "session__organization")
        .order_by("asked_at", "pk")[:free]
    )
    for registration in moved:
        registration.status = Status.REGISTERED
        registration.sequence += 1
        registration.save(update_fields=["status", "sequence"])
        call.add(session, registration.person)
        _tell(registration, "community.session_promoted", "promoted")
    return moved
