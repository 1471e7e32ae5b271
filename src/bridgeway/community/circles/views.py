"""Participants' pages of circles: the list (/community/circles/: your circles, and the ones of
your programs with a way in or the reason there is none) and a circle's page (its leader, its
members, its next sessions, its space and conversation; join, ask, accept, leave). The leader
answers requests and schedules the circle's sessions there."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bridgeway.community.circles import members, membership, scheduling, selectors
from bridgeway.community.circles.forms import CircleSessionForm, RequestForm
from bridgeway.community.circles.models import Circle, CircleMember, Joining
from bridgeway.core.access import mfa_enabled
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.services import DomainError
from bridgeway.messaging.formatting import render_message
from bridgeway.messaging.selectors import conversation_member

Status = CircleMember.Status


@login_required
def circles(request: AuthedRequest) -> HttpResponse:
    person = request.user
    cards = selectors.cards_for(
        person=person, circles=list(selectors.circles_for_list(person=person))
    )
    sector = selectors.person_sector(person=person)
    mine = [card for card in cards if card.is_mine]
    others = [card for card in cards if not card.is_mine and card.circle.is_active]
    # Circles one can join first, those of one's occupation group before the others.
    others.sort(key=lambda card: (bool(card.refusal), not sector or card.circle.sector != sector))
    return render(
        request,
        "community/circles/list.html",
        {
            "mine": mine,
            "page": Paginator(others, 20).get_page(request.GET.get("page")),
            "sector": sector,
        },
    )


def _roles(request: AuthedRequest, circle: Circle) -> tuple[bool, bool, bool]:
    """(a standing member, its leader, staff who manage it)"""
    person = request.user
    standing = selectors.is_standing_member(person=person, circle=circle)
    leading = standing and selectors.is_leading(person=person, circle=circle)
    return standing, leading, selectors.may_manage(person=person, circle=circle)


@login_required
def circle(request: AuthedRequest, pk: int) -> HttpResponse:
    person = request.user
    item = selectors.circle_get_for_person(person=person, circle_id=pk)
    standing, leading, manager = _roles(request, item)
    # Staff act on a circle only with two-step verification (their pages ask them to set it up).
    organizer = leading or (manager and mfa_enabled(person))
    [card] = selectors.cards_for(person=person, circles=[item])
    insider = standing or manager
    asking = card.status != Status.REQUESTED and item.joining == Joining.APPROVAL
    return render(
        request,
        "community/circles/circle.html",
        {
            "circle": item,
            "card": card,
            "leader": selectors.leader_of(item),
            "description": render_message(item.description),
            "standing": standing,
            "leading": leading,
            "manager": manager,
            "members": list(selectors.members_of(circle=item)) if insider else [],
            "organizer": organizer,
            "requests": list(selectors.requests_of(circle=item)) if organizer else [],
            "sessions": list(selectors.coming_sessions(circle=item)[:10]) if insider else [],
            "chat": conversation_member(conversation_id=item.conversation_id, person=person)
            if standing
            else None,
            "request_form": RequestForm() if asking and not card.refusal else None,
            "time_zone": person.time_zone,
        },
    )


@login_required
@require_POST
def circle_join(request: AuthedRequest, pk: int) -> HttpResponse:
    item = selectors.circle_get_for_person(person=request.user, circle_id=pk)
    form = RequestForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        joined = membership.circle_join(circle=item, person=request.user, note=note)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if joined.status == Status.ACTIVE:
            messages.success(
                request,
                _(
                    "Welcome to the circle. Its conversation, its space and its sessions are "
                    "open to you."
                ),
            )
        else:
            messages.success(
                request,
                _("Your request is with the circle's leader. You are told as soon as they answer."),
            )
    return redirect("community:circle", item.pk)


@login_required
@require_POST
def circle_leave(request: AuthedRequest, pk: int) -> HttpResponse:
    item = selectors.circle_get_for_person(person=request.user, circle_id=pk)
    before = selectors.membership_of(person=request.user, circle=item)
    try:
        left = membership.circle_leave(circle=item, person=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("community:circle", item.pk)
    if left is not None and before is not None:
        words: dict[str, str] = {
            Status.ACTIVE: _("You left the circle. You can join again while it has room."),
            Status.REQUESTED: _("Your request is taken back."),
            Status.INVITED: _("You said no to the invitation."),
        }
        messages.success(request, words.get(before.status, _("Done.")))
    return redirect("community:circles")


def _leader_or_staff(request: AuthedRequest, pk: int) -> tuple[Circle, bool]:
    """The circle, for its leader and its staff (and whether the person is staff); the same
    404 as a missing one for anyone else."""
    item = selectors.circle_get_for_person(person=request.user, circle_id=pk)
    _standing, leading, manager = _roles(request, item)
    manager = manager and mfa_enabled(request.user)
    if not (leading or manager):
        raise Http404
    return item, manager


@login_required
@require_POST
def circle_decide(request: AuthedRequest, pk: int, member_pk: int) -> HttpResponse:
    item, manager = _leader_or_staff(request, pk)
    member = selectors.member_get(circle=item, member_id=member_pk)
    approve = request.POST.get("action") == "approve"
    try:
        members.request_decide(circle=item, member=member, by=request.user, approve=approve)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        name = member.person.name
        messages.success(
            request,
            _("%(name)s is in the circle and is told.") % {"name": name}
            if approve
            else _("The request of %(name)s is declined; they are told.") % {"name": name},
        )
    if manager and request.POST.get("back") == "staff":
        return redirect("community:circle_members", item.pk)
    return redirect("community:circle", item.pk)


@login_required
def circle_session_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """The leader (or staff) schedule a session for the circle's members."""
    item, _manager = _leader_or_staff(request, pk)
    form = CircleSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = scheduling.circle_session_create(
                circle=item,
                by=request.user,
                fields=form.session_fields(request.user.time_zone),
                repeat=form.repeat(),
                client_key=form.cleaned_data["client_key"],
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "The session is scheduled; the circle's members are told.",
                    "%(count)d dates are scheduled; the circle's members are told.",
                    len(made),
                )
                % {"count": len(made)},
            )
            return redirect("community:circle", item.pk)
    return render(
        request,
        "community/circles/session_form.html",
        {"circle": item, "form": form, "time_zone": request.user.time_zone},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def circle_session_cancel(request: AuthedRequest, pk: int, session_pk: int) -> HttpResponse:
    item, _manager = _leader_or_staff(request, pk)
    session = selectors.session_of_circle(circle=item, session_id=session_pk)
    try:
        scheduling.circle_session_cancel(circle=item, session=session, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The session is cancelled; the people registered are told."))
    return redirect("community:circle", item.pk)
