"""Training pages of staff: a program's modules, lessons and quiz questions, the default
orientations, and participants' progress."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bridgeway.core.access import ADMIN_ONLY, ANY_STAFF, is_agency_admin, mfa_required
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.pagination import paginate, query_without_page
from bridgeway.core.services import DomainError
from bridgeway.learning import quizzes, selectors, services
from bridgeway.learning.forms import (
    LessonForm,
    ModuleForm,
    MoveForm,
    OrientationCopyForm,
    ProgressFilterForm,
    QuestionForm,
)
from bridgeway.learning.models import Lesson, TrainingModule
from bridgeway.programs.models import EnrollmentStatus
from bridgeway.programs.selectors import program_get_for_staff

# Staff --------------------------------------------------------------------------------------


@mfa_required
def staff_training(request: AuthedRequest, pk: int) -> HttpResponse:
    """The program's modules in order; admins add, edit, reorder and copy the defaults."""
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ANY_STAFF)
    is_admin = is_agency_admin(request.user, program.organization)
    return render(
        request,
        "learning/staff_training.html",
        {
            "program": program,
            "organization": program.organization,
            "modules": list(selectors.module_list_for_staff(program=program)),
            "is_admin": is_admin,
            "copy_form": OrientationCopyForm(),
        },
    )


@mfa_required
def staff_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    """Each participant's training progress in the program, read-only."""
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ANY_STAFF)
    filters = ProgressFilterForm(request.GET or None)
    role = filters.cleaned_data.get("role", "") if filters.is_valid() else ""
    page = paginate(request, selectors.training_enrollments_for_program(program=program, role=role))
    progress = selectors.progress_for_enrollments(page.object_list)
    context = {
        "program": program,
        "organization": program.organization,
        "filters": filters,
        "page": page,
        "page_query": query_without_page(request),
        "rows": [(e, progress[e.pk]) for e in page.object_list],
        "training": EnrollmentStatus.TRAINING,
    }
    template = "learning/_progress_table.html" if request.htmx else "learning/staff_progress.html"
    return render(request, template, context)


