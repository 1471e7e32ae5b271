"""Pages where staff create and change spaces: an agency's staff for the agency and its
programs (/manage/<agency>/community/), network admins for the network (/network/community/).
Both behind two-step verification."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bridgeway.community import selectors, services
from bridgeway.community.forms import AgencySpaceForm, SpaceForm
from bridgeway.community.models import Level
from bridgeway.core.access import (
    ANY_STAFF,
    mfa_required,
    network_admin_required,
    organization_get_for_staff,
)
from bridgeway.core.http import AuthedRequest


@mfa_required
def agency_spaces(request: AuthedRequest, org: str) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    programs = list(selectors.programs_of_agency(organization=organization))
    form = AgencySpaceForm(request.POST or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("name", "description", "audience", "sector")}
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
