"""Writes of Ask-an-Expert done by an agency's staff: topics and their response targets,
inviting and removing experts, routing and closing questions, publishing answers to the
resource library. Every one is in the agency's audit log. Callers have checked that `by` is
on the agency's staff (and reached the objects through the agency); accepting an invitation
is the expert's own act."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Unpack

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.community.experts.models import (
    Expert,
    ExpertTopic,
    PublishedAnswer,
    Question,
)
from bridgeway.community.experts.services import _locked, _tell, clock_start, clock_stop
from bridgeway.core.notify import language_for_address
from bridgeway.core.services import DomainError, audit_record
from bridgeway.learning.library.answers import answer_resource_save, answer_resource_withdraw
from bridgeway.learning.library.services import ResourceFields
from bridgeway.notifications.outbox import notify

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Organization
    from bridgeway.programs.models import Program

S = Question.Status
TOPIC_FIELDS = ("name", "description", "target_amount", "target_unit", "is_active")


def _audit(
    organization: Organization, by: Person | None, action: str, target: Model, **data: Any
) -> None:
    subject = target.asker if isinstance(target, Question) else None
    if isinstance(target, Expert):
        subject = target.person
    audit_record(
        actor=by,
        organization=organization,
        action=action,
        target=target,
        summary=str(target)[:200],
        data=data,
        subject=subject,
    )


@transaction.atomic
def topic_save(
    *, organization: Organization, by: Person, topic: ExpertTopic | None = None, **fields: Any
) -> ExpertTopic:
    """A new topic, or the changed fields of one."""
    name = str(fields.get("name", "")).strip()
    clash = ExpertTopic.objects.filter(organization=organization, name__iexact=name)
    if topic is not None:
        clash = clash.exclude(pk=topic.pk)
    if clash.exists():
        raise DomainError(_("The agency already has a topic with this name."), "name")
    if topic is None:
        topic = ExpertTopic.objects.create(
            organization=organization, **{k: fields[k] for k in TOPIC_FIELDS if k in fields}
        )
        _audit(organization, by, "experts.topic_create", topic)
        return topic
    changed = [k for k in TOPIC_FIELDS if k in fields and getattr(topic, k) != fields[k]]
    for k in changed:
        setattr(topic, k, fields[k])
    if changed:
        topic.save(update_fields=[*changed, "updated_at"])
        _audit(organization, by, "experts.topic_update", topic, fields=changed)
    return topic


@transaction.atomic
def expert_invite(
    *,
    organization: Organization,
    by: Person,
    email: str,
    name: str,
    topics: Iterable[ExpertTopic],
    language: str = "",
) -> Expert:
    """Invite someone to answer questions on some topics. The email goes out in their account's
    language if the address has one, else in `language`. Inviting a removed expert again
    brings them back as invited."""
    email = email.strip().lower()
    expert = Expert.objects.select_for_update().filter(organization=organization, email=email)
    found = expert.first()
    if found is not None and found.status != Expert.Status.REMOVED:
        raise DomainError(_("This address is already one of the agency's experts."), "email")
    language = language if language in dict(settings.LANGUAGES) else ""
    if found is None:
        try:
            with transaction.atomic():
                found = Expert.objects.create(
                    organization=organization,
                    email=email,
                    name=name.strip(),
                    language=language,
                    invited_by=by,
                )
        except IntegrityError:
            raise DomainError(
                _("This address is already one of the agency's experts."), "email"
            ) from None
    else:
        found.status, found.name, found.language = Expert.Status.INVITED, name.strip(), language
        found.invited_by, found.accepted_at, found.person = by, None, None
        found.token = Expert._meta.get_field("token").get_default()
        found.save()
    found.topics.set(list(topics))
    _audit(organization, by, "experts.invite", found, email=email)
    notify(
        kind="community.expert_invitation",
        event=f"expert-invitation:{found.pk}:{found.token[:12]}",
        address=email,
        language=language_for_address(email, language),
        params={"expert": found.pk},
        url=reverse("community:expert_join", args=[found.token]),
        organization=organization,
    )
    return found


@transaction.atomic
def expert_accept(*, expert: Expert, person: Person) -> Expert:
    """The invited person accepts, signed in with the invited address."""
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    if expert.status == Expert.Status.ACTIVE and expert.person_id == person.pk:
        return expert
    if expert.status != Expert.Status.INVITED:
        raise DomainError(_("This invitation is no longer valid. Ask the agency for a new one."))
    if person.email.lower() != expert.email.lower():
        raise DomainError(
            _("This invitation was sent to another email address. Sign in with that address.")
        )
    expert.person, expert.status, expert.accepted_at = person, Expert.Status.ACTIVE, timezone.now()
    expert.save(update_fields=["person", "status", "accepted_at", "updated_at"])
    _audit(expert.organization, person, "experts.accept", expert)
    return expert


@transaction.atomic
def expert_update(
    *, expert: Expert, by: Person, name: str, topics: Iterable[ExpertTopic]
) -> Expert:
    topics = list(topics)
    before = {t.pk for t in expert.topics.all()}
    changed = []
    if name.strip() != expert.name:
        expert.name = name.strip()
        expert.save(update_fields=["name", "updated_at"])
        changed.append("name")
    if {t.pk for t in topics} != before:
        expert.topics.set(topics)
        changed.append("topics")
    if changed:
        _audit(expert.organization, by, "experts.update", expert, fields=changed)
    return expert


@transaction.atomic
def expert_remove(*, expert: Expert, by: Person) -> int:
    """The expert no longer sees any question; the open questions routed to them go back to
    the triage queue. Returns how many went back."""
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    if expert.status == Expert.Status.REMOVED:
        return 0
    expert.status = Expert.Status.REMOVED
    expert.save(update_fields=["status", "updated_at"])
    back = 0
    for question in Question.objects.select_for_update().filter(
        expert=expert, status__in=[S.ROUTED, S.WAITING]
    ):
        clock_stop(question)
        question.status, question.expert, question.due_at = S.NEW, None, None
        question.save(update_fields=["status", "expert", "due_at"])
        back += 1
    _audit(expert.organization, by, "experts.remove", expert, questions_back=back)
    return back


@transaction.atomic
def question_route(*, question: Question, expert: Expert, by: Person) -> Question:
    """Send the question to an active expert of its agency; the expert's clock starts and they
    are told. Routing again (to someone else) stops the earlier expert's clock."""
    question = _locked(question)
    if question.status in (S.ANSWERED, S.CLOSED):
        raise DomainError(_("This question is already answered or closed."))
    # Read again: the expert may have been removed since the page was shown.
    found = Expert.objects.filter(
        pk=expert.pk, organization_id=question.organization_id, status=Expert.Status.ACTIVE
    ).first()
    person = found.person if found is not None else None
    if found is None or person is None:
        raise DomainError(_("Choose an expert who has accepted the agency's invitation."), "expert")
    expert = found
    if question.expert_id == expert.pk and question.status != S.NEW:
        return question
    question.expert, question.status = expert, S.ROUTED
    question.routed_at, question.routed_by = timezone.now(), by
    question.escalated_at = None
    question.save(update_fields=["expert", "status", "routed_at", "routed_by", "escalated_at"])
    clock_start(question)
    _audit(question.organization, by, "experts.route", question, expert=expert.name)
    _tell(
        question,
        "community.question_routed",
        f"expert-question:{question.pk}:routed:{question.clock}",
        person,
    )
    return question


