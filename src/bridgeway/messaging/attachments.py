"""Files sent with messages.

Which files are allowed is decided here, in one place (`ALLOWED`), from what the file's bytes
are — never from its name or the type the browser claimed. A file is refused before anything
is stored when it is larger than its program's limit, of a type not on the list, or found
unsafe by the optional scanner. Files are stored under random names in the "attachments"
storage (settings.STORAGES) together with their message: `message_send` stores both or
neither. The name the sender gave a file is kept as text only, cleaned for display and for
the download's Content-Disposition."""

from __future__ import annotations

import io
import logging
import math
import secrets
import unicodedata
import zipfile
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import filetype
from django.conf import settings
from django.core.files.storage import Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import transaction
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bridgeway.core.services import DomainError
from bridgeway.messaging.models import Attachment, Conversation, Message

logger = logging.getLogger(__name__)

DOCUMENT, IMAGE, VIDEO, AUDIO = (k.value for k in Attachment.Kind)
MB = 1024 * 1024
MAX_FILES = 10
MAX_LIMIT_MB = 2048  # the largest limit a program may choose
MAX_NAME = 150
# How much of a file without a known signature is read to decide that it is plain text.
TEXT_SAMPLE = 64 * 1024


@dataclass(frozen=True)
class FileType:
    mime: str
    kind: str
    extensions: tuple[str, ...]  # the first one is given to the stored file

    @property
    def extension(self) -> str:
        return self.extensions[0]


# The allow-list. Documents are downloaded; images, video and audio are shown in the page.
# Left out on purpose: HTML and SVG (active content), legacy binary Office files (.doc, .xls,
# .ppt) and macro-enabled Office files (macros), archives, executables. docs/messaging.md.
ALLOWED: dict[str, FileType] = {
    t.mime: t
    for t in (
        FileType("application/pdf", DOCUMENT, ("pdf",)),
        FileType("text/plain", DOCUMENT, ("txt", "text", "csv", "md", "log")),
        FileType(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            DOCUMENT,
            ("docx",),
        ),
        FileType(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            DOCUMENT,
            ("xlsx",),
        ),
        FileType(
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            DOCUMENT,
            ("pptx",),
        ),
        FileType("application/vnd.oasis.opendocument.text", DOCUMENT, ("odt",)),
        FileType("application/vnd.oasis.opendocument.spreadsheet", DOCUMENT, ("ods",)),
        FileType("application/vnd.oasis.opendocument.presentation", DOCUMENT, ("odp",)),
        FileType("image/jpeg", IMAGE, ("jpg", "jpeg", "jfif")),
        FileType("image/png", IMAGE, ("png",)),
        FileType("image/gif", IMAGE, ("gif",)),
        FileType("image/webp", IMAGE, ("webp",)),
        FileType("video/mp4", VIDEO, ("mp4", "m4v")),
        FileType("video/webm", VIDEO, ("webm",)),
        FileType("video/quicktime", VIDEO, ("mov", "qt")),
        FileType("audio/mpeg", AUDIO, ("mp3",)),
        FileType("audio/mp4", AUDIO, ("m4a", "mp4")),
        FileType("audio/aac", AUDIO, ("aac",)),
        FileType("audio/ogg", AUDIO, ("ogg", "oga", "opus")),
        FileType("audio/wav", AUDIO, ("wav",)),
    )
}
# What the signature library calls some of these types.
_ALIASES = {"video/x-m4v": "video/mp4", "audio/x-wav": "audio/wav"}
# Zip containers: Office Open XML is recognised by its main part, OpenDocument by the
# "mimetype" entry it must start with.
_ZIP_TYPES = {
    "application/zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
_OOXML_PARTS = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
}
_ODF_TYPES = {m for m in ALLOWED if m.startswith("application/vnd.oasis.opendocument.")}
_TEXT_CONTROLS = set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D} | {0x7F}


class AttachmentError(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message, "attachments")


class UnsafeFile(Exception):
    """What a scanner (settings.BRIDGEWAY_ATTACHMENT_SCANNER) raises for a file it finds
    unsafe. The sender is told the file looks unsafe; the detail goes to the log."""


@dataclass
class CheckedFile:
    upload: UploadedFile
    type: FileType
    name: str


