"""Training pages of participants, at learn/…: their modules, lessons, quizzes and results.
Staff build training at manage/programs/<pk>/training/… (staff_views.py)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bridgeway.core.http import AuthedRequest
from bridgeway.core.services import DomainError
from bridgeway.learning import quizzes, selectors
from bridgeway.learning.forms import (
    QuizForm,
)
from bridgeway.learning.orientation import DEFAULT_ORIENTATIONS
from bridgeway.learning.progress import Progressed, lesson_complete
from bridgeway.programs.selectors import enrollment_get_for_person

# Participants -------------------------------------------------------------------------------


@login_required
def learn_home(request: AuthedRequest) -> HttpResponse:
    """Every enrollment of the person that has training, with its modules and progress."""
    enrollments = list(selectors.training_enrollments_for_person(person=request.user))
    progress = selectors.progress_for_enrollments(enrollments)
    cards = [progress[e.pk] for e in enrollments if progress[e.pk].modules]
    return render(request, "learning/learn_home.html", {"cards": cards})


@login_required
def module_detail(request: AuthedRequest, enrollment_pk: int, module_pk: int) -> HttpResponse:
    enrollment = enrollment_get_for_person(person=request.user, enrollment_id=enrollment_pk)
    module = selectors.module_get_for_enrollment(enrollment=enrollment, module_id=module_pk)
    progress = selectors.module_progress(enrollment=enrollment, module=module)
    return render(
        request,
        "learning/module_detail.html",
        {
            "enrollment": enrollment,
            "module": module,
            "progress": progress,
            "lessons": list(module.lessons.order_by("order", "pk")),
        },
    )


@login_required
def lesson_detail(request: AuthedRequest, enrollment_pk: int, lesson_pk: int) -> HttpResponse:
    """A lesson to read; posting marks it done and goes on to what comes next."""
    enrollment = enrollment_get_for_person(person=request.user, enrollment_id=enrollment_pk)
    lesson = selectors.lesson_get_for_enrollment(enrollment=enrollment, lesson_id=lesson_pk)
    module = lesson.module
    lesson_ids = list(module.lessons.order_by("order", "pk").values_list("pk", flat=True))
    position = lesson_ids.index(lesson.pk)
    if request.method == "POST":
        try:
            step = lesson_complete(enrollment=enrollment, lesson=lesson)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("learning:lesson", enrollment_pk=enrollment.pk, lesson_pk=lesson.pk)
        _announce(request, step)
        if position + 1 < len(lesson_ids):
            return redirect(
                "learning:lesson", enrollment_pk=enrollment.pk, lesson_pk=lesson_ids[position + 1]
            )
        progress = selectors.module_progress(enrollment=enrollment, module=module)
        if progress.has_quiz and not progress.passed:
            return redirect("learning:quiz", enrollment_pk=enrollment.pk, module_pk=module.pk)
        return redirect("learning:module", enrollment_pk=enrollment.pk, module_pk=module.pk)
    completion = selectors.lesson_completion(enrollment=enrollment, lesson=lesson)
    return render(
        request,
        "learning/lesson_detail.html",
        {
            "enrollment": enrollment,
            "module": module,
            "lesson": lesson,
            "completion": completion,
            "number": position + 1,
            "count": len(lesson_ids),
            "previous_id": lesson_ids[position - 1] if position > 0 else None,
            "next_id": lesson_ids[position + 1] if position + 1 < len(lesson_ids) else None,
        },
    )


@login_required
def quiz(request: AuthedRequest, enrollment_pk: int, module_pk: int) -> HttpResponse:
    """All questions on one form. After a pass the quiz shows its result instead."""
    enrollment = enrollment_get_for_person(person=request.user, enrollment_id=enrollment_pk)
    module = selectors.module_get_for_enrollment(enrollment=enrollment, module_id=module_pk)
    questions = selectors.quiz_questions(module=module)
    if not questions:
        raise Http404
    passed = selectors.passed_attempt(enrollment=enrollment, module=module)
    if passed is not None:
        return redirect("learning:attempt", enrollment_pk=enrollment.pk, attempt_pk=passed.pk)
    form = QuizForm(
        request.POST or None, questions=questions, initial={"submission_key": uuid.uuid4()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = quizzes.quiz_submit(
                enrollment=enrollment,
                module=module,
                answers=form.answers(),
                submission_key=form.cleaned_data["submission_key"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            _announce(request, result)
            return redirect(
                "learning:attempt", enrollment_pk=enrollment.pk, attempt_pk=result.attempt.pk
            )
    return render(
        request,
        "learning/quiz.html",
        {"enrollment": enrollment, "module": module, "form": form, "count": len(questions)},
    )


@login_required
def attempt_detail(request: AuthedRequest, enrollment_pk: int, attempt_pk: int) -> HttpResponse:
    """The score, and for each question what the person chose and what was right."""
    enrollment = enrollment_get_for_person(person=request.user, enrollment_id=enrollment_pk)
    attempt = selectors.attempt_get_for_enrollment(enrollment=enrollment, attempt_id=attempt_pk)
    rows = []
    for number, question in enumerate(selectors.quiz_questions(module=attempt.module), start=1):
        chosen = set(attempt.answers.get(str(question.pk), []))
        choices = list(question.choices.all())
        correct = {c.pk for c in choices if c.is_correct}
        rows.append(
            {
                "number": number,
                "question": question,
                "right": chosen == correct,
                "chosen": [c for c in choices if c.pk in chosen],
                "correct": [c for c in choices if c.is_correct],
            }
        )
    return render(
        request,
        "learning/attempt_detail.html",
        {
            "enrollment": enrollment,
            "module": attempt.module,
            "attempt": attempt,
            "rows": rows,
            "wrong": sum(1 for row in rows if not row["right"]),
        },
    )


def _announce(request: AuthedRequest, step: Progressed | quizzes.QuizResult) -> None:
    if step.became_ready:
        messages.success(request, _("Your training is complete. You are ready to be matched."))
    elif step.module_complete:
        messages.success(request, _("You have completed this module."))


def orientation_guide(request: HttpRequest, audience: str) -> HttpResponse:
    """The product's default orientation for mentors or mentees, readable by anyone: before
    applying, or when the self-assessment's advice says to read it."""
    return render(request, "learning/guide.html", {"guide": DEFAULT_ORIENTATIONS[audience]})


def mentor_guide(request: HttpRequest) -> HttpResponse:
    return orientation_guide(request, "mentor")


def mentee_guide(request: HttpRequest) -> HttpResponse:
    return orientation_guide(request, "mentee")
