"""Reads of Ask-an-Expert. Every way from an id to a question goes through who the person is
to it: the asker, the active expert it is routed to, or the agency's staff. Anything else is
the same 404 as a question that does not exist.

A participant may ask in the agencies where they hold an enrollment that has not been
withdrawn or declined. Published answers are resources of the library, read by its rules
(learning/library/access.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import F, Q, QuerySet
from django.http import Http404

from bridgeway.community.experts.models import (
    Expert,
    ExpertTopic,
    PublishedAnswer,
    Question,
    QuestionPost,
)
from bridgeway.core.models import Membership, Organization
from bridgeway.learning.library.access import resources_readable
from bridgeway.learning.library.models import Resource
from bridgeway.programs.models import Enrollment, Program
from bridgeway.programs.reach import GONE

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person


def _member_agencies(person: Person) -> QuerySet[Enrollment, Any]:
    return (
        Enrollment.objects.filter(person=person, program__organization__is_active=True)
        .exclude(status__in=GONE)
        .values("program__organization_id")
    )


def topics_askable(*, person: Person) -> QuerySet[ExpertTopic]:
    """The open topics of the agencies the person is a participant of."""
    if not person.is_authenticated:
        return ExpertTopic.objects.none()
    return (
        ExpertTopic.objects.filter(is_active=True, organization_id__in=_member_agencies(person))
        .select_related("organization")
        .order_by("organization__name", "name", "pk")
    )


def expert_roles(*, person: Person) -> QuerySet[Expert]:
    """The person's active expert places (one per agency that invited them)."""
    if not person.is_authenticated:
        return Expert.objects.none()
    return Expert.objects.filter(
        person=person, status=Expert.Status.ACTIVE, organization__is_active=True
    )


def may_use_ask_an_expert(*, person: Person) -> bool:
    """Whether the community shows Ask-an-Expert to the person at all."""
    return topics_askable(person=person).exists() or expert_roles(person=person).exists()


def _question_rows() -> QuerySet[Question]:
    return Question.objects.select_related(
        "topic", "organization", "asker", "expert", "expert__person"
    )


def questions_of_asker(*, person: Person) -> QuerySet[Question]:
    return _question_rows().filter(asker=person).order_by("-last_activity_at", "-pk")


def questions_of_expert(*, person: Person) -> QuerySet[Question]:
    """Only the questions routed to the person as an active expert, open ones first."""
    return (
        _question_rows()
        .filter(expert__in=expert_roles(person=person))
        .exclude(status=Question.Status.NEW)
        .order_by(
            F("first_answer_at").asc(nulls_first=True),
            F("due_at").asc(nulls_last=True),
            "-last_activity_at",
            "-pk",
        )
    )


def question_get_for_participant(*, person: Person, question_id: int) -> Question:
    """The question for its asker or the expert it is routed to; 404 for anyone else."""
    if not person.is_authenticated:
        raise Http404
    mine = Q(asker=person) | Q(expert__in=expert_roles(person=person))
    question = _question_rows().filter(mine, pk=question_id).first()
    if question is None:
        raise Http404
    return question


def is_routed_expert(*, person: Person, question: Question) -> bool:
    expert_id = question.expert_id
    return expert_id is not None and expert_roles(person=person).filter(pk=expert_id).exists()


def posts_of(*, question: Question) -> QuerySet[QuestionPost]:
    return question.posts.select_related("author").order_by("created_at", "pk")


def asker_label(*, question: Question, viewer: Person, staff: bool = False) -> str:
    """The asker's name, or "A participant" when they asked anonymously and the viewer is
    neither the asker nor the agency's staff."""
    from django.utils.translation import gettext as _

    if question.anonymous and not staff and viewer.pk != question.asker_id:
        return _("A participant (anonymous)")
    return question.asker.name


# --- Staff ---------------------------------------------------------------------------------


