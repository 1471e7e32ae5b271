"""Moderation pages: reporting a post (any reader), a post's moderation page (hide, show again,
approve, refuse, move, suspend its author), a space's queue (reports, held posts, suspensions)
for its moderators, and the files of posts. The staff's queues and the moderators of a space
are in staff_views.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from bridgeway.community import moderation, queues, selectors
from bridgeway.community.access import can_moderate
from bridgeway.community.forms import MoveForm, ReasonForm, ReportForm, SuspendForm
from bridgeway.community.models import Reply, Topic
from bridgeway.community.rules import suspension_of
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.pagination import query_without_page
from bridgeway.core.services import DomainError
from bridgeway.messaging.downloads import file_response
from bridgeway.messaging.formatting import render_message

PER_PAGE = 20
TABS = ("reports", "held", "suspended")


# --- Reporting --------------------------------------------------------------------------------


def _report(request: AuthedRequest, topic: Topic, reply: Reply | None) -> HttpResponse:
    post: Topic | Reply = reply if reply is not None else topic
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.report_create(
                by=request.user,
                topic=topic,
                reply=reply,
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you. The moderators will look at the post; its author is not told "
                    "who reported it."
                ),
            )
            return redirect(moderation.post_url(post))
    return render(
        request,
        "community/report.html",
        {"form": form, "topic": topic, "reply": reply, "post_html": render_message(post.body)},
    )


@login_required
def topic_report(request: AuthedRequest, pk: int) -> HttpResponse:
    topic = selectors.topic_get_for_reader(person=request.user, topic_id=pk)
    if topic.is_hidden or not topic.is_published:
        return redirect("community:topic", topic.pk)
    return _report(request, topic, None)


@login_required
def reply_report(request: AuthedRequest, pk: int) -> HttpResponse:
    reply = selectors.reply_get_for_reader(person=request.user, reply_id=pk)
    return _report(request, reply.topic, reply)


# --- A post's moderation page -----------------------------------------------------------------


def _act(request: AuthedRequest, post: Topic | Reply, forms: dict[str, Any]) -> str | None:
    """Carry out the chosen action; the message to show, or None when a form has errors."""
    action = request.POST.get("action", "")
    topic = post if isinstance(post, Topic) else post.topic
    if action == "unhide":
        moderation.post_unhide(post=post, by=request.user)
        return _("The post is shown again; its author is told.")
    if action == "approve":
        moderation.post_approve(post=post, by=request.user)
        return _("The post is published; its author is told.")
    form = forms.get(action)
    if form is None:
        return _("Choose what to do with the post.")
    if not form.is_valid():
        return None
    data = form.cleaned_data
    if action == "hide":
        moderation.post_hide(post=post, by=request.user, reason=data["reason"])
        return _("The post is hidden; its author reads your reason.")
    if action == "reject":
        moderation.post_reject(post=post, by=request.user, reason=data["reason"])
        return _("The post is not published; its author reads your reason.")
    if action == "move":
        moderation.topic_move(topic=topic, by=request.user, to_space=data["space"])
        return _("The topic is in “%(space)s” now.") % {"space": data["space"].name}
    moderation.suspension_create(
        space=topic.space,
        by=request.user,
        person=post.author,
        reason=data["reason"],
        until=data["until"],
    )
    return _("%(name)s can read the space but not post in it; they are told why.") % {
        "name": post.author.name
    }


def _moderate(request: AuthedRequest, post: Topic | Reply) -> HttpResponse:
    topic = post if isinstance(post, Topic) else post.topic
    posted = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "") if posted is not None else ""
    forms: dict[str, Any] = {
        "hide": ReasonForm(posted if action == "hide" else None, prefix="hide"),
        "reject": ReasonForm(posted if action == "reject" else None, prefix="reject"),
        "suspend": SuspendForm(posted if action == "suspend" else None, prefix="suspend"),
    }
    if isinstance(post, Topic):
        targets = queues.move_targets(person=request.user, topic=topic)
        forms["move"] = MoveForm(posted if action == "move" else None, targets=targets)
    if posted is not None:
        try:
            done = _act(request, post, forms)
        except DomainError as error:
            form = forms.get(action)
            if form is None:
                messages.error(request, error.message)
                return redirect(request.path)
            form_add_domain_error(form, error)
        else:
            if done is not None:
                messages.success(request, done)
                return redirect(request.path)
    return render(
        request,
        "community/moderate.html",
        {
            "post": post,
            "topic": topic,
            "space": topic.space,
            "is_topic": isinstance(post, Topic),
            "post_html": render_message(post.body),
            "forms": forms,
            "reports": queues.open_reports_of(post=post),
            "reveal_reporters": selectors.may_manage(person=request.user, space=topic.space),
            "suspension": suspension_of(person=post.author, space=topic.space),
            "author_moderates": can_moderate(post.author, topic.space),
        },
    )


@login_required
def topic_moderate(request: AuthedRequest, pk: int) -> HttpResponse:
    return _moderate(request, selectors.topic_get_for_moderator(person=request.user, topic_id=pk))


@login_required
def reply_moderate(request: AuthedRequest, pk: int) -> HttpResponse:
    return _moderate(request, selectors.reply_get_for_moderator(person=request.user, reply_id=pk))


# --- Queues -----------------------------------------------------------------------------------


def queue_context(request: AuthedRequest, spaces: Any, *, staff: bool) -> dict[str, Any]:
    """One tab of a queue: the reported posts, the held posts or the suspensions in force."""
    show = request.GET.get("show", "reports")
    show = show if show in TABS else "reports"
    context: dict[str, Any] = {
        "show": show,
        "staff_queue": staff,
        "page_query": query_without_page(request),
        "report_total": queues.open_reports(spaces=spaces).count(),
        "held_total": queues.held_count(spaces=spaces),
    }
    page: Page[Any]
    if show == "reports":
        page = Paginator(queues.open_reports(spaces=spaces), PER_PAGE).get_page(
            request.GET.get("page")
        )
        context["rows"] = queues.reported_posts(list(page.object_list))
    elif show == "held":
        held: list[Topic | Reply] = [
            *queues.held_topics(spaces=spaces),
            *queues.held_replies(spaces=spaces),
        ]
        held.sort(key=lambda post: (post.created_at, post.pk))
        page = Paginator(held, PER_PAGE).get_page(request.GET.get("page"))
        context["rows"] = [
            {"post": post, "is_topic": isinstance(post, Topic), "html": render_message(post.body)}
            for post in page.object_list
        ]
    else:
        page = Paginator(queues.suspensions_in_force(spaces=spaces), PER_PAGE).get_page(
            request.GET.get("page")
        )
        context["rows"] = list(page.object_list)
    context["page"] = page
    return context


@login_required
def space_queue(request: AuthedRequest, pk: int) -> HttpResponse:
    space = selectors.space_get_for_moderator(person=request.user, space_id=pk)
    context = queue_context(request, queues.space_alone(space=space), staff=False)
    context.update(
        space=space,
        manages=selectors.may_manage(person=request.user, space=space),
        reveal_reporters=selectors.may_manage(person=request.user, space=space),
    )
    return render(request, "community/queue.html", context)


@login_required
@require_POST
def report_resolve(request: AuthedRequest, pk: int) -> HttpResponse:
    report = queues.report_get_for_moderator(person=request.user, report_id=pk)
    dismiss = request.POST.get("outcome") == "dismiss"
    moderation.report_resolve(report=report, by=request.user, dismiss=dismiss)
    messages.success(
        request,
        _("The report is dismissed: the post stays as it is.")
        if dismiss
        else _("The report is marked as handled."),
    )
    return _back(request, report.topic.space_id)


@login_required
@require_POST
def suspension_lift(request: AuthedRequest, pk: int) -> HttpResponse:
    suspension = queues.suspension_get_for_moderator(person=request.user, suspension_id=pk)
    moderation.suspension_lift(suspension=suspension, by=request.user)
    messages.success(
        request,
        _("%(name)s can post in the space again; they are told.")
        % {"name": suspension.person.name},
    )
    return _back(request, suspension.space_id)


def _back(request: AuthedRequest, space_id: int) -> HttpResponse:
    """Back to the queue the form was on (an address of this site), else the space's."""
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("community:moderation", space_id)


# --- Files ------------------------------------------------------------------------------------


@login_required
@require_safe
def post_file(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """A post's file, served like a message's attachment after the same kind of check."""
    found = selectors.file_get_for_reader(person=request.user, file_id=pk)
    return file_response(request, found)
