"""The question thread on a request: before answering, the mentor asks the mentee something
("Which city will you live in?"), the mentee answers, and so on until the mentor answers the
request. Plain text, 2,000 characters a message, 40 messages a thread. The deadline keeps
running; once the request is answered or expired nothing more can be written. Each message
tells the other person, in their language; the program's staff read the thread."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError
from bridgeway.notifications.outbox import notify
from bridgeway.relationships.models import (
    QUESTION_MAX_LENGTH,
    THREAD_MAX_MESSAGES,
    MentorRequest,
    RequestMessage,
)

R = MentorRequest.Status
Side = MentorRequest.Side


def thread_of(*, request: MentorRequest) -> list[RequestMessage]:
    return list(RequestMessage.objects.filter(request=request).select_related("author"))


def mentee_may_write(*, request: MentorRequest, thread: list[RequestMessage]) -> bool:
    """The mentee answers: they write once the mentor has asked something."""
    return request.status == R.WAITING and any(m.side == Side.MENTOR for m in thread)


@transaction.atomic
def question_post(*, request: MentorRequest, by: Person, text: str) -> RequestMessage:
    """`by` writes on the request's thread (the mentor asks, the mentee answers)."""
    locked = (
        MentorRequest.objects.select_for_update(of=("self",))
        .select_related("mentee__person", "mentor__person", "program__organization")
        .get(pk=request.pk)
    )
    if by.pk == locked.mentor.person_id:
        side = Side.MENTOR
    elif by.pk == locked.mentee.person_id:
        side = Side.MENTEE
    else:
        raise DomainError(_("Only the mentor and the mentee of this request can write here."))
    if locked.status == R.EXPIRED:
        raise DomainError(_("This request has expired: the conversation about it is closed."))
    if locked.status != R.WAITING:
        raise DomainError(_("This request has been answered: the conversation about it is closed."))
    text = text.strip()
    if not text:
        raise DomainError(_("Write your message."), "text")
    if len(text) > QUESTION_MAX_LENGTH:
        raise DomainError(
            ngettext(
                "Keep your message under %(count)d character.",
                "Keep your message under %(count)d characters.",
                QUESTION_MAX_LENGTH,
            )
            % {"count": QUESTION_MAX_LENGTH},
            "text",
        )
    thread = RequestMessage.objects.filter(request=locked)
    if side == Side.MENTEE and not thread.filter(side=Side.MENTOR).exists():
        raise DomainError(_("You can write here once the mentor has asked you something."))
    if thread.count() >= THREAD_MAX_MESSAGES:
        raise DomainError(
            _(
                "This conversation is long enough: please answer the request, or write to "
                "your coordinator."
            )
        )
    message = RequestMessage.objects.create(request=locked, author=by, side=side, text=text)
    from django.urls import reverse

    if side == Side.MENTOR:
        other, role, kind = locked.mentee, "mentee", "relationships.request_question"
        url = reverse("relationships:mentee_request", args=[locked.mentee_id, locked.pk])
    else:
        other, role, kind = locked.mentor, "mentor", "relationships.request_reply"
        url = reverse("relationships:request", args=[locked.mentor_id, locked.pk])
    notify(
        kind=kind,
        event=f"request-message:{message.pk}",
        person=other.person,
        role=role,
        params={"message": message.pk},
        url=url,
        organization=locked.program.organization,
    )
    return message
