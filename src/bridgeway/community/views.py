"""Pages of the community forums for everyone who may read a space: the list of spaces, a
space's topics, a topic with its replies and files; following, helpful marks; pinning and
locking for the space's moderators (the other moderation pages: moderation_views.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from bridgeway.community import selectors, services
from bridgeway.community.access import can_moderate
from bridgeway.community.circles.selectors import circle_of_space
from bridgeway.community.experts import selectors as expert_selectors
from bridgeway.community.forms import ReplyForm, TopicForm
from bridgeway.community.models import Level, Space, Topic
from bridgeway.community.posts_html import reply_cards_html, topic_cards_html
from bridgeway.community.rules import suspension_of
from bridgeway.community.search import topics_matching
from bridgeway.core import limits
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.limits import person_key
from bridgeway.core.pagination import paginate, query_without_page
from bridgeway.core.services import DomainError
from bridgeway.messaging.attachments import MB, LimitedUploadHandler
from bridgeway.messaging.formatting import render_message

LEVEL_HEADINGS = [
    (Level.PROGRAM, gettext_lazy("Your programs")),
    (Level.AGENCY, gettext_lazy("Your agencies")),
    (Level.NETWORK, gettext_lazy("The whole network")),
]


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """The spaces the person may read, by level: their program's first."""
    spaces = list(selectors.spaces_for_reader(person=request.user))
    groups = [
        (str(heading), [s for s in spaces if s.level == level]) for level, heading in LEVEL_HEADINGS
    ]
    return render(
        request,
        "community/home.html",
        {
            "groups": [g for g in groups if g[1]],
            "has_spaces": bool(spaces),
            "ask_an_expert": expert_selectors.may_use_ask_an_expert(person=request.user),
        },
    )


@login_required
def space(request: AuthedRequest, pk: int) -> HttpResponse:
    found = selectors.space_get_for_reader(person=request.user, space_id=pk)
    moderator = can_moderate(request.user, found)
    topics = selectors.topics_of(space=found, person=request.user, moderator=moderator)
    page = paginate(request, topics, per_page=20)
    return render(
        request,
        "community/space.html",
        {
            "space": found,
            "page": page,
            "topic_cards": topic_cards_html(page.object_list),
            "following": selectors.is_following(person=request.user, space=found),
            "manages": selectors.may_manage(person=request.user, space=found),
            "moderator": moderator,
            "suspension": selectors.suspension_for_page(person=request.user, space=found),
            "circle": circle_of_space(space_id=found.pk),
        },
    )


def _show_error(form: TopicForm | ReplyForm, error: DomainError) -> None:
    """The services name the files "files" (as the API does); the form's field is
    "attachments"."""
    if error.field == "files":
        error = DomainError(error.message, "attachments")
    form_add_domain_error(form, error)


def _limit_uploads(request: AuthedRequest, limit_mb: int) -> None:
    """Before the form is read: a file over the limit is not written to disk in full."""
    if request.method == "POST":
        first = LimitedUploadHandler(request, limit_mb * MB)
        request.upload_handlers = [first, *request.upload_handlers]


@csrf_exempt  # checked below, once the upload handlers know the space's limit
@login_required
def topic_new(request: AuthedRequest, pk: int) -> HttpResponse:
    found = selectors.space_get_for_reader(person=request.user, space_id=pk)
    limit_mb = services.file_limit_mb(found)
    _limit_uploads(request, limit_mb)
    return _topic_new(request, found, limit_mb)


@csrf_protect
def _topic_new(request: AuthedRequest, found: Space, limit_mb: int) -> HttpResponse:
    form = TopicForm(request.POST or None, request.FILES or None, limit_mb=limit_mb)
    if request.method == "POST" and form.is_valid():
        try:
            limits.hit("post", who=person_key(request.user), request=request)
            topic = services.topic_create(
                space=found,
                by=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                client_key=form.cleaned_data["client_key"],
                files=form.cleaned_data["attachments"],
            )
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(
                request,
                _("Your topic is posted. You will hear about replies.")
                if topic.is_published
                else _(
                    "Your topic waits for a moderator's approval: until then only you and the "
                    "moderators can read it. You will hear when it is published."
                ),
            )
            return redirect("community:topic", topic.pk)
    return render(
        request,
        "community/topic_new.html",
        {
            "space": found,
            "form": form,
            "suspension": suspension_of(person=request.user, space=found),
        },
    )


