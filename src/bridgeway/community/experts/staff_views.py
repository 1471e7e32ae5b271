"""Ask-an-Expert pages for an agency's staff (behind two-step verification): the overview with
topics, experts and the time to first answer per topic; changing a topic or an expert; the
triage queue; a question, where staff route it, close it, and publish its answer to the
resource library (or stop publishing it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from bridgeway.community.experts import selectors, staff_services
from bridgeway.community.experts.forms import (
    ExpertForm,
    ExpertInviteForm,
    PublishForm,
    RouteForm,
    TopicForm,
)
from bridgeway.community.experts.models import PublishedAnswer, Question, QuestionPost
from bridgeway.community.experts.stats import answer_times, duration_text
from bridgeway.core.access import ANY_STAFF, mfa_required, organization_get_for_staff
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest, parse_id
from bridgeway.core.pagination import paginate, query_without_page
from bridgeway.core.services import DomainError
from bridgeway.messaging.formatting import render_message
from bridgeway.programs.questionnaires.codelists import LANGUAGES

QUEUE_FILTERS = ("status", "topic", "expert", "overdue")


@mfa_required
def overview(request: AuthedRequest, org: str) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    action = request.POST.get("action") if request.method == "POST" else None
    topic_form = TopicForm(request.POST if action == "topic" else None, prefix="topic")
    invite_form = ExpertInviteForm(
        request.POST if action == "invite" else None, organization=organization, prefix="invite"
    )
    if action == "topic" and topic_form.is_valid():
        try:
            topic = staff_services.topic_save(
                organization=organization, by=request.user, **topic_form.cleaned_data
            )
        except DomainError as error:
            form_add_domain_error(topic_form, error)
        else:
            messages.success(request, _("The topic “%(name)s” is added.") % {"name": topic.name})
            return redirect("community:experts_overview", organization.slug)
    if action == "invite" and invite_form.is_valid():
        data = invite_form.cleaned_data
        try:
            staff_services.expert_invite(
                organization=organization,
                by=request.user,
                email=data["email"],
                name=data["name"],
                topics=data["topics"],
                language=data["language"],
            )
        except DomainError as error:
            form_add_domain_error(invite_form, error)
        else:
            messages.success(
                request, _("The invitation is on its way to %(email)s.") % {"email": data["email"]}
            )
            return redirect("community:experts_overview", organization.slug)
    times = [
        (row, duration_text(row.median), duration_text(row.p90))
        for row in answer_times(organization=organization)
    ]
    return render(
        request,
        "community/experts/staff_overview.html",
        {
            "organization": organization,
            "membership": membership,
            "times": times,
            "experts": selectors.experts_of_agency(organization=organization),
            "topic_form": topic_form,
            "invite_form": invite_form,
            "has_topics": bool(times),
        },
    )


@mfa_required
def topic_edit(request: AuthedRequest, org: str, pk: int) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    topic = selectors.topic_get_for_staff(organization=organization, topic_id=pk)
    form = TopicForm.of(topic, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            staff_services.topic_save(
                organization=organization, by=request.user, topic=topic, **form.cleaned_data
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The topic is saved."))
            return redirect("community:experts_overview", organization.slug)
    return render(
        request,
        "community/experts/staff_topic.html",
        {"organization": organization, "membership": membership, "topic": topic, "form": form},
    )


@mfa_required
def expert_edit(request: AuthedRequest, org: str, pk: int) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    expert = selectors.expert_get_for_staff(organization=organization, expert_id=pk)
    if request.method == "POST" and request.POST.get("action") == "remove":
        back = staff_services.expert_remove(expert=expert, by=request.user)
        messages.success(
            request,
            _("%(name)s is no longer an expert of the agency. Questions back in the queue: %(n)d.")
            % {"name": expert.name, "n": back},
        )
        return redirect("community:experts_overview", organization.slug)
    form = ExpertForm.of(expert, request.POST or None)
    if request.method == "POST" and form.is_valid():
        staff_services.expert_update(
            expert=expert,
            by=request.user,
            name=form.cleaned_data["name"],
            topics=form.cleaned_data["topics"],
        )
        messages.success(request, _("The expert is saved."))
        return redirect("community:experts_overview", organization.slug)
    return render(
        request,
        "community/experts/staff_expert.html",
        {"organization": organization, "membership": membership, "expert": expert, "form": form},
    )


@mfa_required
def queue(request: AuthedRequest, org: str) -> HttpResponse:
    """The agency's questions, filtered by status, topic, expert, and past their target."""
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    get = request.GET
    status = get.get("status", "open")
    status = status if status in Question.Status.values or status == "open" else ""
    rows = selectors.questions_for_staff(
        organization=organization,
        status=status,
        topic_id=parse_id(get.get("topic")),
        expert_id=parse_id(get.get("expert")),
        overdue=get.get("overdue") == "1",
    )
    return render(
        request,
        "community/experts/staff_queue.html",
        {
            "organization": organization,
            "membership": membership,
            "page": paginate(request, rows, 25),
            "page_query": query_without_page(request),
            "chosen": {name: get.get(name, "") for name in QUEUE_FILTERS} | {"status": status},
            "statuses": Question.Status.choices,
            "topics": selectors.topics_of_agency(organization=organization),
            "experts": selectors.experts_of_agency(organization=organization),
        },
    )