@transaction.atomic
def question_close(*, question: Question, by: Person) -> Question:
    """Close a question that should not go to an expert (or is done); the asker is told."""
    question = _locked(question)
    if question.status == S.CLOSED:
        return question
    clock_stop(question)
    question.status = S.CLOSED
    question.save(update_fields=["status"])
    _audit(question.organization, by, "experts.close", question)
    _tell(
        question,
        "community.question_closed",
        f"expert-question:{question.pk}:closed",
        question.asker,
    )
    return question


@transaction.atomic
def answer_publish(
    *,
    question: Question,
    by: Person,
    title: str,
    question_text: str,
    answer_text: str,
    language: str,
    program: Program | None = None,
    **fields: Unpack[ResourceFields],
) -> PublishedAnswer:
    """Publish the question and its answer, as staff edited them, to the resource library for
    the agency's participants (or one program's) in an audience, without the asker's name.
    Publishing again replaces the words in that language (another language adds a version),
    changes who sees it, and brings back an answer no longer published."""
    question = _locked(question)
    if question.first_answer_at is None:
        raise DomainError(_("Only an answered question can be published."))
    published = PublishedAnswer.objects.select_related("resource").filter(question=question).first()
    resource = answer_resource_save(
        by=by,
        resource=published.resource if published is not None else None,
        organization=question.organization,
        program=program,
        text={
            "language": language,
            "title": title,
            "question_text": question_text,
            "answer_text": answer_text,
        },
        **fields,
    )
    if published is None:
        published = PublishedAnswer.objects.create(
            organization=question.organization,
            question=question,
            resource=resource,
            published_by=by,
        )
        _audit(question.organization, by, "experts.publish", question, resource=resource.pk)
        return published
    published.published_by = by
    published.save(update_fields=["published_by", "updated_at"])
    _audit(question.organization, by, "experts.publish_update", question, resource=resource.pk)
    return published


@transaction.atomic
def answer_withdraw(*, published: PublishedAnswer, by: Person) -> None:
    """Stop publishing: the library resource is archived (kept, with its views, for staff)."""
    if not answer_resource_withdraw(resource=published.resource):
        return
    target = published.question or published
    _audit(published.organization, by, "experts.withdraw", target, resource=published.resource_id)
