"""Ask-an-Expert pages for participants and experts: ask, my questions, a question (for its
asker and its routed expert), the expert's inbox, accepting an expert invitation; published
answers are in the resource library (the old addresses lead there)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from bridgeway.community.experts import selectors, services, staff_services
from bridgeway.community.experts.forms import (
    AskerReplyForm,
    AskForm,
    ExpertPostForm,
    RatingForm,
)
from bridgeway.community.experts.models import Question
from bridgeway.core import limits
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.limits import person_key
from bridgeway.core.pagination import paginate
from bridgeway.core.services import DomainError
from bridgeway.learning.library.models import Kind
from bridgeway.messaging.formatting import render_message


@login_required
def ask(request: AuthedRequest) -> HttpResponse:
    topics = list(selectors.topics_askable(person=request.user))
    form = AskForm(request.POST or None, topics=topics)
    if request.method == "POST" and form.is_valid():
        try:
            limits.hit("question", who=person_key(request.user), request=request)
            question = services.question_ask(
                by=request.user,
                topic=form.chosen_topic(),
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                anonymous=form.cleaned_data["anonymous"],
                client_key=form.cleaned_data["client_key"],
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your question is sent. The agency's staff pass it to an expert; you will "
                    "hear when it is answered."
                ),
            )
            return redirect("community:question", question.pk)
    return render(request, "community/experts/ask.html", {"form": form, "topics": topics})


@login_required
def my_questions(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "community/experts/my_questions.html",
        {
            "page": paginate(request, selectors.questions_of_asker(person=request.user), 20),
            "can_ask": selectors.topics_askable(person=request.user).exists(),
        },
    )


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    """The questions routed to the person as an expert; nothing else."""
    roles = list(selectors.expert_roles(person=request.user).select_related("organization"))
    return render(
        request,
        "community/experts/inbox.html",
        {
            "roles": roles,
            "page": paginate(request, selectors.questions_of_expert(person=request.user), 20),
        },
    )


def _question_context(request: AuthedRequest, question: Question) -> dict[str, object]:
    is_expert = selectors.is_routed_expert(person=request.user, question=question)
    posts = list(selectors.posts_of(question=question))
    for post in posts:
        post.html = render_message(post.body)  # type: ignore[attr-defined]
    return {
        "question": question,
        "question_html": render_message(question.body),
        "asker": selectors.asker_label(question=question, viewer=request.user),
        "posts": posts,
        "is_asker": question.asker_id == request.user.pk,
        "is_expert": is_expert,
        "expert_name": question.expert.name if question.expert else "",
    }


@login_required
def question(request: AuthedRequest, pk: int) -> HttpResponse:
    found = selectors.question_get_for_participant(person=request.user, question_id=pk)
    context = _question_context(request, found)
    expert_form = ExpertPostForm(prefix="expert") if context["is_expert"] else None
    reply_form = AskerReplyForm(prefix="reply") if context["is_asker"] else None
    rating_form = None
    if context["is_asker"] and found.first_answer_at is not None:
        rating_form = RatingForm(
            prefix="rating",
            initial={"rating": found.rating and str(found.rating), "comment": found.rating_comment},
        )
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "answer" and context["is_expert"]:
            expert_form = ExpertPostForm(request.POST, prefix="expert")
            if expert_form.is_valid():
                return _expert_post(request, found, expert_form)
        elif action == "reply" and context["is_asker"]:
            reply_form = AskerReplyForm(request.POST, prefix="reply")
            if reply_form.is_valid():
                return _asker_reply(request, found, reply_form)
        elif action == "rate" and rating_form is not None:
            rating_form = RatingForm(request.POST, prefix="rating")
            if rating_form.is_valid():
                services.question_rate(
                    question=found,
                    by=request.user,
                    rating=rating_form.cleaned_data["rating"],
                    comment=rating_form.cleaned_data["comment"],
                )
                messages.success(request, _("Thank you: your rating is saved."))
                return redirect("community:question", found.pk)
        else:
            messages.error(request, _("Choose what to do with the question."))
    context.update(expert_form=expert_form, reply_form=reply_form, rating_form=rating_form)
    return render(request, "community/experts/question.html", context)


def _expert_post(request: AuthedRequest, found: Question, form: ExpertPostForm) -> HttpResponse:
    try:
        services.expert_post(
            question=found,
            by=request.user,
            body=form.cleaned_data["body"],
            asks_back=form.cleaned_data["asks_back"],
            client_key=form.cleaned_data["client_key"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Your question is sent; you will hear when the person replies.")
            if form.cleaned_data["asks_back"]
            else _("Your answer is sent. Thank you."),
        )
    return redirect("community:question", found.pk)


def _asker_reply(request: AuthedRequest, found: Question, form: AskerReplyForm) -> HttpResponse:
    try:
        services.asker_reply(
            question=found,
            by=request.user,
            body=form.cleaned_data["body"],
            client_key=form.cleaned_data["client_key"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your reply is sent."))
    return redirect("community:question", found.pk)


@login_required
def expert_join(request: AuthedRequest, token: str) -> HttpResponse:
    """Accept an invitation to be an expert, signed in with the invited address. Any other
    link, or the right link with another address, gets the same page saying what to do."""
    expert = selectors.invitation_for_person(token=token, person=request.user)
    if expert is None:
        return render(request, "community/experts/join_unknown.html", status=404)
    if request.method == "POST":
        try:
            staff_services.expert_accept(expert=expert, person=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("community:expert_join", token)
        messages.success(
            request,
            _("You are an expert of %(agency)s. Questions the staff send you appear here.")
            % {"agency": expert.organization.name},
        )
        return redirect("community:expert_inbox")
    return render(
        request,
        "community/experts/join.html",
        {"expert": expert, "accepted": expert.status == expert.Status.ACTIVE},
    )


@login_required
def answers(request: AuthedRequest) -> HttpResponse:
    """Published answers are in the resource library: its list of expert answers."""
    return redirect(reverse("learning:library") + f"?kind={Kind.ANSWER}")


@login_required
def answer(request: AuthedRequest, pk: int) -> HttpResponse:
    """A published answer's address from before the library leads to its resource there."""
    found = selectors.published_resource_for_reader(person=request.user, answer_id=pk)
    return redirect("learning:resource", found.pk)