@csrf_exempt  # checked below, once the upload handlers know the space's limit
@login_required
def topic(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        found, moderator = selectors.topic_get_for_page(person=request.user, topic_id=pk)
    except Http404:
        if selectors.topic_moved_away(person=request.user, topic_id=pk):
            return render(request, "community/topic_moved.html", status=404)
        raise
    limit_mb = services.file_limit_mb(found.space)
    _limit_uploads(request, limit_mb)
    return _topic(request, found, moderator, limit_mb)


@csrf_protect
def _topic(request: AuthedRequest, found: Topic, moderator: bool, limit_mb: int) -> HttpResponse:
    form = ReplyForm(request.POST or None, request.FILES or None, limit_mb=limit_mb)
    replies = selectors.replies_for_page(topic=found, person=request.user, moderator=moderator)
    if request.method == "POST" and form.is_valid():
        try:
            limits.hit("post", who=person_key(request.user), request=request)
            reply = services.reply_create(
                topic=found,
                by=request.user,
                body=form.cleaned_data["body"],
                client_key=form.cleaned_data["client_key"],
                files=form.cleaned_data["attachments"],
            )
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(
                request,
                _("Your reply is posted.")
                if reply.is_published
                else _(
                    "Your reply waits for a moderator's approval: until then only you and the "
                    "moderators can read it."
                ),
            )
            number = (replies.count() - 1) // REPLIES_PER_PAGE + 1
            return redirect(f"{request.path}?page={number}#reply-{reply.pk}")
    page = paginate(request, replies, REPLIES_PER_PAGE)
    # A hidden topic shows only that it is hidden, except to its author and the moderators.
    topic_shown = moderator or not found.is_hidden or found.author_id == request.user.pk
    shown_replies = list(page.object_list) if topic_shown else []
    for reply in shown_replies:
        reply.html = render_message(reply.body)
    context = {
        "topic": found,
        "space": found.space,
        "topic_shown": topic_shown,
        "topic_html": render_message(found.body) if topic_shown else "",
        "topic_files": selectors.files_for_page(
            topic=found, replies=shown_replies, with_topic=topic_shown
        ),
        "page": page,
        "form": form,
        "following": selectors.is_following(person=request.user, topic=found),
        "moderator": moderator,
        "suspension": selectors.suspension_for_page(person=request.user, space=found.space),
    }
    if topic_shown:
        # The replies' forms carry the token the page's own forms carry, as the template's
        # `{% csrf_token %}` gave every form of the page the same one.
        context["csrf_token"] = csrf_token = get_token(request)
        context["reply_cards"] = reply_cards_html(
            page.object_list,
            reader_id=request.user.pk,
            moderator=moderator,
            csrf_token=csrf_token,
            full_path=request.get_full_path(),
        )
    return render(request, "community/topic.html", context)


REPLIES_PER_PAGE = 20


def _back(request: AuthedRequest, fallback: str) -> HttpResponse:
    """Back to the page the form was on (only an address of this site), else `fallback`."""
    target = request.POST.get("next", "")
    if target.startswith("/community/") and not target.startswith("//"):
        return redirect(target)
    return redirect(fallback)


@login_required
@require_POST
def space_follow(request: AuthedRequest, pk: int) -> HttpResponse:
    found = selectors.space_get_for_reader(person=request.user, space_id=pk)
    following = request.POST.get("follow") == "1"
    services.follow_set(person=request.user, space=found, following=following)
    messages.success(
        request,
        _("You will hear about new topics in this space.")
        if following
        else _("You will no longer hear about new topics in this space."),
    )
    return redirect("community:space", found.pk)


@login_required
@require_POST
def topic_follow(request: AuthedRequest, pk: int) -> HttpResponse:
    found = selectors.topic_get_for_reader(person=request.user, topic_id=pk)
    following = request.POST.get("follow") == "1"
    services.follow_set(person=request.user, topic=found, following=following)
    messages.success(
        request,
        _("You will hear about new replies to this topic.")
        if following
        else _("You will no longer hear about new replies to this topic."),
    )
    return redirect("community:topic", found.pk)


@login_required
@require_POST
def topic_manage(request: AuthedRequest, pk: int) -> HttpResponse:
    """Pin or unpin, lock or unlock: for the space's moderators."""
    found = selectors.topic_get_for_moderator(person=request.user, topic_id=pk)
    action = request.POST.get("action")
    if action in ("pin", "unpin"):
        services.topic_pin(topic=found, by=request.user, pinned=action == "pin")
        messages.success(
            request, _("The topic is pinned.") if action == "pin" else _("The topic is unpinned.")
        )
    elif action in ("lock", "unlock"):
        services.topic_lock(topic=found, by=request.user, locked=action == "lock")
        messages.success(
            request,
            _("The topic is locked: nobody can reply.")
            if action == "lock"
            else _("The topic is open for replies again."),
        )
    else:
        messages.error(request, _("Choose what to do with the topic."))
    return redirect("community:topic", found.pk)


@login_required
@require_POST
def helpful(request: AuthedRequest, pk: int) -> HttpResponse:
    reply = selectors.reply_get_for_reader(person=request.user, reply_id=pk)
    try:
        marked = services.helpful_toggle(reply=reply, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("You marked the reply as helpful.") if marked else _("You took back your mark."),
        )
    fallback = reverse("community:topic", args=[reply.topic_id]) + f"#reply-{reply.pk}"
    return _back(request, fallback)


@login_required
def search(request: AuthedRequest) -> HttpResponse:
    """Topics and replies with every word typed, among the spaces the person reads."""
    text = request.GET.get("q", "").strip()[:200]
    found = topics_matching(person=request.user, text=text) if text else None
    return render(
        request,
        "community/search.html",
        {
            "text": text,
            "page": paginate(request, found, per_page=20) if found is not None else None,
            "page_query": query_without_page(request),
        },
    )
