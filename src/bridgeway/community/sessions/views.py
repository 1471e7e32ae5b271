"""Participants' pages of group sessions: the list (/community/sessions/: yours, the ones you
can join, past ones with their recordings) and one session, where a person registers, joins
the waiting list, cancels, and finds the join link once they have a place."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgeway.community.sessions import registration as places
from bridgeway.community.sessions import selectors
from bridgeway.community.sessions.models import Registration
from bridgeway.core.http import AuthedRequest
from bridgeway.core.pagination import paginate
from bridgeway.core.services import DomainError
from bridgeway.messaging.formatting import render_message


@login_required
def sessions(request: AuthedRequest) -> HttpResponse:
    person = request.user
    mine = list(selectors.mine_upcoming(person=person))
    statuses = selectors.statuses_of(person=person, sessions=mine)
    return render(
        request,
        "community/sessions/list.html",
        {
            "mine": [(item, statuses.get(item.pk, "")) for item in mine],
            "page": paginate(request, selectors.upcoming_open(person=person), per_page=20),
            "past": list(selectors.mine_past(person=person)[:20]),
            "time_zone": person.time_zone,
        },
    )


@login_required
def session(request: AuthedRequest, pk: int) -> HttpResponse:
    person = request.user
    item = selectors.session_get_for_person(person=person, session_id=pk)
    registration = selectors.registration_of(person=person, session=item)
    status = registration.status if registration is not None else ""
    placed = status == Registration.Status.REGISTERED
    return render(
        request,
        "community/sessions/session.html",
        {
            "session": item,
            "description": render_message(item.description),
            "status": status,
            "placed": placed,
            "position": (
                selectors.waiting_position(registration=registration)
                if status == Registration.Status.WAITING and registration is not None
                else None
            ),
            "may_attend": selectors.may_attend(person=person, session=item),
            "started": item.starts_at <= timezone.now(),
            "over": item.ends_at <= timezone.now(),
            "full": item.registered >= item.capacity,  # type: ignore[attr-defined]
            "other_dates": selectors.other_dates(session=item).order_by("starts_at")[:60],
            "time_zone": person.time_zone,
        },
    )


@login_required
@require_POST
def session_register(request: AuthedRequest, pk: int) -> HttpResponse:
    person = request.user
    item = selectors.session_get_for_person(person=person, session_id=pk)
    action = request.POST.get("action", "register")
    try:
        if action == "cancel":
            if places.unregister(session=item, person=person) is not None:
                messages.success(request, _("Your registration is cancelled."))
        elif action == "series":
            if places.register_series(session=item, person=person):
                messages.success(
                    request,
                    _(
                        "You are registered for every coming date. When a date is full, you "
                        "are on its waiting list: each date's page says which."
                    ),
                )
        else:
            registration = places.register(session=item, person=person)
            if registration.status == Registration.Status.REGISTERED:
                messages.success(
                    request,
                    _("You have a place. The calendar invitation is on its way by email."),
                )
            else:
                messages.success(
                    request,
                    _(
                        "The session is full: you are on its waiting list. If a place frees "
                        "up, it is yours and you are told."
                    ),
                )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("community:session", item.pk)
