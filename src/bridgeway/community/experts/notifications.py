"""Kinds of notification of Ask-an-Expert (BRIDGEWAY_NOTIFICATION_KINDS). They name the
question's title and topic, never quote the question or the answer: the page behind the link
checks that the person may still read it. An anonymous asker's name is never in them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bridgeway.community.experts.models import Expert, Question
from bridgeway.notifications.kinds import Kind


def _question(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    question = Question.objects.select_related("topic", "organization").get(pk=params["question"])
    return {
        "title": question.title,
        "topic": question.topic.name,
        "agency": question.organization.name,
    }


def _expert(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    expert = Expert.objects.select_related("organization").get(pk=params["expert"])
    return {
        "agency": expert.organization.name,
        "topics": ", ".join(t.name for t in expert.topics.all()),
        "name": expert.name,
    }


EXPERT_INVITATION = Kind(
    code="community.expert_invitation",
    label=_("Invitations to answer questions as an expert"),
    subject=_("%(agency)s invites you to answer questions as an expert"),
    summary=_("%(agency)s invites you to answer questions on %(topics)s."),
    template="community/experts/email/invitation.txt",
    context=_expert,
    mandatory=True,
    roles=(),  # sent to an address, before any account: nothing to choose
    texts=False,
)

QUESTION_NEW = Kind(
    code="community.question_new",
    label=_("A participant asks the experts a question"),
    subject=_("New question for an expert: %(title)s"),
    summary=_("New question on %(topic)s: “%(title)s”. Route it to an expert."),
    context=_question,
    roles=("staff",),
    texts=False,
)

QUESTION_ROUTED = Kind(
    code="community.question_routed",
    label=_("A question is sent to you as an expert"),
    subject=_("A question for you: %(title)s"),
    summary=_("%(agency)s sends you a question on %(topic)s: “%(title)s”."),
    context=_question,
    needs_answer=True,
    roles=("person",),
)

QUESTION_REMINDER = Kind(
    code="community.question_reminder",
    label=_("Reminder of a question waiting for your answer as an expert"),
    subject=_("Reminder: a question waits for your answer: %(title)s"),
    summary=_("The question “%(title)s” on %(topic)s waits for your answer."),
    context=_question,
    needs_answer=True,
    roles=("person",),
)

QUESTION_REPLY = Kind(
    code="community.question_reply",
    label=_("The person who asked replies to you as an expert"),
    subject=_("A reply on the question %(title)s"),
    summary=_("The person who asked “%(title)s” replied."),
    context=_question,
    needs_answer=True,
    roles=("person",),
)

QUESTION_ESCALATED = Kind(
    code="community.question_escalated",
    label=_("A question to an expert is past its response target"),
    subject=_("No answer yet in time: %(title)s"),
    summary=_("The question “%(title)s” on %(topic)s has no answer within its target."),
    context=_question,
    needs_answer=True,
    roles=("staff",),
    texts=False,
)

QUESTION_ANSWERED = Kind(
    code="community.question_answered",
    label=_("An expert answers your question"),
    subject=_("An expert answered your question: %(title)s"),
    summary=_("An expert answered “%(title)s”. Read it and rate the answer."),
    context=_question,
)

QUESTION_ASKED_BACK = Kind(
    code="community.question_asked_back",
    label=_("An expert asks you something about your question"),
    subject=_("The expert asks you something about: %(title)s"),
    summary=_("The expert needs more from you about “%(title)s”."),
    context=_question,
    needs_answer=True,
)

QUESTION_CLOSED = Kind(
    code="community.question_closed",
    label=_("Your question to an expert is closed"),
    subject=_("Your question is closed: %(title)s"),
    summary=_("The staff of %(agency)s closed your question “%(title)s”."),
    context=_question,
)
