"""Writes of the resource library: staff add and change resources and their versions (each
audited), and a person's opening of a resource is counted once a day. Callers have checked
that `by` manages the scope (access.py); these functions check the rest.

A version's file is checked before anything is stored; the rows and the file are stored
together or not at all (call these outside any transaction when a file comes with them).
An expert's answer (kind "answer") is published from its question (answers.py); here it gets
more languages and changed words like any resource, its summary always the start of its
question."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.core.i18n import translated
from bridgeway.core.services import DomainError, audit_record
from bridgeway.learning.library.access import can_manage
from bridgeway.learning.library.files import resource_file_check, resource_file_store
from bridgeway.learning.library.models import (
    ADDED_IN_THE_LIBRARY,
    Kind,
    Resource,
    ResourceTopic,
    ResourceVersion,
    ResourceView,
)
from bridgeway.messaging.attachments import CheckedFile, files_discard
from bridgeway.messaging.formatting import plain_excerpt
from bridgeway.programs.questionnaires.codelists import LANGUAGES
from bridgeway.programs.reach import Level

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Network, Organization
    from bridgeway.programs.models import Program


class ResourceFields(TypedDict, total=False):
    audience: str
    sector: str
    arrival: str
    topics: list[str]
    archived: bool


class VersionFields(TypedDict, total=False):
    language: str
    title: str
    summary: str
    url: str
    question_text: str
    answer_text: str


RESOURCE_FIELDS = ("audience", "sector", "arrival", "archived")


def _audit(resource: Resource, by: Person, action: str, title: str, **data: Any) -> None:
    audit_record(
        actor=by,
        action=action,
        organization=resource.organization,
        target=resource,
        summary=title,
        data={"resource": resource.pk, "title": title, **data},
    )


def _check_content(kind: str, url: str, upload: UploadedFile | None, *, replacing: bool) -> None:
    """A link has an address; a document a file; a video one or the other; an answer is
    written in the app (_check_written)."""
    if kind == Kind.ANSWER and (url or upload is not None):
        raise DomainError(_("An expert's answer is written here, without a file or address."))
    if url and not url.lower().startswith(("https://", "http://")):
        raise DomainError(_("Give an address that starts with https://."), "url")
    if url and upload is not None:
        raise DomainError(_("Add a file or give an address, not both."), "url")
    if kind == Kind.LINK and upload is not None:
        raise DomainError(_("A link has an address, not a file."), "file")
    if kind == Kind.DOCUMENT and url:
        raise DomainError(_("Upload the document as a file."), "file")
    if replacing:
        return
    if kind == Kind.LINK and not url:
        raise DomainError(_("Give the address of the link."), "url")
    if kind == Kind.DOCUMENT and upload is None:
        raise DomainError(_("Choose the document's file."), "file")
    if kind == Kind.VIDEO and not url and upload is None:
        raise DomainError(_("Upload the video or give its address."), "url")


def written_check(question_text: str, answer_text: str) -> tuple[str, str]:
    """An answer's question and answer, both required; returned without outer spaces."""
    question, answer = question_text.strip(), answer_text.strip()
    if not question:
        raise DomainError(_("Write the question."), "question_text")
    if not answer:
        raise DomainError(_("Write the answer."), "answer_text")
    return question, answer


def _check_language(code: str) -> None:
    if code not in LANGUAGES:
        raise DomainError(_("Choose a language from the list."), "language")


def _checked_file(kind: str, upload: UploadedFile | None) -> CheckedFile | None:
    if upload is None:
        return None
    try:
        return resource_file_check(upload, kind=kind)
    except DomainError as error:
        raise DomainError(error.message, "file") from error


def _store_version(
    version: ResourceVersion, network_id: int, checked: CheckedFile | None, saved: list[str]
) -> None:
    if checked is not None:
        resource_file_store(version=version, network_id=network_id, checked=checked, saved=saved)
    version.save()


def _with_files(saved: list[str], write: Any) -> Any:
    """Run `write` in a transaction; the files it stored go if nothing commits."""
    try:
        with transaction.atomic():
            return write()
    except BaseException:
        files_discard(saved)
        raise


def _set_topics(resource: Resource, topics: list[str]) -> None:
    ResourceTopic.objects.filter(resource=resource).exclude(topic__in=topics).delete()
    have = set(resource.topics.values_list("topic", flat=True))
    ResourceTopic.objects.bulk_create(
        [ResourceTopic(resource=resource, topic=t) for t in dict.fromkeys(topics) if t not in have]
    )


def resource_create(
    *,
    by: Person,
    network: Network,
    kind: str,
    version: VersionFields,
    organization: Organization | None = None,
    program: Program | None = None,
    file: UploadedFile | None = None,
    **fields: Unpack[ResourceFields],
) -> Resource:
    """A new resource with its first version; the caller has checked that `by` manages this
    network, agency or program."""
    if program is not None:
        organization = program.organization
    level = Level.PROGRAM if program else Level.AGENCY if organization else Level.NETWORK
    if kind not in ADDED_IN_THE_LIBRARY:
        raise DomainError(_("Staff publish an expert's answer from its question."), "kind")
    url = version.get("url", "").strip()
    _check_content(kind, url, file, replacing=False)
    _check_language(version.get("language", ""))
    checked = _checked_file(kind, file)
    saved: list[str] = []

    def write() -> Resource:
        resource = Resource.objects.create(
            level=level,
            network=network,
            organization=organization,
            program=program,
            kind=kind,
            created_by=by,
            **{name: fields[name] for name in RESOURCE_FIELDS if name in fields},  # type: ignore[literal-required]
        )
        _set_topics(resource, fields.get("topics", []))
        first = ResourceVersion(
            resource=resource,
            language=version["language"],
            title=version["title"].strip(),
            summary=version.get("summary", "").strip(),
            url=url,
        )
        _store_version(first, network.pk, checked, saved)
        _audit(resource, by, "library.resource_create", first.title, level=level, kind=kind)
        return resource

    resource: Resource = _with_files(saved, write)
    return resource


