"""Pages of conversations: the person's inbox, a conversation (works without JavaScript; with
it, new messages arrive live), editing and deleting one's messages, writing to program staff;
for staff, reading a conversation with a reason, joining as a mediator, their inbox of
participants' questions, flagged messages and a program's messaging rules."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest, parse_id
from bridgeway.core.pagination import paginate
from bridgeway.core.services import DomainError
from bridgeway.messaging import calls, oversight, page_html, selectors, services
from bridgeway.messaging.attachments import MB, LimitedUploadHandler
from bridgeway.messaging.events import event_html, event_text
from bridgeway.messaging.formatting import render_message
from bridgeway.messaging.forms import (
    ComposeForm,
    EditForm,
)
from bridgeway.messaging.message_html import messages_html
from bridgeway.messaging.models import Member, Message, MessagingSettings
from bridgeway.programs.selectors import enrollment_get_for_person


def shown(rows: list[Message], *, reader_id: int, archive: bool = False) -> list[dict[str, Any]]:
    """What each message shows its reader: safe HTML, or the event in their language, or the
    tombstone (staff reviewing the archive also read what a deleted message said)."""
    now = timezone.now()
    items = []
    for message in rows:
        html = ""
        if message.kind == Message.Kind.EVENT:
            text = event_text(message)
            html = event_html(message)
        elif message.is_deleted:
            text = _("This message was deleted.")
            if archive and message.body:
                html = render_message(message.body)
        else:
            text = ""
            html = render_message(message.body)
        mine = message.author_id == reader_id
        files = list(message.attachments.all()) if message.kind == Message.Kind.TEXT else []
        items.append(
            {
                "message": message,
                "html": html,
                "text": text,
                "mine": mine,
                "editable": mine
                and message.kind == Message.Kind.TEXT
                and not message.is_deleted
                and now <= message.editable_until(),
                "edited": bool(getattr(message, "edit_count", 0)) and not message.is_deleted,
                # A deleted message's files are shown only to staff reading the archive
                # (when the program keeps it; otherwise they were erased).
                "files": files if archive or not message.is_deleted else [],
            }
        )
    return items


def _seen_by(members: list[Member], reader_id: int, rows: list[Message]) -> dict[int, list[str]]:
    """Read receipts: under the reader's own newest message each other member has seen."""
    receipts: dict[int, list[str]] = {}
    own = [m.pk for m in rows if m.author_id == reader_id and m.kind == Message.Kind.TEXT]
    for member in members:
        if member.person_id == reader_id:
            continue
        seen = [pk for pk in own if pk <= member.last_read_id]
        if seen:
            receipts.setdefault(seen[-1], []).append(member.person.name)
    return receipts


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    first = None
    if request.GET.get("page") in (None, "", "1"):
        first = selectors.inbox_first_page(person=request.user)
    if first is not None:  # all of them on the first page: no count asked
        page = Paginator(first, selectors.INBOX_PAGE).get_page(1)
    else:
        page = paginate(
            request, selectors.conversations_of(person=request.user), selectors.INBOX_PAGE
        )
    rows = [
        (member, selectors.conversation_title(member.conversation, request.user))
        for member in page.object_list
    ]
    return render(
        request,
        "messaging/inbox_page.html",
        {"page": page, "rows": rows, "rows_html": page_html.inbox_rows_html(rows)},
    )


@csrf_exempt  # checked below, once the upload handlers know the program's limit
@login_required
def conversation(request: AuthedRequest, pk: int) -> HttpResponse:
    member = selectors.member_get(person=request.user, conversation_id=pk)
    # The program's rules, read once: the attachments' limit here, the flag words on sending.
    rules = oversight.settings_for(member.conversation.program_id)
    if request.method == "POST":
        # Before the form is read: a file over the limit is not written to disk in full.
        first = LimitedUploadHandler(request, rules.attachment_limit_mb * MB)
        request.upload_handlers = [first, *request.upload_handlers]
    return _conversation(request, member, rules)


