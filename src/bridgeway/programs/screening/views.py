"""Screening pages of staff: the program's checklist and self-assessment (agency admins), the
coordinator's queue and an enrollment's screening page. Participants' pages are in
participant_views.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgeway.core.access import ADMIN_ONLY, ANY_STAFF, mfa_required, organization_get_for_staff
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.pagination import paginate, query_without_page
from bridgeway.core.services import DomainError
from bridgeway.programs.models import Enrollment
from bridgeway.programs.screening import assessments, checklists, selectors, services
from bridgeway.programs.screening.forms import (
    AssessmentForm,
    CheckForm,
    DeclineForm,
    QuestionForm,
    QueueFilterForm,
    ScreeningItemForm,
)
from bridgeway.programs.selectors import (
    enrollment_get_for_staff,
    program_get_for_staff,
)

# --- The program's checklist (agency admins) ---------------------------------------------------


@mfa_required
def items(request: AuthedRequest, pk: int) -> HttpResponse:
    """The checklist of a program; the form at the bottom adds an item."""
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    form = ScreeningItemForm(request.POST or None, initial={"required": True})
    if request.method == "POST" and form.is_valid():
        checklists.item_create(program=program, by=request.user, **form.cleaned_data)
        messages.success(request, _("The check is added to the checklist."))
        return redirect("screening:items", pk=program.pk)
    assessment = selectors.assessment_for_program(program=program)
    return render(
        request,
        "screening/items.html",
        {
            "program": program,
            "organization": program.organization,
            "items": list(selectors.items_for_program(program=program)),
            "form": form,
            "assessment": assessment,
            "question_count": len(assessment.questions.all()) if assessment else 0,
        },
    )


@require_POST
@mfa_required
def items_defaults(request: AuthedRequest, pk: int) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    try:
        checklists.items_add_defaults(program=program, by=request.user)
        messages.success(request, _("The suggested checklist is added. Edit it as you need."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("screening:items", pk=program.pk)


@mfa_required
def item_edit(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    item = selectors.item_get_for_program(program=program, item_id=item_pk)
    form = ScreeningItemForm.for_item(item, request.POST or None)
    if request.method == "POST" and form.is_valid():
        checklists.item_update(item=item, by=request.user, **form.cleaned_data)
        messages.success(request, _("The check is saved."))
        return redirect("screening:items", pk=program.pk)
    return render(
        request,
        "screening/item_form.html",
        {"program": program, "organization": program.organization, "item": item, "form": form},
    )


@require_POST
@mfa_required
def item_delete(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    item = selectors.item_get_for_program(program=program, item_id=item_pk)
    try:
        checklists.item_delete(item=item, by=request.user)
        messages.success(request, _("The check is removed from the checklist."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("screening:items", pk=program.pk)


@require_POST
@mfa_required
def item_move(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    item = selectors.item_get_for_program(program=program, item_id=item_pk)
    try:
        checklists.item_move(
            item=item, by=request.user, direction=request.POST.get("direction", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(reverse("screening:items", args=[program.pk]) + f"#item-{item.pk}")


# --- The program's self-assessment (agency admins) ---------------------------------------------


@mfa_required
def assessment(request: AuthedRequest, pk: int) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    current = selectors.assessment_for_program(program=program)
    form = AssessmentForm.for_assessment(current, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessments.assessment_save(program=program, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The self-assessment is saved."))
            return redirect("screening:assessment", pk=program.pk)
    return render(
        request,
        "screening/assessment.html",
        {
            "program": program,
            "organization": program.organization,
            "assessment": current,
            "questions": list(current.questions.all()) if current else [],
            "form": form,
        },
    )


@require_POST
@mfa_required
def assessment_defaults(request: AuthedRequest, pk: int) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    try:
        assessments.assessment_add_defaults(program=program, by=request.user)
        messages.success(request, _("The suggested questions are added. Edit them as you need."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("screening:assessment", pk=program.pk)


def _question_page(request: AuthedRequest, pk: int, question_pk: int | None) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    current = selectors.assessment_for_program(program=program)
    question = None
    if question_pk is not None:
        if current is None:
            raise Http404
        question = selectors.question_get(assessment=current, question_id=question_pk)
    if current is None and request.method == "POST":
        current = assessments.assessment_save(
            program=program, by=request.user, **_first_assessment_texts()
        )
    data = request.POST or None
    form = QuestionForm.for_question(question, data) if question else QuestionForm(data)
    if request.method == "POST" and form.is_valid() and current is not None:
        try:
            assessments.question_save(
                assessment=current,
                by=request.user,
                text=form.cleaned_data["text"],
                choices=form.cleaned_data["choices"],
                question=question,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("screening:assessment", pk=program.pk)
    return render(
        request,
        "screening/question_form.html",
        {
            "program": program,
            "organization": program.organization,
            "question": question,
            "form": form,
        },
    )


def _first_assessment_texts() -> dict[str, Any]:
    from bridgeway.programs.screening import defaults

    return {
        "threshold": defaults.THRESHOLD,
        "intro": services.in_every_language(defaults.INTRO),
        "advice_below": services.in_every_language(defaults.ADVICE_BELOW),
        "advice_above": services.in_every_language(defaults.ADVICE_ABOVE),
    }


@mfa_required
def question_new(request: AuthedRequest, pk: int) -> HttpResponse:
    return _question_page(request, pk, None)


@mfa_required
def question_edit(request: AuthedRequest, pk: int, question_pk: int) -> HttpResponse:
    return _question_page(request, pk, question_pk)


@require_POST
@mfa_required
def question_delete(request: AuthedRequest, pk: int, question_pk: int) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    current = selectors.assessment_for_program(program=program)
    if current is None:
        raise Http404
    question = selectors.question_get(assessment=current, question_id=question_pk)
    assessments.question_delete(question=question, by=request.user)
    messages.success(request, _("The question is deleted."))
    return redirect("screening:assessment", pk=program.pk)


@require_POST
@mfa_required
def question_move(request: AuthedRequest, pk: int, question_pk: int) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    current = selectors.assessment_for_program(program=program)
    if current is None:
        raise Http404
    question = selectors.question_get(assessment=current, question_id=question_pk)
    try:
        assessments.question_move(
            question=question, by=request.user, direction=request.POST.get("direction", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    url = reverse("screening:assessment", args=[program.pk])
    return redirect(f"{url}#question-{question.pk}")


# --- The coordinator's queue and an enrollment's screening -------------------------------------


@mfa_required
def queue(request: AuthedRequest, org: str) -> HttpResponse:
    """Applied and in-screening people of the agency, filtered, with counts per filter."""
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    programs = selectors.program_choices(organization=organization)
    counts = selectors.screening_queue_counts(organization=organization)
    filters = QueueFilterForm(request.GET or None, programs=programs, counts=counts)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    enrollments = selectors.screening_queue(
        organization=organization,
        program_id=cleaned.get("program"),
        role=cleaned.get("role", ""),
        status=cleaned.get("status", ""),
        expired=cleaned.get("expired", False),
        query=cleaned.get("q", ""),
    )
    context = {
        "organization": organization,
        "membership": membership,
        "filters": filters,
        "counts": counts,
        "page": paginate(request, enrollments),
        "page_query": query_without_page(request),
    }
    template = "screening/_queue_table.html" if request.htmx else "screening/queue.html"
    return render(request, template, context)


def _screening_context(enrollment: Enrollment, **forms: Any) -> dict[str, Any]:
    rows = selectors.checklist(enrollment=enrollment)
    assessment = selectors.assessment_for_program(program=enrollment.program)
    open_assessment = enrollment.role == Enrollment.Role.MENTOR and selectors.assessment_is_open(
        assessment
    )
    bound_item = forms.pop("bound_item", None)
    bound_form = forms.pop("check_form", None)
    references = selectors.references_for(enrollment=enrollment)
    return {
        "enrollment": enrollment,
        "organization": enrollment.program.organization,
        "rows": [
            (
                row,
                bound_form if bound_item == row.item.pk else CheckForm(prefix=f"item{row.item.pk}"),
                references.get(row.item.pk),
            )
            for row in rows
        ],
        "cleared": sum(row.is_cleared for row in rows),
        "assessment": assessment if open_assessment else None,
        "result": selectors.latest_result(enrollment=enrollment) if open_assessment else None,
        "blockers": selectors.approval_blockers(enrollment=enrollment),
        "decline_form": forms.pop("decline_form", None) or DeclineForm(),
    }


@mfa_required
def enrollment_screening(request: AuthedRequest, pk: int) -> HttpResponse:
    enrollment = enrollment_get_for_staff(person=request.user, enrollment_id=pk)
    return render(request, "screening/enrollment.html", _screening_context(enrollment))


@require_POST
@mfa_required
def enrollment_start(request: AuthedRequest, pk: int) -> HttpResponse:
    enrollment = enrollment_get_for_staff(person=request.user, enrollment_id=pk)
    try:
        services.screening_start(enrollment=enrollment, by=request.user)
        messages.success(
            request, _("%(name)s is now in screening.") % {"name": enrollment.person.name}
        )
    except DomainError as error:
        messages.error(request, error.message)
    if request.POST.get("next") == "queue":
        return redirect("screening:queue", org=enrollment.program.organization.slug)
    return redirect("screening:enrollment", pk=enrollment.pk)


@require_POST
@mfa_required
def check_record(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    enrollment = enrollment_get_for_staff(person=request.user, enrollment_id=pk)
    item = selectors.item_get_for_program(program=enrollment.program, item_id=item_pk)
    form = CheckForm(request.POST, prefix=f"item{item.pk}")
    if form.is_valid():
        try:
            services.check_record(
                enrollment=enrollment,
                item=item,
                status=form.cleaned_data["status"],
                completed_on=form.cleaned_data["completed_on"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("“%(item)s” is recorded.") % {"item": item.name})
            url = reverse("screening:enrollment", args=[enrollment.pk])
            return redirect(f"{url}#item-{item.pk}")
    context = _screening_context(enrollment, bound_item=item.pk, check_form=form)
    return render(request, "screening/enrollment.html", context, status=400)


@require_POST
@mfa_required
def approve(request: AuthedRequest, pk: int) -> HttpResponse:
    enrollment = enrollment_get_for_staff(person=request.user, enrollment_id=pk)
    try:
        approved = services.screening_approve(enrollment=enrollment, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("screening:enrollment", pk=enrollment.pk)
    messages.success(
        request,
        _("%(name)s is approved and now “%(status)s”. They are told by email.")
        % {"name": approved.person.name, "status": approved.get_status_display()},
    )
    return redirect("screening:queue", org=approved.program.organization.slug)


@require_POST
@mfa_required
def decline(request: AuthedRequest, pk: int) -> HttpResponse:
    enrollment = enrollment_get_for_staff(person=request.user, enrollment_id=pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.screening_decline(
                enrollment=enrollment, by=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is declined. They are told by email, with your reason.")
                % {"name": enrollment.person.name},
            )
            return redirect("screening:queue", org=enrollment.program.organization.slug)
    context = _screening_context(enrollment, decline_form=form)
    return render(request, "screening/enrollment.html", context, status=400)