@transaction.atomic
def resource_update(
    *, resource: Resource, by: Person, **fields: Unpack[ResourceFields]
) -> Resource:
    """Change who sees the resource, its sector, timing, topics, or archive it."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    changed = [
        name
        for name in RESOURCE_FIELDS
        if name in fields and getattr(resource, name) != fields[name]  # type: ignore[literal-required]
    ]
    for name in changed:
        setattr(resource, name, fields[name])  # type: ignore[literal-required]
    if changed:
        resource.save(update_fields=[*changed, "updated_at"])
    if "topics" in fields:
        before = set(resource.topics.values_list("topic", flat=True))
        _set_topics(resource, fields["topics"])
        if before != set(fields["topics"]):
            changed.append("topics")
    if changed:
        _audit(resource, by, "library.resource_update", _title(resource), fields=changed)
    return resource


def _title(resource: Resource) -> str:
    titles = {v.language: v.title for v in resource.versions.all()}
    return translated(titles)


def version_add(
    *,
    resource: Resource,
    by: Person,
    file: UploadedFile | None = None,
    **fields: Unpack[VersionFields],
) -> ResourceVersion:
    """The resource in one more language."""
    language = fields.get("language", "")
    _check_language(language)
    url = fields.get("url", "").strip()
    _check_content(resource.kind, url, file, replacing=False)
    if resource.versions.filter(language=language).exists():
        raise DomainError(_("This resource already has a version in this language."), "language")
    question = answer = ""
    if resource.kind == Kind.ANSWER:
        question, answer = written_check(
            fields.get("question_text", ""), fields.get("answer_text", "")
        )
    checked = _checked_file(resource.kind, file)
    saved: list[str] = []

    def write() -> ResourceVersion:
        Resource.objects.select_for_update().get(pk=resource.pk)
        version = ResourceVersion(
            resource=resource,
            language=language,
            title=fields.get("title", "").strip(),
            summary=plain_excerpt(question) if question else fields.get("summary", "").strip(),
            url=url,
            question_text=question,
            answer_text=answer,
        )
        try:
            with transaction.atomic():
                _store_version(version, resource.network_id, checked, saved)
        except IntegrityError as clash:
            raise DomainError(
                _("This resource already has a version in this language."), "language"
            ) from clash
        _audit(resource, by, "library.version_add", version.title, language=language)
        return version

    version: ResourceVersion = _with_files(saved, write)
    return version


def version_update(
    *,
    version: ResourceVersion,
    by: Person,
    title: str,
    summary: str = "",
    url: str = "",
    file: UploadedFile | None = None,
    question_text: str = "",
    answer_text: str = "",
) -> ResourceVersion:
    """New words, and a new file or address when one is given (the old file goes); an
    answer's new question and answer."""
    resource = version.resource
    url = url.strip()
    _check_content(resource.kind, url, file, replacing=True)
    words = {"title": title.strip(), "summary": summary.strip()}
    if resource.kind == Kind.ANSWER:
        question, answer = written_check(question_text, answer_text)
        words |= {
            "summary": plain_excerpt(question),
            "question_text": question,
            "answer_text": answer,
        }
    checked = _checked_file(resource.kind, file)
    saved: list[str] = []
    old_file = version.stored_name if (checked is not None or url) else ""

    def write() -> ResourceVersion:
        locked = ResourceVersion.objects.select_for_update().get(pk=version.pk)
        changed = [name for name, value in words.items() if getattr(locked, name) != value]
        for name, value in words.items():
            setattr(locked, name, value)
        if checked is not None:
            resource_file_store(
                version=locked, network_id=resource.network_id, checked=checked, saved=saved
            )
            changed.append("file")
        elif url and url != locked.url:
            locked.url = url
            locked.stored_name = locked.name = locked.content_type = locked.file_kind = ""
            locked.size = 0
            changed.append("url")
        if changed:
            locked.save()
            _audit(resource, by, "library.version_update", locked.title, fields=changed)
            if old_file and old_file != locked.stored_name:
                transaction.on_commit(lambda: files_discard([old_file]))
        return locked

    updated: ResourceVersion = _with_files(saved, write)
    return updated


@transaction.atomic
def version_delete(*, version: ResourceVersion, by: Person) -> None:
    """Take one language away; a resource keeps at least one version."""
    resource = Resource.objects.select_for_update().get(pk=version.resource_id)
    if resource.versions.count() <= 1:
        raise DomainError(
            _("A resource keeps at least one version. Archive the resource to hide it.")
        )
    name = version.stored_name
    version.delete()
    _audit(resource, by, "library.version_delete", version.title, language=version.language)
    if name:
        transaction.on_commit(lambda: files_discard([name]))


def view_record(*, resource: Resource, person: Person) -> bool:
    """Count that the person opened or downloaded the resource today (in their time zone):
    once a day, however often. Staff who manage the resource are not counted (their checks
    are not use). True when a view was counted now."""
    if not person.is_authenticated or can_manage(person, resource):
        return False
    try:
        with transaction.atomic():
            _view, created = ResourceView.objects.get_or_create(
                resource=resource, person=person, day=timezone.localdate()
            )
    except IntegrityError:  # the same person's other tab counted it a moment ago
        return False
    return created