@csrf_protect
def _conversation(request: AuthedRequest, member: Member, rules: MessagingSettings) -> HttpResponse:
    chat = member.conversation
    limit_mb = rules.attachment_limit_mb
    # A form only for what was sent: a new one is written by page_html with a new key.
    form = None
    if request.method == "POST" and (request.POST or request.FILES):
        form = ComposeForm(request.POST, request.FILES or None, limit_mb=limit_mb)
    if form is not None and form.is_valid():
        try:
            counted = services.message_send_count(
                author=request.user, client_key=form.cleaned_data["client_key"], request=request
            )
            message, created = services.message_send(
                conversation=chat,
                author=request.user,
                body=form.cleaned_data["body"],
                client_key=form.cleaned_data["client_key"],
                files=form.cleaned_data["attachments"],
                rules=rules,
                key_new=counted,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            if created:  # its author has read it: message_send moved their mark to it
                member.last_read_id = max(member.last_read_id, message.pk)
            if request.htmx:
                return _live_part(request, member, after=parse_id(request.POST.get("after")))
            return redirect(reverse("messaging:conversation", args=[chat.pk]) + "#compose")
    values = conversation_values(request, member, limit_mb=limit_mb)
    token = get_token(request)
    page_title, content = page_html.conversation_content(
        **values, form=form, client_key=uuid.uuid4().hex, csrf_token=token
    )
    return render(
        request,
        "messaging/conversation_page.html",
        {"page_title": page_title, "content_html": content, "csrf_token": token},
        status=400 if form is not None and form.errors else 200,
    )


def conversation_values(request: AuthedRequest, member: Member, *, limit_mb: int) -> dict[str, Any]:
    """What the conversation page shows (`messaging/conversation.html` reads them, with the
    form): the page of messages asked (?before=), marked read when it is the newest."""
    chat = member.conversation
    before = parse_id(request.GET.get("before"))
    page = selectors.messages_page(conversation=chat, before=before)
    if before is None:
        # The page holds the newest messages: the newest of them is the conversation's.
        newest = page.messages[-1].pk if page.messages else 0
        services.conversation_read(member=member, newest=newest)
    members = selectors.members_of(chat)
    items = shown(page.messages, reader_id=request.user.pk)
    receipts = _seen_by(members, request.user.pk, page.messages)
    for item in items:
        item["seen_by"] = receipts.get(item["message"].pk, [])
    return {
        "member": member,
        "conversation": chat,
        "title": selectors.conversation_title(chat, request.user),
        "items": items,
        "items_html": messages_html(items, conversation=chat),
        "older": page.older,
        "newest": page.messages[-1].pk if page.messages else 0,
        "members": members,
        "call": calls.call_live(conversation=chat) if chat.is_open else None,
        "refusal": services.write_refusal(conversation=chat, author=request.user),
        "limit_mb": limit_mb,
    }


def _newest_of(rows: list[Message]) -> int | None:
    """The conversation's newest message id when `rows` (what messages_after found) hold it:
    some, and fewer than a page. None otherwise (conversation_read then reads it)."""
    return rows[-1].pk if rows and len(rows) < selectors.PAGE else None


def _live_part(request: AuthedRequest, member: Member, after: int | None) -> HttpResponse:
    rows = selectors.messages_after(conversation=member.conversation, after=after or 0)
    services.conversation_read(member=member, newest=_newest_of(rows))
    items = shown(rows, reader_id=request.user.pk)
    return render(
        request,
        "messaging/_live.html",
        {"items_html": messages_html(items, conversation=member.conversation)},
    )


@login_required
def conversation_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """Messages after ?after= (what an open page fetches when told of a new one). They count
    as read unless the page says it is not in view (?hidden=1, a tab in the background): the
    page asks again when it is looked at."""
    member = selectors.member_get(person=request.user, conversation_id=pk)
    rows = selectors.messages_after(
        conversation=member.conversation, after=parse_id(request.GET.get("after")) or 0
    )
    if request.GET.get("hidden") != "1":
        services.conversation_read(member=member, newest=_newest_of(rows))
    items = shown(rows, reader_id=request.user.pk)
    return render(
        request,
        "messaging/_messages.html",
        {"items_html": messages_html(items, conversation=member.conversation)},
    )


@login_required
def message_edit(request: AuthedRequest, pk: int, message_pk: int) -> HttpResponse:
    member = selectors.member_get(person=request.user, conversation_id=pk)
    message = selectors.message_get(member=member, message_id=message_pk)
    if message.author_id != request.user.pk:
        raise Http404
    form = EditForm(request.POST or None, initial={"body": message.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.message_edit(message=message, by=request.user, body=form.cleaned_data["body"])
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("Your message is changed."))
            return redirect(reverse("messaging:conversation", args=[pk]) + f"#m{message.pk}")
    return render(
        request,
        "messaging/edit.html",
        {"conversation": member.conversation, "message": message, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def message_delete(request: AuthedRequest, pk: int, message_pk: int) -> HttpResponse:
    member = selectors.member_get(person=request.user, conversation_id=pk)
    message = selectors.message_get(member=member, message_id=message_pk)
    if message.author_id != request.user.pk or message.kind != Message.Kind.TEXT:
        raise Http404
    if request.method == "POST":
        services.message_delete(message=message, by=request.user)
        messages.success(request, _("Your message is deleted."))
        return redirect(reverse("messaging:conversation", args=[pk]) + f"#m{message.pk}")
    return render(
        request,
        "messaging/delete.html",
        {
            "conversation": member.conversation,
            "message": message,
            "html": render_message(message.body),
            "keeps": oversight.keeps_deleted(member.conversation),
        },
    )


@login_required
def message_history(request: AuthedRequest, pk: int, message_pk: int) -> HttpResponse:
    """What an edited message said before (its readers see its edits)."""
    member = selectors.member_get(person=request.user, conversation_id=pk)
    message = selectors.message_get(member=member, message_id=message_pk)
    if message.is_deleted:
        raise Http404
    versions = [(e.replaced_at, render_message(e.body)) for e in message.edits.all()]
    return render(
        request,
        "messaging/history.html",
        {
            "conversation": member.conversation,
            "message": message,
            "html": render_message(message.body),
            "versions": versions,
        },
    )


@login_required
def conversation_leave(request: AuthedRequest, pk: int) -> HttpResponse:
    member = selectors.member_get(person=request.user, conversation_id=pk)
    if request.method != "POST":
        return redirect("messaging:conversation", pk=pk)
    try:
        oversight.member_leave(member=member)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("messaging:conversation", pk=pk)
    messages.success(request, _("You left the conversation."))
    return redirect("messaging:inbox")


@login_required
def write_to_staff(request: AuthedRequest, pk: int) -> HttpResponse:
    """A participant's conversation with their program's staff (started on first use)."""
    enrollment = enrollment_get_for_person(person=request.user, enrollment_id=pk)
    if request.method != "POST":
        return render(request, "messaging/write_to_staff.html", {"enrollment": enrollment})
    chat = services.conversation_with_staff(enrollment=enrollment)
    return redirect("messaging:conversation", pk=chat.pk)
