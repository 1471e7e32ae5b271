"""Staff pages of group sessions: an agency's (/manage/<agency>/sessions/, its programs'
included) and the network's (/network/sessions/), scheduling one, and one session's page to
change or cancel it, see who registered and who waits, mark attendance and add the recording.
All behind two-step verification."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.community.news import selectors as scopes
from bridgeway.community.news.models import PostScope
from bridgeway.community.news.selectors import Scope
from bridgeway.community.sessions import selectors, services
from bridgeway.community.sessions.forms import AttendanceForm, RecordingForm, SessionForm
from bridgeway.core.access import (
    ANY_STAFF,
    mfa_required,
    network_admin_required,
    organization_get_for_staff,
)
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.pagination import paginate
from bridgeway.core.services import DomainError


def _list(request: AuthedRequest, scope: Scope, new_url: str, **context: object) -> HttpResponse:
    return render(
        request,
        "community/sessions/staff_list.html",
        {
            "scope": scope,
            "page": paginate(request, selectors.sessions_of_scope(q=scope.posts_q())),
            "new_url": new_url,
            "now": timezone.now(),
            **context,
        },
    )


@mfa_required
def agency_sessions(request: AuthedRequest, org: str) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    scope = Scope(level=PostScope.AGENCY, network=organization.network, organization=organization)
    return _list(
        request,
        scope,
        reverse("community:sessions_agency_new", args=[organization.slug]),
        organization=organization,
        membership=membership,
    )


@network_admin_required
def network_sessions(request: AuthedRequest) -> HttpResponse:
    network = scopes.network_of_admin(person=request.user)
    if network is None:
        raise Http404
    return _list(
        request,
        Scope(level=PostScope.NETWORK, network=network),
        reverse("community:sessions_network_new"),
    )


def _new(request: AuthedRequest, choices: list[tuple[Scope, str]], back: str) -> HttpResponse:
    by_value = {scope.value: scope for scope, _label in choices}
    form = SessionForm(
        request.POST or None, scopes=[(scope.value, label) for scope, label in choices]
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = services.session_create(
                by=request.user,
                scope=by_value[form.cleaned_data["scope"]],
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
                    "The session is scheduled. The people it is for can register now.",
                    "%(count)d dates are scheduled. The people they are for can register now.",
                    len(made),
                )
                % {"count": len(made)},
            )
            return redirect("community:session_manage", made[0].pk)
    return render(
        request,
        "community/sessions/staff_form.html",
        {"form": form, "back": back, "session": None, "time_zone": request.user.time_zone},
        status=400 if form.errors else 200,
    )


@mfa_required
def agency_session_new(request: AuthedRequest, org: str) -> HttpResponse:
    organization, _membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    network = organization.network
    choices = [
        (
            Scope(level=PostScope.AGENCY, network=network, organization=organization),
            _("Every program of %(agency)s") % {"agency": organization.name},
        )
    ]
    for program in scopes.programs_of_agency(organization=organization):
        scope = Scope(
            level=PostScope.PROGRAM, network=network, organization=organization, program=program
        )
        choices.append((scope, program.name))
    return _new(request, choices, reverse("community:sessions_agency", args=[organization.slug]))


@network_admin_required
def network_session_new(request: AuthedRequest) -> HttpResponse:
    network = scopes.network_of_admin(person=request.user)
    if network is None:
        raise Http404
    choices = [(Scope(level=PostScope.NETWORK, network=network), network.name)]
    return _new(request, choices, reverse("community:sessions_network"))


def _back(session_scope: str, item: object) -> str:
    organization = getattr(item, "organization", None)
    if organization is not None:
        return reverse("community:sessions_agency", args=[organization.slug])
    return reverse("community:sessions_network")


@mfa_required
def session_manage(request: AuthedRequest, pk: int) -> HttpResponse:
    """One session: change it or cancel it while it is to come; who registered, who waits;
    afterwards, attendance and the recording link."""
    item = selectors.session_get_for_manager(person=request.user, session_id=pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = SessionForm(
        request.POST if action == "change" else None, initial=SessionForm.initial_for(item)
    )
    if item.circle_id is not None:
        del form.fields["audience"]  # a circle's session is for the circle's members
    places = list(selectors.registrants(session=item))
    attendance = AttendanceForm(request.POST if action == "attendance" else None, places=places)
    recording = RecordingForm(
        request.POST if action == "recording" else None,
        initial={"link": item.recording_link},
    )
    try:
        if action == "change" and form.is_valid():
            services.session_update(
                session=item, by=request.user, fields=form.session_fields(item.time_zone)
            )
            messages.success(request, _("The session is changed."))
            return redirect("community:session_manage", item.pk)
        if action in ("cancel", "cancel_following"):
            count = services.session_cancel(
                session=item, by=request.user, following=action == "cancel_following"
            )
            messages.success(
                request,
                ngettext(
                    "The session is cancelled; the people registered are told.",
                    "%(count)d dates are cancelled; the people registered are told.",
                    count,
                )
                % {"count": count},
            )
            return redirect("community:session_manage", item.pk)
        if action == "attendance" and attendance.is_valid():
            came = services.attendance_mark(
                session=item, by=request.user, attended=attendance.attended()
            )
            messages.success(
                request,
                ngettext(
                    "Attendance saved: %(count)d person came.",
                    "Attendance saved: %(count)d people came.",
                    came,
                )
                % {"count": came},
            )
            return redirect("community:session_manage", item.pk)
        if action == "recording" and recording.is_valid():
            services.recording_set(
                session=item, by=request.user, link=recording.cleaned_data["link"]
            )
            messages.success(
                request, _("The recording link is saved; people with a place are told.")
            )
            return redirect("community:session_manage", item.pk)
    except DomainError as error:
        if action == "change":
            form_add_domain_error(form, error)
        else:
            messages.error(request, error.message)
            return redirect("community:session_manage", item.pk)
    now = timezone.now()
    return render(
        request,
        "community/sessions/staff_session.html",
        {
            "session": item,
            "form": form,
            "attendance": attendance,
            "recording": recording,
            "places": places,
            "waiting": list(selectors.waiting_list(session=item)),
            "to_come": not item.is_cancelled and item.ends_at > now,
            "started": item.starts_at <= now,
            "other_dates": selectors.other_dates(session=item).order_by("starts_at")[:60],
            "back": _back(item.scope, item),
            "time_zone": item.time_zone,
        },
        status=400 if form.errors or attendance.errors or recording.errors else 200,
    )