def questions_for_staff(
    *,
    organization: Organization,
    status: str = "",
    topic_id: int | None = None,
    expert_id: int | None = None,
    overdue: bool = False,
) -> QuerySet[Question]:
    """The agency's questions for the triage queue: new ones first, then by last activity."""
    rows = _question_rows().filter(organization=organization)
    if status == "open":
        rows = rows.exclude(status__in=[Question.Status.ANSWERED, Question.Status.CLOSED])
    elif status:
        rows = rows.filter(status=status)
    if topic_id is not None:
        rows = rows.filter(topic_id=topic_id)
    if expert_id is not None:
        rows = rows.filter(expert_id=expert_id)
    if overdue:
        rows = rows.filter(escalated_at__isnull=False, first_answer_at__isnull=True)
    return rows.order_by("-last_activity_at", "-pk")


def question_get_for_staff(*, organization: Organization, question_id: int | None) -> Question:
    question = _question_rows().filter(organization=organization, pk=question_id or 0).first()
    if question is None:
        raise Http404
    return question


def topics_of_agency(*, organization: Organization) -> QuerySet[ExpertTopic]:
    return ExpertTopic.objects.filter(organization=organization).order_by("name", "pk")


def topic_get_for_staff(*, organization: Organization, topic_id: int) -> ExpertTopic:
    topic = topics_of_agency(organization=organization).filter(pk=topic_id).first()
    if topic is None:
        raise Http404
    return topic


def experts_of_agency(*, organization: Organization) -> QuerySet[Expert]:
    return (
        Expert.objects.filter(organization=organization)
        .exclude(status=Expert.Status.REMOVED)
        .select_related("person")
        .prefetch_related("topics")
        .order_by("name", "pk")
    )


def expert_get_for_staff(*, organization: Organization, expert_id: int) -> Expert:
    expert = experts_of_agency(organization=organization).filter(pk=expert_id).first()
    if expert is None:
        raise Http404
    return expert


def expert_choices_for(*, question: Question) -> list[Expert]:
    """The agency's active experts, those of the question's topic first."""
    experts = list(
        Expert.objects.filter(organization_id=question.organization_id, status=Expert.Status.ACTIVE)
        .prefetch_related("topics")
        .order_by("name", "pk")
    )
    on_topic = [e for e in experts if any(t.pk == question.topic_id for t in e.topics.all())]
    return on_topic + [e for e in experts if e not in on_topic]


def staff_of(*, organization: Organization) -> list[Person]:
    return [
        m.person
        for m in Membership.objects.filter(organization=organization).select_related("person")
        if m.person.is_active
    ]


def invitation_for_person(*, token: str, person: Person) -> Expert | None:
    """An expert invitation, only for the address it was sent to: a link opened while signed
    in with another address is as unknown as a wrong link."""
    return (
        Expert.objects.select_related("organization")
        .prefetch_related("topics")
        .filter(token=token, organization__is_active=True, email__iexact=person.email)
        .exclude(status=Expert.Status.REMOVED)
        .first()
    )


# --- Published answers ---------------------------------------------------------------------


def published_of(*, question: Question) -> PublishedAnswer | None:
    """The question's answer in the library, with the resource's versions and topics."""
    return (
        PublishedAnswer.objects.select_related("resource", "resource__program")
        .prefetch_related("resource__versions", "resource__topics")
        .filter(question=question)
        .first()
    )


def published_resource_for_reader(*, person: Person, answer_id: int) -> Resource:
    """The library resource of a published answer (its address from before the library),
    for someone who may open it there; the same 404 otherwise."""
    found = (
        PublishedAnswer.objects.select_related("resource")
        .filter(pk=answer_id, resource__in=resources_readable(person))
        .first()
    )
    if found is None:
        raise Http404
    return found.resource


def programs_of(*, organization: Organization) -> list[Program]:
    """The agency's programs, where an answer may be published for one program only."""
    return list(Program.objects.filter(organization=organization).order_by("name", "pk"))
