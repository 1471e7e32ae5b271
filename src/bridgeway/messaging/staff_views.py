"""Staff pages of conversations: reading a pair's conversation with a reason, joining as a
mediator, participants' questions to staff, flagged messages and a program's messaging
rules."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bridgeway.core.access import ADMIN_ONLY, ANY_STAFF, mfa_required, organization_get_for_staff
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest, parse_id
from bridgeway.core.pagination import paginate
from bridgeway.core.services import DomainError
from bridgeway.messaging import oversight, selectors, services
from bridgeway.messaging.formatting import render_message
from bridgeway.messaging.forms import (
    FlagForm,
    JoinForm,
    MessageForm,
    ReasonForm,
    SettingsForm,
)
from bridgeway.messaging.message_html import messages_html
from bridgeway.messaging.models import Conversation, Member
from bridgeway.messaging.views import shown
from bridgeway.programs.selectors import program_get_for_staff


@mfa_required
def staff_conversation(request: AuthedRequest, pk: int) -> HttpResponse:
    """A conversation for its agency's staff. Participants' questions to staff are open to
    them; a pair's conversation opens only with a reason, recorded on every read."""
    chat = selectors.conversation_get_for_staff(person=request.user, conversation_id=pk)
    mine = chat.members.filter(person=request.user, left_at=None).exists()
    if mine:
        return redirect("messaging:conversation", pk=chat.pk)
    action = request.POST.get("form", "")
    addressed_to_staff = chat.kind == Conversation.Kind.STAFF
    reason_form = ReasonForm(request.POST if action == "reason" else None)
    join_form = JoinForm(request.POST if action == "join" else None, prefix="join")
    reply = MessageForm(request.POST if action == "reply" else None)
    review = (
        None
        if addressed_to_staff
        else oversight.review_active(conversation=chat, staff=request.user)
    )
    if request.method == "POST":
        try:
            if action == "reason" and reason_form.is_valid():
                oversight.review_start(
                    conversation=chat, staff=request.user, reason=reason_form.cleaned_data["reason"]
                )
                return redirect("messaging:staff_conversation", pk=chat.pk)
            if action == "join" and join_form.is_valid() and not addressed_to_staff:
                oversight.mediator_join(
                    conversation=chat, staff=request.user, reason=join_form.cleaned_data["reason"]
                )
                messages.success(request, _("You joined the conversation. Both people are told."))
                return redirect("messaging:conversation", pk=chat.pk)
            if action == "reply" and reply.is_valid() and addressed_to_staff:
                counted = services.message_send_count(
                    author=request.user,
                    client_key=reply.cleaned_data["client_key"],
                    request=request,
                )
                services.message_send(
                    conversation=chat,
                    author=request.user,
                    body=reply.cleaned_data["body"],
                    client_key=reply.cleaned_data["client_key"],
                    key_new=counted,
                )
                return redirect("messaging:conversation", pk=chat.pk)
        except DomainError as error:
            for form in (reason_form, join_form, reply):
                if form.is_bound:
                    form_add_domain_error(form, error)
    context: dict[str, Any] = {
        "conversation": chat,
        "title": selectors.conversation_title(chat, request.user),
        "reason_form": reason_form,
        "join_form": join_form,
        "reply": reply,
        "review": review,
        "addressed_to_staff": addressed_to_staff,
        "members": selectors.members_of(chat),
    }
    if addressed_to_staff or review is not None:
        before = parse_id(request.GET.get("before"))
        page = selectors.messages_page(conversation=chat, before=before)
        context["items"] = shown(page.messages, reader_id=request.user.pk, archive=True)
        context["items_html"] = messages_html(context["items"], conversation=chat, staff_view=True)
        context["staff_view"] = True
        context["older"] = page.older
        if review is not None:
            oversight.review_record_read(review=review)
    status = 400 if any(f.errors for f in (reason_form, join_form, reply)) else 200
    return render(request, "messaging/staff_conversation.html", context, status=status)


@mfa_required
def staff_inbox(request: AuthedRequest, slug: str) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user, slug=slug, roles=ANY_STAFF
    )
    page = paginate(request, selectors.staff_inbox(organization_id=organization.pk))
    rows = []
    for chat in page.object_list:
        members = list(chat.members.all())
        participant = next((m for m in members if m.role == Member.Role.PARTICIPANT), None)
        answered = any(m.role != Member.Role.PARTICIPANT for m in members)
        rows.append((chat, participant.person.name if participant else "", answered))
    return render(
        request,
        "messaging/staff_inbox.html",
        {"organization": organization, "membership": membership, "page": page, "rows": rows},
    )


@mfa_required
def staff_flags(request: AuthedRequest, slug: str) -> HttpResponse:
    """Flagged messages: each message and the words found, never the rest of its
    conversation. Opening the list is recorded."""
    organization, membership = organization_get_for_staff(
        person=request.user, slug=slug, roles=ANY_STAFF
    )
    flags = selectors.flags_of(organization_id=organization.pk)
    form = FlagForm(request.POST or None)
    if request.method == "POST":
        flag = flags.filter(pk=parse_id(request.POST.get("flag")) or 0).first()
        if flag is None:
            raise Http404
        if form.is_valid():
            try:
                oversight.flag_handle(flag=flag, by=request.user, note=form.cleaned_data["note"])
            except DomainError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("The flag is marked as handled."))
            return redirect("messaging:flags", slug=organization.slug)
    page = paginate(request, flags)
    if page.object_list:
        oversight.flags_record_read(
            organization=organization, staff=request.user, flags=list(page.object_list)
        )
    rows = [(f, render_message(f.message.body) if not f.message.is_deleted else "") for f in page]
    return render(
        request,
        "messaging/flags.html",
        {
            "organization": organization,
            "membership": membership,
            "page": page,
            "rows": rows,
            "form": FlagForm(),
        },
    )


@mfa_required
def program_settings(request: AuthedRequest, pk: int) -> HttpResponse:
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    current = oversight.settings_for(program.pk)
    form = SettingsForm(
        request.POST or None,
        initial={
            "keep_deleted": current.keep_deleted,
            "flag_words": {k: "\n".join(v) for k, v in current.flag_words.items()},
            "attachment_limit_mb": current.attachment_limit_mb,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            oversight.settings_save(
                program=program,
                by=request.user,
                keep_deleted=form.cleaned_data["keep_deleted"],
                flag_words=form.words(),
                attachment_limit_mb=form.cleaned_data["attachment_limit_mb"],
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The messaging rules are saved."))
            return redirect("messaging:program_settings", pk=program.pk)
    return render(
        request,
        "messaging/program_settings.html",
        {"program": program, "form": form},
        status=400 if form.errors else 200,
    )
