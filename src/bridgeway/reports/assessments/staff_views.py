"""Staff pages: a program's instruments (agency admins add and edit them, coordinators read),
the results of one (paired change per question and per person), and the network's figures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgeway.core.access import ADMIN_ONLY, is_agency_admin, mfa_required, network_admin_required
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.services import DomainError
from bridgeway.reports import selectors as report_selectors
from bridgeway.reports.assessments import selectors, services
from bridgeway.reports.assessments.forms import (
    InstrumentForm,
    InstrumentQuestionForm,
    NewInstrumentForm,
    ReadyMadeForm,
)
from bridgeway.reports.assessments.models import KIND_CHOICES, Instrument, Moment


@mfa_required
def instruments(request: AuthedRequest, pk: int) -> HttpResponse:
    program = selectors.program_for_staff(person=request.user, program_id=pk)
    return render(
        request,
        "reports/assessments/instruments.html",
        {
            "program": program,
            "organization": program.organization,
            "instruments": [
                (item, selectors.sent_counts(instrument=item))
                for item in selectors.instruments_for_program(program=program)
            ],
            "is_admin": is_agency_admin(request.user, program.organization),
            "ready_form": ReadyMadeForm(),
        },
    )


@require_POST
@mfa_required
def ready_made_add(request: AuthedRequest, pk: int) -> HttpResponse:
    program = selectors.program_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    form = ReadyMadeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a ready-made instrument from the list."))
        return redirect("reports:assessment_instruments", pk=program.pk)
    try:
        instrument = services.instrument_add_ready_made(
            program=program, name=form.cleaned_data["name"], by=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("reports:assessment_instruments", pk=program.pk)
    messages.success(
        request,
        _("“%(name)s” is added. Review its questions; it goes to participants from now on.")
        % {"name": instrument.name},
    )
    return redirect("reports:assessment_instrument", pk=program.pk, instrument_pk=instrument.pk)


@mfa_required
def instrument_new(request: AuthedRequest, pk: int) -> HttpResponse:
    program = selectors.program_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    form = NewInstrumentForm(
        request.POST or None, initial={"moments": [Moment.BEFORE, Moment.CLOSURE]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            instrument = services.instrument_create(
                program=program,
                by=request.user,
                audience=form.cleaned_data["audience"],
                title=form.cleaned_data["title"],
                moments=form.cleaned_data["moments"],
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The instrument is added. Now add its questions."))
            return redirect(
                "reports:assessment_instrument", pk=program.pk, instrument_pk=instrument.pk
            )
    return render(
        request,
        "reports/assessments/instrument_new.html",
        {"program": program, "organization": program.organization, "form": form},
    )


@mfa_required
def instrument(request: AuthedRequest, pk: int, instrument_pk: int) -> HttpResponse:
    """The instrument's questions and settings; admins change them."""
    found = selectors.instrument_get_for_staff(
        person=request.user, program_id=pk, instrument_id=instrument_pk
    )
    is_admin = is_agency_admin(request.user, found.program.organization)
    if request.method == "POST" and not is_admin:
        return redirect("reports:assessment_instrument", pk=pk, instrument_pk=found.pk)
    form = InstrumentForm(
        request.POST or None,
        initial={
            "title": found.title,
            "intro": found.intro,
            "moments": found.moments,
            "is_active": found.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.instrument_update(instrument=found, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The instrument is saved."))
            return redirect("reports:assessment_instrument", pk=pk, instrument_pk=found.pk)
    return render(
        request,
        "reports/assessments/instrument.html",
        {
            "program": found.program,
            "organization": found.program.organization,
            "instrument": found,
            "questions": list(found.questions.all()),
            "form": form,
            "is_admin": is_admin,
            "kinds": KIND_CHOICES,
        },
    )


@mfa_required
def question_new(request: AuthedRequest, pk: int, instrument_pk: int) -> HttpResponse:
    found = selectors.instrument_get_for_staff(
        person=request.user, program_id=pk, instrument_id=instrument_pk, roles=ADMIN_ONLY
    )
    kind = request.POST.get("kind") or request.GET.get("kind", "")
    if kind not in dict(KIND_CHOICES):
        messages.error(request, _("Choose a kind of question from the list."))
        return redirect("reports:assessment_instrument", pk=pk, instrument_pk=found.pk)
    return _question_page(request, found, kind, None)


@mfa_required
def question_edit(
    request: AuthedRequest, pk: int, instrument_pk: int, question_pk: int
) -> HttpResponse:
    found = selectors.instrument_get_for_staff(
        person=request.user, program_id=pk, instrument_id=instrument_pk, roles=ADMIN_ONLY
    )
    question = selectors.question_get(instrument=found, question_id=question_pk)
    return _question_page(request, found, question.kind, question)


def _question_page(
    request: AuthedRequest, found: Instrument, kind: str, question: Any
) -> HttpResponse:
    form = InstrumentQuestionForm(request.POST or None, kind=kind, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.question_save(
                instrument=found,
                by=request.user,
                kind=kind,
                data=form.data_for_service(),
                question=question,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect(
                "reports:assessment_instrument",
                pk=found.program_id,
                instrument_pk=saved.instrument_id,
            )
    return render(
        request,
        "reports/assessments/question_form.html",
        {
            "program": found.program,
            "organization": found.program.organization,
            "instrument": found,
            "form": form,
            "kind": kind,
            "kind_label": dict(KIND_CHOICES)[kind],
            "question": question,
        },
    )


@require_POST
@mfa_required
def question_delete(
    request: AuthedRequest, pk: int, instrument_pk: int, question_pk: int
) -> HttpResponse:
    found = selectors.instrument_get_for_staff(
        person=request.user, program_id=pk, instrument_id=instrument_pk, roles=ADMIN_ONLY
    )
    question = selectors.question_get(instrument=found, question_id=question_pk)
    try:
        services.question_delete(question=question, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The question is deleted."))
    return redirect("reports:assessment_instrument", pk=pk, instrument_pk=found.pk)


def _after(request: AuthedRequest, moments: list[str]) -> str:
    later = [m for m in selectors.LATER_MOMENTS if m in moments] or [Moment.CLOSURE]
    chosen = request.GET.get("after", "")
    return chosen if chosen in later else (Moment.CLOSURE if Moment.CLOSURE in later else later[0])


@mfa_required
def results(request: AuthedRequest, pk: int, instrument_pk: int) -> HttpResponse:
    found = selectors.instrument_get_for_staff(
        person=request.user, program_id=pk, instrument_id=instrument_pk
    )
    after = _after(request, found.moments)
    found_results = selectors.program_results(instrument=found, after=after)
    return render(
        request,
        "reports/assessments/results.html",
        {
            "program": found.program,
            "organization": found.program.organization,
            "instrument": found,
            "after": after,
            "after_label": Moment(after).label,
            "choices": [
                (m, Moment(m).label) for m in selectors.LATER_MOMENTS if m in found.moments
            ],
            "results": found_results,
            "any_pairs": any(result.people for result in found_results),
            "choice_tables": selectors.program_choice_tables(instrument=found),
        },
    )


@network_admin_required
def network(request: AuthedRequest) -> HttpResponse:
    scope = report_selectors.network_scope(person=request.user)
    after = _after(request, list(Moment.values))
    return render(
        request,
        "reports/assessments/network.html",
        {
            "network": scope.network,
            "after": after,
            "after_label": Moment(after).label,
            "choices": [(m, Moment(m).label) for m in selectors.LATER_MOMENTS],
            "results": selectors.network_results(
                organization_ids=scope.organization_ids, after=after
            ),
            "choice_tables": selectors.network_choice_tables(
                organization_ids=scope.organization_ids
            ),
        },
    )