class StoredFile(Protocol):
    """What serving a stored file needs: a message's attachment, a library resource's file."""

    @property
    def stored_name(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def content_type(self) -> str: ...
    @property
    def kind(self) -> str: ...


@dataclass(frozen=True)
class FileWords:
    """How refusals read where a file is checked (each takes %(name)s; `too_large` also
    %(size)s and %(limit)d)."""

    too_large: str | Promise
    wrong_type: str | Promise
    unsafe: str | Promise
    unchecked: str | Promise


MESSAGE_WORDS = FileWords(
    too_large=gettext_lazy("“%(name)s” is %(size)s MB; the limit in this program is %(limit)d MB."),
    wrong_type=gettext_lazy(
        "“%(name)s” cannot be sent: send documents (PDF, text, Word, Excel, "
        "PowerPoint, OpenDocument), images (JPEG, PNG, GIF, WebP), video (MP4, "
        "WebM, MOV) or audio (MP3, M4A, AAC, Ogg, WAV)."
    ),
    unsafe=gettext_lazy("“%(name)s” looks unsafe and was not sent."),
    unchecked=gettext_lazy(
        "“%(name)s” could not be checked for viruses just now. Try again later."
    ),
)


def storage() -> Storage:
    return storages["attachments"]


# --- Reading what a file is -------------------------------------------------------------------


def _read_head(upload: UploadedFile, size: int) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _looks_like_text(upload: UploadedFile) -> bool:
    """No signature: plain text when its start has no control bytes (UTF-8 or a one-byte
    encoding). Served as text/plain and downloaded, so HTML inside stays inert."""
    sample = _read_head(upload, TEXT_SAMPLE)
    return bool(sample) and not (set(sample) & _TEXT_CONTROLS)


def _office_type(upload: UploadedFile) -> FileType | None:
    """The document type of a zip container, or None for any other zip (and for Office files
    that carry macros)."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if any(n.lower().endswith("vbaproject.bin") or n.startswith("Basic/") for n in names):
                return None
            if "mimetype" in names:
                if archive.getinfo("mimetype").file_size > 100:
                    return None
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return ALLOWED[declared] if declared in _ODF_TYPES else None
            if "[Content_Types].xml" not in names:
                return None
            found = [mime for part, mime in _OOXML_PARTS.items() if part in names]
            return ALLOWED[found[0]] if len(found) == 1 else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        upload.seek(0)


def file_type_of(upload: UploadedFile) -> FileType | None:
    """The allowed type that the file's content is, or None when it is none of them."""
    guessed = filetype.guess(_read_head(upload, 8192))
    if guessed is None:
        return ALLOWED["text/plain"] if _looks_like_text(upload) else None
    mime = _ALIASES.get(guessed.mime, guessed.mime)
    if mime in _ZIP_TYPES:
        return _office_type(upload)
    return ALLOWED.get(mime)


def clean_name(raw: str, file_type: FileType) -> str:
    """The sender's file name as text to show: no folders, no control or direction-changing
    characters (which can disguise "gpj.exe" as "exe.jpg"), not too long."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip().strip(".")
    if not name:
        return f"{_('file')}.{file_type.extension}"
    if len(name) > MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        extension = extension[:10] if dot else ""
        name = (stem if dot else name)[: MAX_NAME - len(extension) - 1].rstrip() + (
            f".{extension}" if extension else ""
        )
    return name


def download_name(attachment: StoredFile) -> str:
    """The name offered when the file is saved: the sender's, with the extension of what the
    file really is added when the name claims another."""
    found = ALLOWED.get(attachment.content_type)
    extension = attachment.name.rpartition(".")[2].lower() if "." in attachment.name else ""
    if found is None or extension in found.extensions:
        return attachment.name
    return f"{attachment.name}.{found.extension}"


def size_over_limit(size: int, limit_mb: int) -> str:
    """A file's size in MB as the refusal shows it: whole when that is clearly over the
    limit, else with the tenth that is (never "100 MB" for a file over a 100 MB limit)."""
    whole, tenths = round(size / MB), round(size / MB, 1)
    if whole > limit_mb:
        return number_format(whole)
    if tenths > limit_mb:
        return number_format(tenths, 1)
    return number_format(math.ceil(size * 10 / MB) / 10, 1)


# --- Receiving ----------------------------------------------------------------------------------


class LimitedUploadHandler(FileUploadHandler):
    """First of the upload handlers: once a file passes the limit, the rest of it is read and
    thrown away instead of being written to a temporary file, and the file arrives as an
    empty stand-in of its full size, which the size check then refuses with the usual words.
    Pages set their program's limit; elsewhere the largest a program may choose applies."""

    def __init__(self, request: HttpRequest | None = None, limit_bytes: int = 0) -> None:
        super().__init__(request)
        self.limit_bytes = limit_bytes or MAX_LIMIT_MB * MB
        self.received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        return raw_data if self.received <= self.limit_bytes else None

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.received <= self.limit_bytes:
            return None  # the next handler has it all
        return UploadedFile(
            io.BytesIO(), name=self.file_name, content_type=self.content_type, size=self.received
        )


# --- Checking and storing ---------------------------------------------------------------------


def _scan(upload: UploadedFile, name: str, words: FileWords) -> None:
    path = settings.BRIDGEWAY_ATTACHMENT_SCANNER
    if not path:
        return
    try:
        upload.seek(0)
        import_string(path)(upload)
    except UnsafeFile as found:
        logger.warning("attachment refused by the scanner: %s", found)
        raise AttachmentError(str(words.unsafe) % {"name": name}) from found
    except Exception as failure:
        # A scanner that cannot answer lets nothing through.
        logger.exception("the attachment scanner failed")
        raise AttachmentError(str(words.unchecked) % {"name": name}) from failure
    finally:
        upload.seek(0)


def file_check(
    upload: UploadedFile,
    *,
    limit_mb: int,
    words: FileWords = MESSAGE_WORDS,
    kinds: Collection[str] = (DOCUMENT, IMAGE, VIDEO, AUDIO),
) -> CheckedFile:
    """One file checked before it is stored: the size limit, the type read from the content
    (one of `kinds`), then the scanner. Raises AttachmentError in `words`."""
    shown_name = clean_name(upload.name or "", ALLOWED["text/plain"])
    size = upload.size or 0
    if size > limit_mb * MB:
        raise AttachmentError(
            str(words.too_large)
            % {"name": shown_name, "size": size_over_limit(size, limit_mb), "limit": limit_mb}
        )
    if size == 0:
        raise AttachmentError(_("“%(name)s” is empty.") % {"name": shown_name})
    found = file_type_of(upload)
    if found is None or found.kind not in kinds:
        raise AttachmentError(str(words.wrong_type) % {"name": shown_name})
    _scan(upload, shown_name, words)
    return CheckedFile(upload=upload, type=found, name=clean_name(upload.name or "", found))


def attachments_check(
    *, conversation: Conversation, files: Sequence[UploadedFile]
) -> list[CheckedFile]:
    """Every file of a message checked before anything is stored (see `files_check`)."""
    from bridgeway.messaging.oversight import settings_for

    if len(files) > MAX_FILES:
        raise AttachmentError(
            ngettext(
                "Send up to %(limit)d file with one message.",
                "Send up to %(limit)d files with one message.",
                MAX_FILES,
            )
            % {"limit": MAX_FILES}
        )
    limit_mb = settings_for(conversation.program_id).attachment_limit_mb
    return files_check(files=files, limit_mb=limit_mb)


def files_check(*, files: Sequence[UploadedFile], limit_mb: int) -> list[CheckedFile]:
    """Every file checked before anything is stored, in the messages' words; the first refusal
    explains itself. Other apps that take files (the community's posts) check them here too."""
    return [file_check(upload, limit_mb=limit_mb) for upload in files]


def file_save(*, checked: CheckedFile, organization_id: int | None, saved: list[str]) -> str:
    """Store one checked file under a random name (in its agency's folder) and return that
    name, added to `saved` at once so that the caller removes it if its transaction does not
    commit (`files_discard`)."""
    folder = organization_id if organization_id is not None else "network"
    name = f"{folder}/{secrets.token_hex(16)}.{checked.type.extension}"
    checked.upload.seek(0)
    name = storage().save(name, checked.upload)
    saved.append(name)
    return name


def attachments_store(
    *, message: Message, organization_id: int, files: Iterable[CheckedFile], saved: list[str]
) -> list[Attachment]:
    """Store checked files with their message, inside the message's transaction."""
    return [
        Attachment.objects.create(
            message=message,
            stored_name=file_save(checked=checked, organization_id=organization_id, saved=saved),
            name=checked.name,
            size=checked.upload.size or 0,
            content_type=checked.type.mime,
            kind=checked.type.kind,
        )
        for checked in files
    ]


def files_discard(names: Iterable[str]) -> None:
    """Remove stored files whose rows were never committed (or were erased)."""
    for name in names:
        try:
            storage().delete(name)
        except Exception:
            logger.exception("could not remove the attachment file %s", name)


def attachments_erase(*, message: Message) -> None:
    """Erase a message's files: the rows now, the stored files once the change commits."""
    names = list(message.attachments.values_list("stored_name", flat=True))
    if not names:
        return
    message.attachments.all().delete()
    transaction.on_commit(lambda: files_discard(names))
