"""Pages where staff create and change spaces: an agency's staff for the agency and its
programs (/manage/<agency>/community/), network admins for the network (/network/community/);
their moderation queues across those spaces, and the moderators they name for a space. All
behind two-step verification."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgeway.community import moderation, queues, selectors, services
from bridgeway.community.forms import AgencySpaceForm, ModeratorForm, SpaceForm
from bridgeway.community.models import Level
from bridgeway.community.moderation_views import queue_context
from bridgeway.core.access import (
    ANY_STAFF,
    mfa_required,
    network_admin_required,
    organization_get_for_staff,
)
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.services import DomainError


@mfa_required
def agency_spaces(request: AuthedRequest, org: str) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    programs = list(selectors.programs_of_agency(organization=organization))
    form = AgencySpaceForm(request.POST or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in services.SPACE_FIELDS}
        space = services.space_create(
            by=request.user,
            network=organization.network,
            organization=organization,
            program=form.program(),
            **fields,
        )
        messages.success(request, _("The space “%(name)s” is open.") % {"name": space.name})
        return redirect("community:agency_spaces", organization.slug)
    return render(
        request,
        "community/agency_spaces.html",
        {
            "organization": organization,
            "membership": membership,
            "spaces": selectors.spaces_of_agency(organization=organization),
            "form": form,
        },
    )


@network_admin_required
def network_spaces(request: AuthedRequest) -> HttpResponse:
    network = selectors.network_of_admin(person=request.user)
    if network is None:
        raise Http404
    form = SpaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        space = services.space_create(by=request.user, network=network, **form.cleaned_data)
        messages.success(request, _("The space “%(name)s” is open.") % {"name": space.name})
        return redirect("community:network_spaces")
    return render(
        request,
        "community/network_spaces.html",
        {"network": network, "spaces": selectors.spaces_of_network(network=network), "form": form},
    )


@mfa_required
def space_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    space = selectors.space_get_for_manager(person=request.user, space_id=pk)
    form = SpaceForm.of(space, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.space_update(space=space, by=request.user, **form.cleaned_data)
        messages.success(request, _("The space is saved."))
        if space.level == Level.NETWORK:
            return redirect("community:network_spaces")
        return redirect("community:agency_spaces", space.organization.slug)  # type: ignore[union-attr]
    return render(request, "community/space_edit.html", {"space": space, "form": form})


@mfa_required
def agency_queue(request: AuthedRequest, org: str) -> HttpResponse:
    """Reports, held posts and suspensions of every space of the agency and its programs."""
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    context = queue_context(
        request, queues.spaces_of_agency_staff(organization=organization), staff=True
    )
    context.update(organization=organization, membership=membership, reveal_reporters=True)
    return render(request, "community/staff_queue.html", context)


@network_admin_required
def network_queue(request: AuthedRequest) -> HttpResponse:
    network = selectors.network_of_admin(person=request.user)
    if network is None:
        raise Http404
    context = queue_context(request, queues.spaces_of_network_admin(network=network), staff=True)
    context.update(network=network, reveal_reporters=True)
    return render(request, "community/staff_queue.html", context)


@mfa_required
def space_moderators(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff name the moderators of a space they manage: participants or staff who read it."""
    space = selectors.space_get_for_manager(person=request.user, space_id=pk)
    form = ModeratorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = queues.person_by_email(email=form.cleaned_data["email"])
        try:
            if person is None:
                raise DomainError(_("Nobody with this address can read this space."), "email")
            moderation.moderator_add(space=space, by=request.user, person=person)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s moderates this space now; they are told.") % {"name": person.name},
            )
            return redirect("community:space_moderators", space.pk)
    return render(
        request,
        "community/space_moderators.html",
        {"space": space, "form": form, "moderators": queues.moderators_of(space=space)},
    )


@mfa_required
@require_POST
def space_moderator_remove(request: AuthedRequest, pk: int, moderator_pk: int) -> HttpResponse:
    space = selectors.space_get_for_manager(person=request.user, space_id=pk)
    found = queues.moderator_get(space=space, moderator_id=moderator_pk)
    moderation.moderator_remove(moderator=found, by=request.user)
    messages.success(
        request, _("%(name)s no longer moderates this space.") % {"name": found.person.name}
    )
    return redirect("community:space_moderators", space.pk)
