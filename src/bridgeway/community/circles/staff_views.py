"""Staff pages of circles (two-step verification): an agency's circles (/manage/<agency>/
circles/, its programs' included), opening one with its leader, and one circle's pages: change
it, name another leader, close it; its members, requests and invitations."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from bridgeway.community.circles import members, selectors, services
from bridgeway.community.circles.forms import (
    CircleForm,
    CloseForm,
    InviteForm,
    LeaderFields,
    RemoveForm,
)
from bridgeway.community.circles.models import Circle
from bridgeway.core.access import ANY_STAFF, mfa_required, organization_get_for_staff
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest, id_or_404
from bridgeway.core.pagination import paginate
from bridgeway.core.services import DomainError
from bridgeway.messaging.formatting import render_message


@mfa_required
def agency_circles(request: AuthedRequest, org: str) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    return render(
        request,
        "community/circles/staff_list.html",
        {
            "organization": organization,
            "membership": membership,
            "page": paginate(request, selectors.circles_of_agency(organization=organization)),
        },
    )


@mfa_required
def agency_circle_new(request: AuthedRequest, org: str) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    programs = {str(p.pk): p for p in selectors.programs_of_agency(organization=organization)}
    scopes = [("agency", _("Every program of %(agency)s") % {"agency": organization.name})]
    scopes += [(f"program:{pk}", program.name) for pk, program in programs.items()]
    mentors = selectors.mentor_choices(organization=organization)
    form = CircleForm(request.POST or None, scopes=scopes, mentors=mentors)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        program = programs.get(data["scope"].partition(":")[2])
        leader = selectors.mentor_get(organization=organization, person_id=data["leader"])
        try:
            if leader is None:
                raise DomainError(_("Choose a mentor from the list."), "leader")
            made = services.circle_create(
                by=request.user,
                organization=organization,
                program=program,
                kind=data["kind"],
                fields=form.circle_fields(),
                leader=leader,
                vouch=data["vouch"],
                client_key=data["client_key"],
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The circle is open, with its own space for its members; its leader is told. "
                    "Its conversation starts when the first member joins."
                ),
            )
            return redirect("community:circle_manage", made.pk)
    return render(
        request,
        "community/circles/staff_form.html",
        {"form": form, "organization": organization, "membership": membership},
        status=400 if form.errors else 200,
    )


def _page(
    request: AuthedRequest, item: Circle, template: str, status: int, **context: object
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "circle": item,
            "leader": selectors.leader_of(item),
            "back": reverse("community:circles_agency", args=[item.organization.slug]),
            **context,
        },
        status=status,
    )


@mfa_required
def circle_manage(request: AuthedRequest, pk: int) -> HttpResponse:
    """Change the circle, name another leader, or close it."""
    item = selectors.circle_get_for_manager(person=request.user, circle_id=pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = CircleForm(
        request.POST if action == "change" else None, initial=CircleForm.initial_for(item)
    )
    mentors = selectors.mentor_choices(organization=item.organization)
    leader_form = LeaderFields(request.POST if action == "leader" else None, mentors=mentors)
    close_form = CloseForm(request.POST if action == "close" else None)
    try:
        if action == "change" and form.is_valid():
            services.circle_update(circle=item, by=request.user, fields=form.circle_fields())
            messages.success(request, _("The circle is changed."))
            return redirect("community:circle_manage", item.pk)
        if action == "leader" and leader_form.is_valid():
            leader = selectors.leader_candidate(
                circle=item, person_id=leader_form.cleaned_data["leader"]
            )
            if leader is None:
                raise DomainError(
                    _("Choose a mentor of %(scope)s from the list.") % {"scope": item.scope_name},
                    "leader",
                )
            services.leader_set(
                circle=item, by=request.user, leader=leader, vouch=leader_form.cleaned_data["vouch"]
            )
            messages.success(
                request,
                _("%(name)s leads the circle now; both leaders are told.") % {"name": leader.name},
            )
            return redirect("community:circle_manage", item.pk)
        if action == "close" and close_form.is_valid():
            services.circle_close(
                circle=item, by=request.user, note=close_form.cleaned_data["note"]
            )
            messages.success(request, _("The circle is closed; its members are told."))
            return redirect("community:circle_manage", item.pk)
    except DomainError as error:
        form_add_domain_error(leader_form if action == "leader" else form, error)
    bad = form.errors or leader_form.errors or close_form.errors
    return _page(
        request,
        item,
        "community/circles/staff_circle.html",
        400 if bad else 200,
        form=form,
        leader_form=leader_form,
        close_form=close_form,
        description=render_message(item.description),
        sessions=list(selectors.coming_sessions(circle=item)[:10]),
    )


@mfa_required
def circle_members(request: AuthedRequest, pk: int) -> HttpResponse:
    """The circle's members (take one out), requests (approve, decline) and invitations
    (invite someone, take an invitation back)."""
    item = selectors.circle_get_for_manager(person=request.user, circle_id=pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    invite = InviteForm(request.POST if action == "invite" else None)
    remove = RemoveForm(request.POST if action == "remove" else None)
    try:
        if action == "invite" and invite.is_valid():
            person = selectors.person_by_email(circle=item, email=invite.cleaned_data["email"])
            if person is None:
                raise DomainError(
                    _(
                        "Nobody the circle is for has this address: invite an accepted "
                        "participant of %(scope)s."
                    )
                    % {"scope": item.scope_name},
                    "email",
                )
            members.member_invite(circle=item, by=request.user, person=person)
            messages.success(request, _("%(name)s is invited and told.") % {"name": person.name})
            return redirect("community:circle_members", item.pk)
        if action == "remove" and remove.is_valid():
            member = selectors.member_get(
                circle=item, member_id=id_or_404(request.POST.get("member"))
            )
            members.member_remove(
                circle=item, member=member, by=request.user, note=remove.cleaned_data["note"]
            )
            messages.success(
                request, _("%(name)s is no longer in the circle.") % {"name": member.person.name}
            )
            return redirect("community:circle_members", item.pk)
    except DomainError as error:
        if action == "invite":
            form_add_domain_error(invite, error)
        else:
            messages.error(request, error.message)
            return redirect("community:circle_members", item.pk)
    return _page(
        request,
        item,
        "community/circles/staff_members.html",
        400 if invite.errors else 200,
        invite=invite,
        members=list(selectors.members_of(circle=item)),
        requests=list(selectors.requests_of(circle=item)),
        invitations=list(selectors.invitations_of(circle=item)),
    )
