"""Writes of Ask-an-Expert done by participants and experts: asking, the exchange on a
question (answers, questions back, the asker's replies) and rating. Callers reached the
question through selectors (they are its asker or its routed expert); these functions check
the rest. The expert's clock (a reminder before the topic's response target, escalation to
staff at it) is kept by durable timers: see clock_start and deadlines.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.community.experts.models import ExpertTopic, Question, QuestionPost
from bridgeway.community.experts.selectors import staff_of
from bridgeway.core.services import DomainError
from bridgeway.notifications.outbox import notify
from bridgeway.notifications.timers import timer_cancel, timer_schedule

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

S = Question.Status
# The expert is reminded when this share of the response target has passed.
REMIND_AT = 0.75


def timer_keys(question: Question) -> tuple[str, str]:
    base = f"expert-question:{question.pk}:{question.clock}"
    return f"{base}:remind", f"{base}:escalate"


def clock_start(question: Question) -> None:
    """Start the expert's clock again from now: a reminder at 3/4 of the topic's response
    target, escalation to staff at the target. The earlier round's timers are cancelled."""
    clock_stop(question)
    now = timezone.now()
    target = question.topic.response_target
    question.clock += 1
    question.due_at = now + target
    question.save(update_fields=["clock", "due_at"])
    remind, escalate = timer_keys(question)
    payload = {"question": question.pk, "clock": question.clock}
    organization = question.organization
    timer_schedule(
        kind="community.expert_remind",
        key=remind,
        due_at=now + target * REMIND_AT,
        payload=payload,
        organization=organization,
    )
    timer_schedule(
        kind="community.expert_escalate",
        key=escalate,
        due_at=question.due_at,
        payload=payload,
        organization=organization,
    )


def clock_stop(question: Question) -> None:
    for key in timer_keys(question):
        timer_cancel(key=key)


def question_url(question: Question) -> str:
    return reverse("community:question", args=[question.pk])


def _tell(question: Question, kind: str, event: str, person: Person, role: str = "person") -> None:
    notify(
        kind=kind,
        event=event,
        person=person,
        role=role,
        params={"question": question.pk},
        url=question_url(question),
        organization=question.organization,
    )


@transaction.atomic
def question_ask(
    *,
    by: Person,
    topic: ExpertTopic,
    title: str,
    body: str,
    anonymous: bool = False,
    client_key: str = "",
) -> Question:
    """A new question, waiting for the agency's staff to route it; they are told. The same
    `client_key` twice (a double submit) gives back the first question. The caller has checked
    that the person may ask about the topic (selectors.topics_askable)."""
    if client_key:
        earlier = Question.objects.filter(asker=by, client_key=client_key).first()
        if earlier is not None:
            return earlier
    if not topic.is_active:
        raise DomainError(_("This topic no longer takes questions. Choose another."), "topic")
    now = timezone.now()
    try:
        with transaction.atomic():
            question = Question.objects.create(
                organization=topic.organization,
                topic=topic,
                asker=by,
                title=title.strip(),
                body=body,
                anonymous=anonymous,
                created_at=now,
                last_activity_at=now,
                client_key=client_key,
            )
    except IntegrityError:
        return Question.objects.get(asker=by, client_key=client_key)
    for person in staff_of(organization=topic.organization):
        notify(
            kind="community.question_new",
            event=f"expert-question:{question.pk}:new",
            person=person,
            role="staff",
            params={"question": question.pk},
            url=reverse("community:staff_question", args=[topic.organization.slug, question.pk]),
            organization=topic.organization,
        )
    return question


def _post(question: Question, by: Person, kind: str, body: str, client_key: str) -> QuestionPost:
    now = timezone.now()
    post = QuestionPost.objects.create(
        question=question, author=by, kind=kind, body=body, created_at=now, client_key=client_key
    )
    question.last_activity_at = now
    return post


def _locked(question: Question) -> Question:
    return (
        Question.objects.select_for_update(of=("self",))
        .select_related("topic", "organization", "expert", "asker")
        .get(pk=question.pk)
    )


def _earlier(by: Person, client_key: str) -> QuestionPost | None:
    if not client_key:
        return None
    return QuestionPost.objects.filter(author=by, client_key=client_key).first()


@transaction.atomic
def expert_post(
    *, question: Question, by: Person, body: str, asks_back: bool = False, client_key: str = ""
) -> QuestionPost:
    """The routed expert answers, or asks the asker something back. An answer stops the clock
    for good; a question back pauses it until the asker replies. The asker is told, in their
    language. The caller has checked that `by` is the question's expert."""
    question = _locked(question)
    earlier = _earlier(by, client_key)
    if earlier is not None:
        return earlier
    if question.status in (S.NEW, S.CLOSED) or question.expert is None:
        raise DomainError(_("This question is closed: it takes no more answers."))
    kind = QuestionPost.Kind.ASK_BACK if asks_back else QuestionPost.Kind.ANSWER
    post = _post(question, by, kind, body, client_key)
    fields = ["last_activity_at", "status"]
    if asks_back:
        if question.status != S.ANSWERED:
            question.status = S.WAITING
            clock_stop(question)
    else:
        question.status = S.ANSWERED
        if question.first_answer_at is None:
            question.first_answer_at = post.created_at
            fields.append("first_answer_at")
        clock_stop(question)
    question.save(update_fields=fields)
    _tell(
        question,
        "community.question_asked_back" if asks_back else "community.question_answered",
        f"expert-question:{question.pk}:post:{post.pk}",
        question.asker,
    )
    return post


@transaction.atomic
def asker_reply(*, question: Question, by: Person, body: str, client_key: str = "") -> QuestionPost:
    """The asker adds to their question or answers the expert's question back; the expert's
    clock starts again when they were waiting for it. The expert, if any, is told."""
    question = _locked(question)
    earlier = _earlier(by, client_key)
    if earlier is not None:
        return earlier
    if question.asker_id != by.pk:
        raise DomainError(_("Only the person who asked can reply here."))
    if question.status == S.CLOSED:
        raise DomainError(_("This question is closed: it takes no more replies."))
    post = _post(question, by, QuestionPost.Kind.REPLY, body, client_key)
    if question.status == S.WAITING:
        question.status = S.ROUTED
        clock_start(question)
    question.save(update_fields=["last_activity_at", "status"])
    expert = question.expert
    if expert is not None and expert.person is not None and question.status != S.NEW:
        _tell(
            question,
            "community.question_reply",
            f"expert-question:{question.pk}:post:{post.pk}",
            expert.person,
        )
    return post


@transaction.atomic
def question_rate(*, question: Question, by: Person, rating: int, comment: str = "") -> Question:
    """The asker rates the answer from 1 to 5, with a comment; rating again changes it."""
    question = _locked(question)
    if question.asker_id != by.pk:
        raise DomainError(_("Only the person who asked can rate the answer."))
    if question.first_answer_at is None:
        raise DomainError(_("You can rate the answer once the expert has answered."))
    if not 1 <= rating <= 5:
        raise DomainError(_("Choose a rating from 1 to 5."), "rating")
    question.rating = rating
    question.rating_comment = comment.strip()
    question.rated_at = timezone.now()
    question.save(update_fields=["rating", "rating_comment", "rated_at"])
    return question
