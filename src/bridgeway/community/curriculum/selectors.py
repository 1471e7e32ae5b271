"""Reading a program's prompts for its staff, and who has answered each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from bridgeway.community.curriculum.models import Prompt, PromptDelivery
from bridgeway.core.access import ANY_STAFF, staff_organizations
from bridgeway.messaging.models import Member, Message

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.programs.models import Program


def _answered() -> Exists:
    """A participant of the conversation wrote after the prompt (staff mediators do not count)."""
    participants = Member.objects.filter(
        conversation_id=OuterRef(OuterRef("conversation_id")), role=Member.Role.PARTICIPANT
    ).values("person_id")
    return Exists(
        Message.objects.filter(
            conversation_id=OuterRef("conversation_id"),
            pk__gt=OuterRef("message_id"),
            kind=Message.Kind.TEXT,
            deleted_at=None,
            author_id__in=participants,
        )
    )


def prompts_for_program(*, program: Program) -> QuerySet[Prompt]:
    """Every prompt with how many conversations it reached and how many answered."""

    def count(rows: QuerySet[PromptDelivery]) -> Coalesce:
        totals = rows.values("prompt_id").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(totals, output_field=IntegerField()), 0)

    deliveries = PromptDelivery.objects.filter(prompt=OuterRef("pk"))
    return (
        Prompt.objects.filter(program=program)
        .annotate(reached=count(deliveries), answered=count(deliveries.filter(_answered())))
        .order_by("send_at", "pk")
    )


def prompt_get_for_staff(*, person: Person, prompt_id: int) -> Prompt:
    """The same 404 for a prompt that does not exist and another agency's."""
    return get_object_or_404(
        Prompt.objects.filter(
            program__organization__in=staff_organizations(person, ANY_STAFF)
        ).select_related("program__organization"),
        pk=prompt_id,
    )


def prompt_deliveries(*, prompt: Prompt) -> QuerySet[PromptDelivery]:
    """Where the prompt was posted, each with whether the pair or group answered; those who
    have not answered first."""
    return (
        PromptDelivery.objects.filter(prompt=prompt)
        .annotate(has_answer=_answered())
        .select_related(
            "conversation__relationship__mentor__person",
            "conversation__relationship__mentee__person",
            "conversation__mentoring_group",
        )
        .order_by("has_answer", "pk")
    )
