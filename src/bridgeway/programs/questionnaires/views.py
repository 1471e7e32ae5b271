"""Pages: the questionnaire builder (agency admins edit, coordinators read), the participant's
profile, and the staff view of a profile."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bridgeway.accounts.models import Person
from bridgeway.core.access import ADMIN_ONLY, ANY_STAFF, is_agency_admin, mfa_required
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.services import DomainError
from bridgeway.programs.intake.selectors import submission_latest_applied
from bridgeway.programs.models import Program
from bridgeway.programs.questionnaires import profiles, services
from bridgeway.programs.questionnaires.forms import (
    MoveForm,
    QuestionForm,
    QuestionKindForm,
    StarterForm,
)
from bridgeway.programs.questionnaires.models import QuestionKind
from bridgeway.programs.questionnaires.profile_forms import ProfileForm
from bridgeway.programs.questionnaires.selectors import (
    answers_for_enrollment,
    profile_card,
    profile_completeness,
    question_get_for_program,
    questions_for_program,
    questions_for_role,
)
from bridgeway.programs.questionnaires.starters import STARTERS
from bridgeway.programs.selectors import (
    enrollment_get_for_person,
    enrollment_get_for_staff,
    program_get_for_staff,
)
from bridgeway.programs.services import ACTIVE_STATUSES


@mfa_required
def builder(request: AuthedRequest, pk: int) -> HttpResponse:
    """The program's questions in order; admins add, edit, reorder and delete them."""
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ANY_STAFF)
    questions = list(questions_for_program(program=program))
    return render(
        request,
        "questionnaires/builder.html",
        {
            "program": program,
            "organization": program.organization,
            "questions": questions,
            "is_admin": is_agency_admin(request.user, program.organization),
            "kind_form": QuestionKindForm(),
            "starter_form": StarterForm(),
            "starters": [(key, label, len(items)) for key, (label, items) in STARTERS.items()],
        },
    )


@require_POST
@mfa_required
def questionnaire_start(request: AuthedRequest, pk: int) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    form = StarterForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a starting point from the list."))
        return redirect("questionnaires:builder", pk=program.pk)
    try:
        created = services.questionnaire_start(
            program=program, by=request.user, starter=form.cleaned_data["starter"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d question added. Review each one before people answer.",
                "%(count)d questions added. Review each one before people answer.",
                len(created),
            )
            % {"count": len(created)},
        )
    return redirect("questionnaires:builder", pk=program.pk)


@mfa_required
def question_new(request: AuthedRequest, pk: int) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    kind = request.POST.get("kind") or request.GET.get("kind", "")
    if kind not in QuestionKind.values:
        messages.error(request, _("Choose a kind of question from the list."))
        return redirect("questionnaires:builder", pk=program.pk)
    form = QuestionForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_create(
                program=program, by=request.user, kind=kind, **form.to_data()
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The question is added."))
            return _to_question(program, question.pk)
    return _question_page(request, program, form, kind)


@mfa_required
def question_edit(request: AuthedRequest, pk: int, question_pk: int) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    question = question_get_for_program(program=program, question_id=question_pk)
    form = QuestionForm(request.POST or None, kind=question.kind, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(question=question, by=request.user, **form.to_data())
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return _to_question(program, question.pk)
    return _question_page(request, program, form, question.kind, question)


def _question_page(
    request: AuthedRequest,
    program: Program,
    form: QuestionForm,
    kind: str,
    question: object | None = None,
) -> HttpResponse:
    return render(
        request,
        "questionnaires/question_form.html",
        {
            "program": program,
            "organization": program.organization,
            "form": form,
            "kind_label": QuestionKind(kind).label,
            "kind": kind,
            "question": question,
        },
    )


def _to_question(program: Program, question_pk: int) -> HttpResponse:
    url = reverse("questionnaires:builder", args=[program.pk])
    return redirect(f"{url}#question-{question_pk}")


@require_POST
@mfa_required
def question_move(request: AuthedRequest, pk: int, question_pk: int) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    question = question_get_for_program(program=program, question_id=question_pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.question_move(
            question=question, by=request.user, direction=form.cleaned_data["direction"]
        )
        messages.success(request, _("“%(question)s” is moved.") % {"question": question.label})
    # Back to the moved question: the next Tab reaches its buttons again.
    return _to_question(program, question.pk)


@mfa_required
def question_delete(request: AuthedRequest, pk: int, question_pk: int) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    question = question_get_for_program(program=program, question_id=question_pk)
    if request.method == "POST":
        services.question_delete(question=question, by=request.user)
        messages.success(request, _("The question is deleted."))
        return redirect("questionnaires:builder", pk=program.pk)
    return render(
        request,
        "questionnaires/question_delete.html",
        {
            "program": program,
            "organization": program.organization,
            "question": question,
            "answer_count": question.answers.count(),
        },
    )


def _intake_answers(person: Person) -> dict[str, Any]:
    """What the person answered at intake, to fill in what the profile asks again."""
    submission = submission_latest_applied(person=person)
    return submission.answers if submission is not None else {}


@login_required
def profile(request: AuthedRequest, pk: int) -> HttpResponse:
    """The participant's profile in one program: the questions of their role, their answers,
    and their accessibility needs; saved all at once."""
    enrollment = enrollment_get_for_person(person=request.user, enrollment_id=pk)
    questions = list(questions_for_role(program=enrollment.program, role=enrollment.role))
    form = ProfileForm(
        request.POST or None,
        questions=questions,
        answers=answers_for_enrollment(enrollment=enrollment),
        person=request.user,
        intake=_intake_answers(request.user),
    )
    editable = enrollment.status in ACTIVE_STATUSES
    if request.method == "POST" and form.is_valid():
        try:
            answered, required = profiles.profile_save(
                enrollment=enrollment,
                by=request.user,
                answers=form.answers(),
                accessibility_needs=form.cleaned_data["accessibility_needs"],
                contact_mode=form.cleaned_data["contact_mode"],
            )
        except profiles.AnswersInvalid as error:
            form.add_answer_errors(error.errors)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _saved_message(answered, required))
            return redirect("questionnaires:profile", pk=enrollment.pk)
    answered, required = profile_completeness(enrollment)
    return render(
        request,
        "questionnaires/profile.html",
        {
            "enrollment": enrollment,
            "form": form,
            "answered": answered,
            "required": required,
            "editable": editable,
        },
    )


def _saved_message(answered: int, required: int) -> str:
    missing = required - answered
    if missing <= 0:
        return _("Your profile is saved and complete.")
    return ngettext(
        "Your profile is saved. %(count)d required question is still unanswered.",
        "Your profile is saved. %(count)d required questions are still unanswered.",
        missing,
    ) % {"count": missing}


@mfa_required
def staff_profile(request: AuthedRequest, pk: int) -> HttpResponse:
    """A participant's profile as program staff see it, accessibility needs first."""
    enrollment = enrollment_get_for_staff(person=request.user, enrollment_id=pk)
    return render(
        request,
        "questionnaires/staff_profile.html",
        {
            "enrollment": enrollment,
            "organization": enrollment.program.organization,
            "card": profile_card(enrollment=enrollment, heading_level=2),
        },
    )
