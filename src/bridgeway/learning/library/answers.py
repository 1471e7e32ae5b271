"""Ask-an-Expert answers in the library: a resource of kind "answer" whose versions hold a
question and its answer as an agency's staff edited them (the messages' Markdown, never the
asker's name), for the agency or one of its programs, an audience, topics, a sector and a time.

Ask-an-Expert (community/experts/staff_services.py) publishes through `answer_resource_save`
and stops publishing by archiving the resource; the library's own pages then change its words,
languages, audience and topics like any resource's, so both read the same rows. The caller has
checked that `by` manages the agency and writes the audit row."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict, Unpack

from django.db import transaction
from django.utils.translation import gettext as _

from bridgeway.core.services import DomainError
from bridgeway.learning.library.models import Kind, Resource, ResourceVersion
from bridgeway.learning.library.services import (
    RESOURCE_FIELDS,
    ResourceFields,
    _check_language,
    _set_topics,
    written_check,
)
from bridgeway.messaging.formatting import plain_excerpt
from bridgeway.programs.reach import Level

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Organization
    from bridgeway.programs.models import Program


class AnswerText(TypedDict):
    language: str
    title: str
    question_text: str
    answer_text: str


def _version_write(resource: Resource, text: AnswerText) -> ResourceVersion:
    """The answer in `text`'s language: its words replaced, or a new version."""
    question, answer = written_check(text["question_text"], text["answer_text"])
    words = {
        "title": text["title"].strip(),
        "summary": plain_excerpt(question),
        "question_text": question,
        "answer_text": answer,
    }
    version = resource.versions.filter(language=text["language"]).first()
    if version is None:
        return ResourceVersion.objects.create(resource=resource, language=text["language"], **words)
    for name, value in words.items():
        setattr(version, name, value)
    version.save()
    return version


@transaction.atomic
def answer_resource_save(
    *,
    by: Person,
    resource: Resource | None,
    organization: Organization,
    program: Program | None,
    text: AnswerText,
    **fields: Unpack[ResourceFields],
) -> Resource:
    """Publish an answer for the agency (or one of its programs): a new resource, or the
    published one brought back (no longer archived) with its scope, settings and the words in
    this language replaced."""
    _check_language(text["language"])
    written_check(text["question_text"], text["answer_text"])
    if program is not None and program.organization_id != organization.pk:
        raise DomainError(_("Choose the agency or one of its programs."), "where")
    level = Level.PROGRAM if program is not None else Level.AGENCY
    scope = {"level": level, "organization": organization, "program": program}
    settings = {name: fields[name] for name in RESOURCE_FIELDS if name in fields}  # type: ignore[literal-required]
    if resource is None:
        resource = Resource.objects.create(
            network=organization.network, kind=Kind.ANSWER, created_by=by, **scope, **settings
        )
    else:
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        for name, value in {**scope, **settings, "archived": False}.items():
            setattr(resource, name, value)
        resource.save()
    if "topics" in fields:
        _set_topics(resource, fields["topics"])
    _version_write(resource, text)
    return resource


@transaction.atomic
def answer_resource_withdraw(*, resource: Resource) -> bool:
    """Stop publishing: the resource is archived (participants no longer see it; its views
    stay counted). True when it was live until now."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if resource.archived:
        return False
    resource.archived = True
    resource.save(update_fields=["archived", "updated_at"])
    return True
