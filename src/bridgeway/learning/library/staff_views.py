"""Pages where staff add and change resources: an agency's staff for the agency and its
programs (/manage/<agency>/library/), network admins for the network (/network/library/).
Both behind two-step verification; each change is in the audit log."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from bridgeway.core.access import (
    ANY_STAFF,
    mfa_required,
    network_admin_required,
    organization_get_for_staff,
)
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.services import DomainError
from bridgeway.learning.library import selectors, services
from bridgeway.learning.library.files import limit_mb
from bridgeway.learning.library.forms import (
    AnswerVersionForm,
    ResourceEditForm,
    ResourceForm,
    VersionForm,
)
from bridgeway.learning.library.foryou import language_name
from bridgeway.learning.library.models import Kind, Resource
from bridgeway.messaging.attachments import MB, LimitedUploadHandler
from bridgeway.programs.reach import Level


def limited_uploads(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A file over the library's limit is not written to disk in full (the CSRF check runs
    once the upload handlers are set, as on the conversation page)."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapped(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST":
            first = LimitedUploadHandler(request, limit_mb() * MB)
            request.upload_handlers = [first, *request.upload_handlers]
        return protected(request, *args, **kwargs)

    return wrapped


def _list_page(request: AuthedRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, "learning/library/staff_list.html", context)


@mfa_required
def agency_library(request: AuthedRequest, org: str) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    return _list_page(
        request,
        {
            "organization": organization,
            "membership": membership,
            "resources": selectors.resources_of_agency(organization=organization),
            "usage": selectors.usage_this_month(organization=organization),
        },
    )


@network_admin_required
def network_library(request: AuthedRequest) -> HttpResponse:
    network = selectors.network_of_admin(person=request.user)
    if network is None:
        raise Http404
    return _list_page(
        request,
        {
            "network": network,
            "resources": selectors.resources_of_network(network=network),
            "usage": selectors.usage_this_month(network=network),
        },
    )


def _create(request: AuthedRequest, form: ResourceForm, **scope: Any) -> Resource | None:
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        created = services.resource_create(
            by=request.user,
            kind=form.cleaned_data["kind"],
            version=form.version(),  # type: ignore[arg-type]
            file=form.cleaned_data["file"],
            **scope,
            **form.settings(),
        )
    except DomainError as error:
        form_add_domain_error(form, error)
        return None
    messages.success(request, _("The resource is in the library."))
    return created


@limited_uploads
@mfa_required
def agency_resource_new(request: AuthedRequest, org: str) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    programs = list(selectors.programs_of_agency(organization=organization))
    form = ResourceForm(request.POST or None, request.FILES or None, programs=programs)
    created = _create(
        request,
        form,
        network=organization.network,
        organization=organization,
        program=form.program() if form.is_bound and form.is_valid() else None,
    )
    if created is not None:
        return redirect("learning:agency_library", organization.slug)
    return render(
        request,
        "learning/library/resource_new.html",
        {
            "organization": organization,
            "membership": membership,
            "form": form,
            "limit_mb": limit_mb(),
        },
    )


@limited_uploads
@network_admin_required
def network_resource_new(request: AuthedRequest) -> HttpResponse:
    network = selectors.network_of_admin(person=request.user)
    if network is None:
        raise Http404
    form = ResourceForm(request.POST or None, request.FILES or None)
    if _create(request, form, network=network) is not None:
        return redirect("learning:network_library")
    return render(
        request,
        "learning/library/resource_new.html",
        {"network": network, "form": form, "limit_mb": limit_mb()},
    )


def _back_to_list(resource: Resource) -> HttpResponse:
    if resource.level == Level.NETWORK:
        return redirect("learning:network_library")
    return redirect("learning:agency_library", resource.organization.slug)  # type: ignore[union-attr]


@mfa_required
def resource_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    found = selectors.resource_get_for_manager(person=request.user, resource_id=pk)
    form = ResourceEditForm.of(found, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.resource_update(resource=found, by=request.user, **form.settings())
        messages.success(request, _("The resource is saved."))
        return _back_to_list(found)
    return render(
        request,
        "learning/library/resource_edit.html",
        {
            "resource": found,
            "form": form,
            "versions": [(v, language_name(v.language)) for v in found.versions.all()],
        },
    )


def _version_form(resource: Resource, request: AuthedRequest, **kwargs: Any) -> Any:
    """The words of a version: a file or an address, or an expert answer's texts."""
    if resource.kind == Kind.ANSWER:
        return AnswerVersionForm(request.POST or None, **kwargs)
    return VersionForm(request.POST or None, request.FILES or None, **kwargs)


@limited_uploads
@mfa_required
def version_new(request: AuthedRequest, pk: int) -> HttpResponse:
    found = selectors.resource_get_for_manager(person=request.user, resource_id=pk)
    form = _version_form(found, request)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_add(
                resource=found,
                by=request.user,
                file=form.cleaned_data.get("file"),
                **form.version(),
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The new version is in the library."))
            return redirect("learning:resource_edit", found.pk)
    return render(
        request,
        "learning/library/version_form.html",
        {"resource": found, "form": form, "version": None},
    )


@limited_uploads
@mfa_required
def version_edit(request: AuthedRequest, pk: int, version_pk: int) -> HttpResponse:
    found = selectors.resource_get_for_manager(person=request.user, resource_id=pk)
    version = selectors.version_of(resource=found, version_id=version_pk)
    initial = {
        name: getattr(version, name)
        for name in ("title", "summary", "url", "question_text", "answer_text")
    }
    form = _version_form(found, request, initial=initial, language=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_update(
                version=version,
                by=request.user,
                file=form.cleaned_data.get("file"),
                **form.version(),
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The version is saved."))
            return redirect("learning:resource_edit", found.pk)
    return render(
        request,
        "learning/library/version_form.html",
        {
            "resource": found,
            "form": form,
            "version": version,
            "language": language_name(version.language),
        },
    )


@mfa_required
@require_POST
def version_delete(request: AuthedRequest, pk: int, version_pk: int) -> HttpResponse:
    found = selectors.resource_get_for_manager(person=request.user, resource_id=pk)
    version = selectors.version_of(resource=found, version_id=version_pk)
    try:
        services.version_delete(version=version, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The version is removed."))
    return redirect("learning:resource_edit", found.pk)
