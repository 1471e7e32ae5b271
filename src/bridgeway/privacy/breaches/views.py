"""Pages of the breach register: an agency's (its admins) and the network's own (its admins),
a row with its history, recording, correcting, the CSV download, and deleting a row only once
its 24 months are over."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgeway.core.access import (
    ADMIN_ONLY,
    mfa_required,
    network_admin_required,
    organization_get_for_staff,
)
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.services import DomainError
from bridgeway.privacy.breaches import services
from bridgeway.privacy.breaches.download import register_csv
from bridgeway.privacy.breaches.forms import BreachForm
from bridgeway.privacy.breaches.models import Breach, InformationKind
from bridgeway.privacy.breaches.selectors import (
    breach_get_for_admin,
    breach_history,
    breaches_for_network,
    breaches_for_organization,
    networks_administered,
)


def _network_of(request: AuthedRequest) -> Any:
    network = networks_administered(request.user).order_by("pk").first()
    if network is None:
        raise Http404
    return network


def _register(request: AuthedRequest, rows: QuerySet[Breach], **context: Any) -> HttpResponse:
    return render(request, "breaches/list.html", {"breaches": list(rows), **context})


@mfa_required
def agency_list(request: AuthedRequest, org: str) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ADMIN_ONLY
    )
    return _register(
        request,
        breaches_for_organization(organization=organization),
        organization=organization,
        membership=membership,
    )


@network_admin_required
def network_list(request: AuthedRequest) -> HttpResponse:
    network = _network_of(request)
    return _register(request, breaches_for_network(network=network), network=network)


def _new(request: AuthedRequest, network: Any, organization: Any, context: dict[str, Any]) -> Any:
    form = BreachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            breach = services.breach_record(
                network=network,
                organization=organization,
                by=request.user,
                data=form.data_for_service(),
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The breach is recorded in the register."))
            return redirect("breaches:detail", pk=breach.pk)
    return render(request, "breaches/form.html", {"form": form, **context})


@mfa_required
def agency_new(request: AuthedRequest, org: str) -> HttpResponse:
    organization, _membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ADMIN_ONLY
    )
    return _new(request, organization.network, organization, {"organization": organization})


@network_admin_required
def network_new(request: AuthedRequest) -> HttpResponse:
    network = _network_of(request)
    return _new(request, network, None, {"network": network})


@mfa_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    breach = breach_get_for_admin(person=request.user, breach_id=pk)
    labels = dict(InformationKind.choices)
    kinds = [str(labels.get(code, code)) for code in breach.information_kinds]
    if breach.information_other:
        kinds.append(breach.information_other)
    history = [
        (
            change,
            [
                (capfirst(getattr(Breach._meta.get_field(field), "verbose_name", field)), old, new)
                for field, (old, new) in change.changes.items()
            ],
        )
        for change in breach_history(breach=breach)
    ]
    return render(
        request,
        "breaches/detail.html",
        {"breach": breach, "organization": breach.organization, "kinds": kinds, "history": history},
    )


@mfa_required
def edit(request: AuthedRequest, pk: int) -> HttpResponse:
    breach = breach_get_for_admin(person=request.user, breach_id=pk)
    form = BreachForm(request.POST or None, initial=BreachForm.initial_for(breach))
    if request.method == "POST" and form.is_valid():
        try:
            services.breach_correct(breach=breach, by=request.user, data=form.data_for_service())
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The correction is saved; the history keeps the change."))
            return redirect("breaches:detail", pk=breach.pk)
    return render(
        request,
        "breaches/form.html",
        {"form": form, "breach": breach, "organization": breach.organization},
    )


@mfa_required
@require_POST
def delete(request: AuthedRequest, pk: int) -> HttpResponse:
    breach = breach_get_for_admin(person=request.user, breach_id=pk)
    organization = breach.organization
    try:
        services.breach_delete(breach=breach, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("breaches:detail", pk=breach.pk)
    messages.success(request, _("The breach record is deleted."))
    if organization is None:
        return redirect("breaches:network")
    return redirect("breaches:agency", org=organization.slug)


@mfa_required
def agency_csv(request: AuthedRequest, org: str) -> HttpResponse:
    organization, _membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ADMIN_ONLY
    )
    rows = breaches_for_organization(organization=organization)
    return register_csv(rows, by=request.user, organization=organization, name=organization.slug)


@network_admin_required
def network_csv(request: AuthedRequest) -> HttpResponse:
    network = _network_of(request)
    rows = breaches_for_network(network=network)
    return register_csv(rows, by=request.user, organization=None, name=network.slug)
