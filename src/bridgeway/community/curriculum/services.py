"""Scheduling, changing and cancelling a program's prompts, and posting one when it is due.

Posting is a durable timer (`community.prompt_post`): it runs once, in one transaction with
the messages it writes; a conversation that already has the prompt is skipped, so a retried
run posts nothing twice."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.community.curriculum.models import Prompt, PromptDelivery
from bridgeway.core.services import DomainError, audit_record
from bridgeway.messaging.models import Conversation, Member
from bridgeway.messaging.services import event_add
from bridgeway.notifications.models import Timer
from bridgeway.notifications.outbox import notify
from bridgeway.notifications.timers import timer_cancel, timer_schedule

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.programs.models import Program

TIMER = "community.prompt_post"
Texts = dict[str, dict[str, str]]


def _key(prompt: Prompt) -> str:
    return f"{TIMER}:{prompt.pk}"


def _check(texts: Texts, send_at: datetime, language: str) -> None:
    if not texts:
        raise DomainError(_("Write the prompt in at least one language."), "texts")
    if language not in texts:
        raise DomainError(
            _(
                "Write the prompt in the program's own language too: it is shown to readers "
                "whose language is missing."
            ),
            "texts",
        )
    if send_at <= timezone.now():
        raise DomainError(_("Choose a time to come: this one has passed."), "send_at")


def _audit(prompt: Prompt, by: Person, action: str, **data: object) -> None:
    audit_record(
        actor=by,
        action=action,
        organization=prompt.program.organization,
        target=prompt,
        data={"program": prompt.program_id, "send_at": prompt.send_at.isoformat(), **data},
    )


@transaction.atomic
def prompt_schedule(*, program: Program, texts: Texts, send_at: datetime, by: Person) -> Prompt:
    language = program.content_language.split("-")[0]
    if language not in texts and program.content_language in texts:
        language = program.content_language
    _check(texts, send_at, language)
    prompt = Prompt.objects.create(
        program=program, texts=texts, language=language, send_at=send_at, created_by=by
    )
    timer_schedule(
        kind=TIMER,
        key=_key(prompt),
        due_at=send_at,
        payload={"prompt": prompt.pk},
        organization=program.organization,
    )
    _audit(prompt, by, "community.prompt_schedule")
    return prompt


def _locked_scheduled(prompt: Prompt) -> Prompt:
    locked = (
        Prompt.objects.select_for_update().select_related("program__organization").get(pk=prompt.pk)
    )
    if locked.status != Prompt.Status.SCHEDULED:
        raise DomainError(
            _("This prompt was already posted or cancelled: it can no longer change.")
        )
    return locked


@transaction.atomic
def prompt_change(*, prompt: Prompt, texts: Texts, send_at: datetime, by: Person) -> Prompt:
    locked = _locked_scheduled(prompt)
    _check(texts, send_at, locked.language)
    locked.texts, locked.send_at = texts, send_at
    locked.save(update_fields=["texts", "send_at", "updated_at"])
    timer_schedule(
        kind=TIMER,
        key=_key(locked),
        due_at=send_at,
        payload={"prompt": locked.pk},
        organization=locked.program.organization,
    )
    _audit(locked, by, "community.prompt_change")
    return locked


@transaction.atomic
def prompt_cancel(*, prompt: Prompt, by: Person) -> Prompt:
    locked = _locked_scheduled(prompt)
    locked.status = Prompt.Status.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    timer_cancel(key=_key(locked))
    _audit(locked, by, "community.prompt_cancel")
    return locked


def conversations_under_way(program: Program) -> list[Conversation]:
    """The open conversations of the program's active pairs and groups."""
    return list(
        Conversation.objects.filter(program=program, status=Conversation.Status.OPEN)
        .filter(
            Q(kind=Conversation.Kind.PAIR, relationship__status="active")
            | Q(kind=Conversation.Kind.GROUP, mentoring_group__status="active")
        )
        .order_by("pk")
    )


def prompt_post(timer: Timer) -> None:
    """Timer handler: post the prompt in every conversation under way, tell each member."""
    prompt = (
        Prompt.objects.select_for_update()
        .select_related("program__organization")
        .filter(pk=timer.payload["prompt"])
        .first()
    )
    if prompt is None or prompt.status != Prompt.Status.SCHEDULED:
        return
    program = prompt.program
    done = set(
        PromptDelivery.objects.filter(prompt=prompt).values_list("conversation_id", flat=True)
    )
    data = {"prompt": prompt.pk, "texts": prompt.texts, "language": prompt.language}
    posted = []
    for conversation in conversations_under_way(program):
        if conversation.pk in done:
            continue
        message = event_add(conversation=conversation, code="prompt", data=data)
        PromptDelivery.objects.create(prompt=prompt, conversation=conversation, message=message)
        posted.append(conversation.pk)
    members = Member.objects.filter(
        conversation_id__in=posted, left_at=None, role=Member.Role.PARTICIPANT
    ).select_related("person", "conversation__relationship__mentor")
    for member in members:
        relationship = member.conversation.relationship
        role = "person"
        if relationship is not None:
            role = "mentor" if relationship.mentor.person_id == member.person_id else "mentee"
        notify(
            kind="community.prompt",
            event=f"prompt:{prompt.pk}:member:{member.pk}",
            person=member.person,
            role=role,
            params={"prompt": prompt.pk},
            url=reverse("messaging:conversation", args=[member.conversation_id]),
            organization=program.organization,
        )
    prompt.status, prompt.sent_at = Prompt.Status.SENT, timezone.now()
    prompt.save(update_fields=["status", "sent_at", "updated_at"])
