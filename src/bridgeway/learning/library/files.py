"""Files of the library: checked and stored exactly like messages' attachments
(messaging/attachments.py: the type read from the content, the optional virus scanner, the
"attachments" storage under a random name), with the library's own size limit
(settings.BRIDGEWAY_LIBRARY_LIMIT_MB) and the types each kind of resource takes: a document is
a document or an image, an uploaded video a video file."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from bridgeway.learning.library.models import Kind, ResourceVersion
from bridgeway.messaging.attachments import (
    DOCUMENT,
    IMAGE,
    VIDEO,
    CheckedFile,
    FileWords,
    file_check,
    storage,
)

_TOO_LARGE = _("“%(name)s” is %(size)s MB; the library takes files up to %(limit)d MB.")
_UNSAFE = _("“%(name)s” looks unsafe and was not added.")
_UNCHECKED = _("“%(name)s” could not be checked for viruses just now. Try again later.")
WORDS = {
    Kind.DOCUMENT: FileWords(
        too_large=_TOO_LARGE,
        wrong_type=_(
            "“%(name)s” cannot be added as a document: add a PDF, text, Word, Excel, "
            "PowerPoint or OpenDocument file, or an image (JPEG, PNG, GIF, WebP)."
        ),
        unsafe=_UNSAFE,
        unchecked=_UNCHECKED,
    ),
    Kind.VIDEO: FileWords(
        too_large=_TOO_LARGE,
        wrong_type=_("“%(name)s” cannot be added as a video: add an MP4, WebM or MOV file."),
        unsafe=_UNSAFE,
        unchecked=_UNCHECKED,
    ),
}
KINDS = {Kind.DOCUMENT: (DOCUMENT, IMAGE), Kind.VIDEO: (VIDEO,)}


def limit_mb() -> int:
    return int(settings.BRIDGEWAY_LIBRARY_LIMIT_MB)


def resource_file_check(upload: UploadedFile, *, kind: str) -> CheckedFile:
    """The file checked for a resource of `kind` (document or video); raises AttachmentError
    (a DomainError on the field "attachments") with the reason in the person's words."""
    return file_check(upload, limit_mb=limit_mb(), words=WORDS[Kind(kind)], kinds=KINDS[Kind(kind)])


def resource_file_store(
    *, version: ResourceVersion, network_id: int, checked: CheckedFile, saved: list[str]
) -> None:
    """Store a checked file for a version (the caller saves the version). The stored name is
    added to `saved` at once so that the caller removes the file if nothing commits."""
    name = f"library/{network_id}/{secrets.token_hex(16)}.{checked.type.extension}"
    checked.upload.seek(0)
    name = storage().save(name, checked.upload)
    saved.append(name)
    version.stored_name = name
    version.name = checked.name
    version.size = checked.upload.size or 0
    version.content_type = checked.type.mime
    version.file_kind = checked.type.kind
    version.url = ""
