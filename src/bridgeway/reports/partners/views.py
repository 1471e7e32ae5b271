"""A partner's page (/partner/<id>/): aggregate figures about its employees who mentor, by
quarter, with CSV and PDF downloads, and the recognition letters they share — for the partner's
contacts (two-step verification first) and the staff who run it. Accepting an invitation to be
a contact. And a mentor's page about their employer (/my/employer/): name a partner, agree to a
suggestion, change what they share, or stop."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.services import DomainError
from bridgeway.reports.charts import chart_for
from bridgeway.reports.exports import csv_bytes
from bridgeway.reports.partners import links, selectors, services
from bridgeway.reports.partners.access import partner_get_for_reader, reader_required
from bridgeway.reports.partners.forms import EmployerForm, LinkChoiceForm, PeriodForm
from bridgeway.reports.partners.pdf import partner_pdf
from bridgeway.reports.partners.report import PartnerReport, partner_report_build
from bridgeway.reports.recognition.staff_views import pdf_response


def _report(request: AuthedRequest, pk: int) -> tuple[PartnerReport, PeriodForm]:
    partner = partner_get_for_reader(person=request.user, partner_id=pk)
    form = PeriodForm(request.GET or None)
    return partner_report_build(partner=partner, chosen=form.report_filter()), form


@reader_required
def partner_page(request: AuthedRequest, pk: int) -> HttpResponse:
    report, form = _report(request, pk)
    return render(
        request,
        "reports/partners/partner.html",
        {
            "partner": report.partner,
            "report": report,
            "form": form,
            "sections": [(table, chart_for(table)) for table in report.tables],
            "letters": selectors.shared_letters(report.partner),
            "query": request.GET.urlencode(),
        },
    )


@reader_required
def partner_export(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "pdf"):
        raise Http404
    report, _form = _report(request, pk)
    stem = f"{slugify(report.partner.name) or 'partner'}-{timezone.localdate().isoformat()}"
    if fmt == "csv":
        table = report.table(request.GET.get("table", ""))
        if table is None:
            raise Http404  # a CSV file holds one table, and there is none below 5 employees
        content, kind, name = csv_bytes(table), "text/csv; charset=utf-8", f"{stem}-{table.key}.csv"
    else:
        content, kind, name = partner_pdf(report=report), "application/pdf", f"{stem}.pdf"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@reader_required
def letter_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    letter = selectors.shared_letter_get_for_reader(person=request.user, letter_id=pk)
    if letter.certificate.revoked_at is not None:
        raise Http404
    return pdf_response(letter.certificate)


@login_required
def join(request: AuthedRequest, token: str) -> HttpResponse:
    """Accept an invitation to be a partner's contact; only the invited address sees it."""
    contact = selectors.contact_get_by_token(token=token, person=request.user)
    if request.method == "POST":
        try:
            services.contact_accept(contact=contact, person=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("core:dashboard")
        messages.success(
            request,
            _("You are a contact of %(partner)s. Set up two-step verification to see its figures.")
            % {"partner": contact.partner.name},
        )
        return redirect("reports:partner", pk=contact.partner_id)
    return render(request, "reports/partners/join.html", {"contact": contact})


def _employer_form(choices: list[selectors.EmployerChoice], data: object = None) -> EmployerForm:
    return EmployerForm(
        data,  # type: ignore[arg-type]
        prefix="employer",
        choices=[
            (c.partner.pk, f"{c.partner.name} · {c.organization.name}")
            if c.partner.organization_id
            else (c.partner.pk, c.partner.name)
            for c in choices
        ],
    )


@login_required
def my_employer(request: AuthedRequest) -> HttpResponse:
    choices = selectors.employer_choices(request.user)
    form = _employer_form(choices, request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = next((c for c in choices if c.partner.pk == form.cleaned_data["partner"]), None)
        try:
            if chosen is None:
                raise DomainError(_("Choose an employer from the list."), "partner")
            links.link_request(
                person=request.user,
                partner=chosen.partner,
                organization=chosen.organization,
                share_figures=form.cleaned_data["share_figures"],
                share_letters=form.cleaned_data["share_letters"],
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            assert chosen is not None
            messages.success(
                request,
                _(
                    "Thank you. The staff of %(agency)s will confirm that you work for "
                    "%(partner)s; nothing is shared before that."
                )
                % {"agency": chosen.organization.name, "partner": chosen.partner.name},
            )
            return redirect("reports:my_employer")
    mine = list(selectors.links_of(request.user))
    return render(
        request,
        "reports/partners/my_employer.html",
        {
            "form": form,
            "choices": choices,
            "open_links": [
                (
                    link,
                    LinkChoiceForm(
                        prefix=f"link-{link.pk}",
                        initial={
                            "share_figures": link.share_figures,
                            "share_letters": link.share_letters,
                        },
                    ),
                )
                for link in mine
                if link.status != link.Status.ENDED
            ],
            "ended_links": [link for link in mine if link.status == link.Status.ENDED],
            "mentors": selectors.is_mentor(request.user),
        },
    )


@require_POST
@login_required
def my_employer_link(request: AuthedRequest, pk: int) -> HttpResponse:
    link = selectors.link_get_for_person(person=request.user, link_id=pk)
    form = LinkChoiceForm(request.POST, prefix=f"link-{link.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose what to do with this link."))
        return redirect("reports:my_employer")
    action = form.cleaned_data["action"]
    shares = {k: form.cleaned_data[k] for k in ("share_figures", "share_letters")}
    try:
        if action == "end":
            links.link_end(link=link, by=request.user)
            messages.success(
                request,
                _("Nothing more of your mentoring is shared with %(partner)s.")
                % {"partner": link.partner.name},
            )
        elif action == "accept":
            links.link_accept(link=link, person=request.user, **shares)
            messages.success(
                request, _("You are linked to %(partner)s.") % {"partner": link.partner.name}
            )
        else:
            link = links.link_update(link=link, person=request.user, **shares)
            if link.status == link.Status.ENDED:
                messages.success(
                    request,
                    _("You chose to share nothing: your link to %(partner)s has ended.")
                    % {"partner": link.partner.name},
                )
            else:
                messages.success(request, _("Your choices are saved."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("reports:my_employer")