@mfa_required
def module_new(request: AuthedRequest, pk: int) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    form = ModuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            module = services.module_create(program=program, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The module is created. Now add its lessons."))
            return redirect("learning:module_edit", pk=program.pk, module_pk=module.pk)
    return render(
        request,
        "learning/staff_form.html",
        {
            "program": program,
            "organization": program.organization,
            "form": form,
            "title": _("New training module"),
            "back_url": reverse("learning:staff_training", kwargs={"pk": program.pk}),
        },
    )


@require_POST
@mfa_required
def orientation_copy(request: AuthedRequest, pk: int) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    form = OrientationCopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the mentor or the mentee orientation."))
        return redirect("learning:staff_training", pk=program.pk)
    try:
        module = services.orientation_copy(
            program=program, by=request.user, audience=form.cleaned_data["audience"]
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("learning:staff_training", pk=program.pk)
    messages.success(
        request, _("The orientation is copied. Review it and adapt it to your program.")
    )
    return redirect("learning:module_edit", pk=program.pk, module_pk=module.pk)


@mfa_required
def module_edit(request: AuthedRequest, pk: int, module_pk: int) -> HttpResponse:
    module = selectors.module_get_for_staff(
        person=request.user, program_id=pk, module_id=module_pk, roles=ADMIN_ONLY
    )
    initial = {name: getattr(module, name) for name in ModuleForm.base_fields}
    form = ModuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.module_update(module=module, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The module is saved."))
            return redirect("learning:module_edit", pk=module.program_id, module_pk=module.pk)
    return render(
        request,
        "learning/module_edit.html",
        {
            "program": module.program,
            "organization": module.program.organization,
            "module": module,
            "form": form,
            "lessons": list(module.lessons.order_by("order", "pk")),
            "questions": selectors.quiz_questions(module=module),
        },
    )


def _moved(request: AuthedRequest, mover: Any, **kwargs: Any) -> None:
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to move it up or down."))
        return
    try:
        mover(by=request.user, direction=form.cleaned_data["direction"], **kwargs)
    except DomainError as error:
        messages.error(request, error.message)


@require_POST
@mfa_required
def module_move(request: AuthedRequest, pk: int, module_pk: int) -> HttpResponse:
    module = selectors.module_get_for_staff(
        person=request.user, program_id=pk, module_id=module_pk, roles=ADMIN_ONLY
    )
    _moved(request, services.module_move, module=module)
    return redirect("learning:staff_training", pk=module.program_id)


@mfa_required
def module_delete(request: AuthedRequest, pk: int, module_pk: int) -> HttpResponse:
    module = selectors.module_get_for_staff(
        person=request.user, program_id=pk, module_id=module_pk, roles=ADMIN_ONLY
    )
    if request.method == "POST":
        services.module_delete(module=module, by=request.user)
        messages.success(request, _("The module is deleted."))
        return redirect("learning:staff_training", pk=module.program_id)
    people = selectors.people_with_progress(module=module)
    return _confirm_delete(
        request,
        module,
        what=module.title_text,
        warning=ngettext(
            "Its lessons and quiz are deleted too, with the progress of %(count)s person.",
            "Its lessons and quiz are deleted too, with the progress of %(count)s people.",
            people,
        )
        % {"count": people},
        back=_module_url(module),
    )


def _module_url(module: TrainingModule) -> str:
    return reverse("learning:module_edit", kwargs={"pk": module.program_id, "module_pk": module.pk})


def _confirm_delete(
    request: AuthedRequest,
    module: TrainingModule,
    *,
    what: str,
    warning: str,
    back: str,
) -> HttpResponse:
    return render(
        request,
        "learning/confirm_delete.html",
        {
            "program": module.program,
            "organization": module.program.organization,
            "module": module,
            "what": what,
            "warning": warning,
            "back_url": back,
        },
    )


def _lesson_page(
    request: AuthedRequest, module: TrainingModule, form: LessonForm, lesson: Lesson | None
) -> HttpResponse:
    return render(
        request,
        "learning/staff_form.html",
        {
            "program": module.program,
            "organization": module.program.organization,
            "module": module,
            "form": form,
            "title": _("Edit the lesson") if lesson else _("New lesson"),
            "back_url": _module_url(module),
        },
    )


@mfa_required
def lesson_new(request: AuthedRequest, pk: int, module_pk: int) -> HttpResponse:
    module = selectors.module_get_for_staff(
        person=request.user, program_id=pk, module_id=module_pk, roles=ADMIN_ONLY
    )
    form = LessonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_create(module=module, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The lesson is added."))
            return redirect("learning:module_edit", pk=module.program_id, module_pk=module.pk)
    return _lesson_page(request, module, form, None)


@mfa_required
def lesson_edit(request: AuthedRequest, pk: int, module_pk: int, lesson_pk: int) -> HttpResponse:
    module = selectors.module_get_for_staff(
        person=request.user, program_id=pk, module_id=module_pk, roles=ADMIN_ONLY
    )
    lesson = selectors.lesson_get_for_module(module=module, lesson_id=lesson_pk)
    initial = {name: getattr(lesson, name) for name in LessonForm.base_fields}
    form = LessonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_update(lesson=lesson, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The lesson is saved."))
            return redirect("learning:module_edit", pk=module.program_id, module_pk=module.pk)
    return _lesson_page(request, module, form, lesson)


@require_POST
@mfa_required
def lesson_move(request: AuthedRequest, pk: int, module_pk: int, lesson_pk: int) -> HttpResponse:
    module = selectors.module_get_for_staff(
        person=request.user, program_id=pk, module_id=module_pk, roles=ADMIN_ONLY
    )
    lesson = selectors.lesson_get_for_module(module=module, lesson_id=lesson_pk)
    _moved(request, services.lesson_move, lesson=lesson)
    return redirect("learning:module_edit", pk=module.program_id, module_pk=module.pk)


@mfa_required
def lesson_delete(request: AuthedRequest, pk: int, module_pk: int, lesson_pk: int) -> HttpResponse:
    module = selectors.module_get_for_staff(
        person=request.user, program_id=pk, module_id=module_pk, roles=ADMIN_ONLY
    )
    lesson = selectors.lesson_get_for_module(module=module, lesson_id=lesson_pk)
    if request.method == "POST":
        services.lesson_delete(lesson=lesson, by=request.user)
        messages.success(request, _("The lesson is deleted."))
        return redirect("learning:module_edit", pk=module.program_id, module_pk=module.pk)
    return _confirm_delete(
        request,
        module,
        what=lesson.title_text,
        warning=_("People who marked it done lose that mark."),
        back=_module_url(module),
    )


def _question_page(
    request: AuthedRequest, module: TrainingModule, form: QuestionForm, editing: bool
) -> HttpResponse:
    return render(
        request,
        "learning/staff_form.html",
        {
            "program": module.program,
            "organization": module.program.organization,
            "module": module,
            "form": form,
            "title": _("Edit the question") if editing else _("New quiz question"),
            "intro": _(
                "Write two to five answers and tick every correct one. With several correct "
                "answers, people are asked to choose all that apply."
            ),
            "back_url": _module_url(module),
        },
    )


@mfa_required
def question_new(request: AuthedRequest, pk: int, module_pk: int) -> HttpResponse:
    module = selectors.module_get_for_staff(
        person=request.user, program_id=pk, module_id=module_pk, roles=ADMIN_ONLY
    )
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            quizzes.question_save(
                module=module,
                by=request.user,
                text=form.cleaned_data["text"],
                choices=form.choices(),
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The question is added."))
            return redirect("learning:module_edit", pk=module.program_id, module_pk=module.pk)
    return _question_page(request, module, form, editing=False)


@mfa_required
def question_edit(
    request: AuthedRequest, pk: int, module_pk: int, question_pk: int
) -> HttpResponse:
    module = selectors.module_get_for_staff(
        person=request.user, program_id=pk, module_id=module_pk, roles=ADMIN_ONLY
    )
    question = selectors.question_get_for_module(module=module, question_id=question_pk)
    form = QuestionForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            quizzes.question_save(
                module=module,
                by=request.user,
                text=form.cleaned_data["text"],
                choices=form.choices(),
                question=question,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("learning:module_edit", pk=module.program_id, module_pk=module.pk)
    return _question_page(request, module, form, editing=True)


@require_POST
@mfa_required
def question_move(
    request: AuthedRequest, pk: int, module_pk: int, question_pk: int
) -> HttpResponse:
    module = selectors.module_get_for_staff(
        person=request.user, program_id=pk, module_id=module_pk, roles=ADMIN_ONLY
    )
    question = selectors.question_get_for_module(module=module, question_id=question_pk)
    _moved(request, quizzes.question_move, question=question)
    return redirect("learning:module_edit", pk=module.program_id, module_pk=module.pk)


@mfa_required
def question_delete(
    request: AuthedRequest, pk: int, module_pk: int, question_pk: int
) -> HttpResponse:
    module = selectors.module_get_for_staff(
        person=request.user, program_id=pk, module_id=module_pk, roles=ADMIN_ONLY
    )
    question = selectors.question_get_for_module(module=module, question_id=question_pk)
    if request.method == "POST":
        quizzes.question_delete(question=question, by=request.user)
        messages.success(request, _("The question is deleted."))
        return redirect("learning:module_edit", pk=module.program_id, module_pk=module.pk)
    return _confirm_delete(
        request,
        module,
        what=question.question_text,
        warning=_("Past quiz results stay, without this question."),
        back=_module_url(module),
    )