def _publish_initial(
    question: Question, posts: list[QuestionPost], published: PublishedAnswer | None
) -> dict[str, Any]:
    """The form starts from what the library holds (it may have been changed there), else
    from the question and the expert's answers, in the asker's language."""
    if published is not None:
        resource = published.resource
        version = min(resource.versions.all(), key=lambda v: v.pk)  # the first language
        return {
            "title": version.title,
            "question_text": version.question_text,
            "answer_text": version.answer_text,
            "language": version.language,
            "where": str(resource.program_id or ""),
            "audience": resource.audience,
            "sector": resource.sector,
            "arrival": resource.arrival,
            "topics": [t.topic for t in resource.topics.all()],
        }
    answers = [p.body for p in posts if p.kind == QuestionPost.Kind.ANSWER]
    language = (question.asker.preferred_language or "").split("-")[0]
    return {
        "title": question.title,
        "question_text": question.body,
        "answer_text": "\n\n".join(answers),
        "language": language if language in LANGUAGES else translation.get_language(),
    }


@mfa_required
def question(request: AuthedRequest, org: str, pk: int) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    found = selectors.question_get_for_staff(organization=organization, question_id=pk)
    posts = list(selectors.posts_of(question=found))
    action = request.POST.get("action") if request.method == "POST" else None
    route_form = RouteForm(
        request.POST if action == "route" else None,
        experts=selectors.expert_choices_for(question=found),
        topic_id=found.topic_id,
    )
    published = selectors.published_of(question=found)
    publish_form = PublishForm(
        request.POST if action == "publish" else None,
        initial=_publish_initial(found, posts, published),
        programs=selectors.programs_of(organization=organization),
    )
    try:
        if action == "route" and route_form.is_valid():
            staff_services.question_route(
                question=found, expert=route_form.chosen(), by=request.user
            )
            messages.success(
                request, _("The question is sent to %(name)s.") % {"name": route_form.chosen().name}
            )
            return redirect(request.path)
        if action == "close":
            staff_services.question_close(question=found, by=request.user)
            messages.success(request, _("The question is closed; the person who asked is told."))
            return redirect(request.path)
        if action == "publish" and publish_form.is_valid():
            staff_services.answer_publish(
                question=found, by=request.user, **publish_form.publishing()
            )
            messages.success(request, _("The answer is published in the resource library."))
            return redirect(request.path)
        if action == "withdraw" and published is not None:
            staff_services.answer_withdraw(published=published, by=request.user)
            messages.success(
                request,
                _("The answer is no longer published: it is archived in the library."),
            )
            return redirect(request.path)
    except DomainError as error:
        form = route_form if action == "route" else publish_form
        form_add_domain_error(form, error)
    for post in posts:
        post.html = render_message(post.body)  # type: ignore[attr-defined]
    return render(
        request,
        "community/experts/staff_question.html",
        {
            "organization": organization,
            "membership": membership,
            "question": found,
            "question_html": render_message(found.body),
            "posts": posts,
            "route_form": route_form,
            "publish_form": publish_form,
            "published": published,
            "can_route": found.status not in (Question.Status.ANSWERED, Question.Status.CLOSED),
        },
    )
