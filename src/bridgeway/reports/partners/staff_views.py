"""The staff's partner pages, behind two-step verification: an agency's partners
(/manage/<agency>/partners/) and the network's (/network/partners/), each partner's page with its
settings and contacts (for those who manage it) and its links to the mentors of the reader's
agencies, with suggestions from work email domains. Another agency's partner, contact or link
is the same 404 as one that does not exist."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgeway.core.access import (
    ANY_STAFF,
    is_agency_admin,
    mfa_required,
    network_admin_required,
    organization_get_for_staff,
)
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest, id_or_404, parse_id
from bridgeway.core.services import DomainError
from bridgeway.reports.partners import links, selectors, services
from bridgeway.reports.partners.access import (
    agencies_linking,
    partner_get_for_staff,
    partners_readable,
)
from bridgeway.reports.partners.forms import (
    ContactForm,
    LinkAnswerForm,
    LinkProposeForm,
    PartnerForm,
)
from bridgeway.reports.partners.models import Partner


@mfa_required
def agency_partners(request: AuthedRequest, org: str) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    admin = is_agency_admin(request.user, organization)
    if request.method == "POST" and not admin:
        raise PermissionDenied
    form = PartnerForm(request.POST or None, prefix="partner")
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_create(
                by=request.user,
                network=organization.network,
                organization=organization,
                **form.cleaned_data,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request, _("%(name)s is a partner of the agency.") % {"name": partner.name}
            )
            return redirect("reports:partner_manage", pk=partner.pk)
    return render(
        request,
        "reports/partners/agency.html",
        {
            "organization": organization,
            "membership": membership,
            "partners": selectors.partners_for_agency(organization),
            "form": form if admin else None,
        },
    )


@network_admin_required
def network_partners(request: AuthedRequest) -> HttpResponse:
    network = selectors.network_for_admin(request.user)
    form = PartnerForm(request.POST or None, prefix="partner")
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_create(by=request.user, network=network, **form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request, _("%(name)s is a partner of the network.") % {"name": partner.name}
            )
            return redirect("reports:partner_manage", pk=partner.pk)
    return render(
        request,
        "reports/partners/network.html",
        {"network": network, "partners": selectors.partners_for_network(network), "form": form},
    )


def _back(request: AuthedRequest, partner: Partner, manages: bool) -> str:
    if partner.organization is not None:
        return reverse("reports:partners_agency", args=[partner.organization.slug])
    if manages:
        return reverse("reports:partners_network")
    first = agencies_linking(request.user, partner).order_by("name").first()
    return reverse("reports:partners_agency", args=[first.slug]) if first else "/"


@mfa_required
def partner_manage(
    request: AuthedRequest,
    pk: int,
    contact_form: ContactForm | None = None,
    propose_form: LinkProposeForm | None = None,
) -> HttpResponse:
    partner, manages, linker = partner_get_for_staff(person=request.user, partner_id=pk)
    initial = {"name": partner.name, "domains": " ".join(partner.domains)}
    editing = request.method == "POST" and contact_form is None and propose_form is None
    if editing and not manages:
        raise PermissionDenied
    form = PartnerForm(request.POST if editing else None, prefix="partner", initial=initial)
    if editing and form.is_valid():
        try:
            services.partner_update(partner=partner, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The partner is saved."))
            return redirect("reports:partner_manage", pk=partner.pk)
    language = {"language": request.user.preferred_language}
    return render(
        request,
        "reports/partners/manage.html",
        {
            "partner": partner,
            "manages": manages,
            "linker": linker,
            "back": _back(request, partner, manages),
            "reads": partners_readable(request.user).filter(pk=partner.pk).exists(),
            "form": form,
            "contacts": selectors.contacts_of(partner) if manages else [],
            "contact_form": contact_form or ContactForm(prefix="contact", initial=language),
            "links": selectors.links_for_staff(person=request.user, partner=partner)
            if linker
            else [],
            "suggestions": selectors.suggestions(person=request.user, partner=partner)
            if linker
            else [],
            "propose_form": propose_form or LinkProposeForm(prefix="link"),
            "linked_total": selectors.linked_total(partner) if manages and not linker else 0,
        },
    )


@require_POST
@mfa_required
def contact_invite(request: AuthedRequest, pk: int) -> HttpResponse:
    partner, manages, _linker = partner_get_for_staff(person=request.user, partner_id=pk)
    if not manages:
        raise PermissionDenied
    form = ContactForm(request.POST, prefix="contact")
    if form.is_valid():
        try:
            services.contact_invite(partner=partner, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("reports:partner_manage", pk=partner.pk)
    return partner_manage(request, pk, contact_form=form)


@require_POST
@mfa_required
def contact_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_get_for_manager(person=request.user, contact_id=pk)
    services.contact_remove(contact=contact, by=request.user)
    messages.success(
        request,
        _("%(name)s no longer sees anything of %(partner)s.")
        % {"name": contact.name, "partner": contact.partner.name},
    )
    return redirect("reports:partner_manage", pk=contact.partner_id)


@require_POST
@mfa_required
def link_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """Suggest the partner to a mentor: one of the suggestions (an enrollment id) or a mentor
    found by their email address."""
    partner, _manages, linker = partner_get_for_staff(person=request.user, partner_id=pk)
    if not linker:
        raise PermissionDenied
    enrollment_id = parse_id(request.POST.get("enrollment"))
    form = LinkProposeForm(request.POST, prefix="link")
    if enrollment_id is not None:
        enrollment = selectors.mentor_get_for_linking(
            person=request.user, partner=partner, enrollment_id=enrollment_id
        )
    elif form.is_valid():
        found = selectors.mentor_find_by_email(
            person=request.user, partner=partner, email=form.cleaned_data["email"]
        )
        if found is None:
            form.add_error("email", _("No mentor of your agency's programs has this address."))
            return partner_manage(request, pk, propose_form=form)
        enrollment = found
    else:
        return partner_manage(request, pk, propose_form=form)
    try:
        links.link_propose(partner=partner, enrollment=enrollment, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s is asked whether to share their mentoring with %(partner)s.")
            % {"name": enrollment.person.name, "partner": partner.name},
        )
    return redirect("reports:partner_manage", pk=partner.pk)


@require_POST
@mfa_required
def link_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    link = selectors.link_get_for_staff(person=request.user, link_id=id_or_404(pk))
    form = LinkAnswerForm(request.POST, prefix=f"link-{link.pk}")
    back = redirect("reports:partner_manage", pk=link.partner_id)
    if not form.is_valid():
        messages.error(request, _("Choose to confirm or to end the link; keep the reason short."))
        return back
    try:
        if form.cleaned_data["action"] == "confirm":
            links.link_confirm(link=link, by=request.user)
            messages.success(
                request,
                _("%(name)s is linked to %(partner)s.")
                % {"name": link.person.name, "partner": link.partner.name},
            )
        else:
            links.link_end(link=link, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(
                request,
                _("The link of %(name)s to %(partner)s has ended.")
                % {"name": link.person.name, "partner": link.partner.name},
            )
    except DomainError as error:
        messages.error(request, error.message)
    return back
