"""Attachment files over HTTP, only after the access check.

Images, video and audio are served inline with the type read from their content (so that an
<img>, <video> or <audio> element shows them); everything else downloads (Content-Disposition:
attachment). Byte ranges (RFC 9110) let a player seek: one range per request answers 206 with
its Content-Range, a range outside the file 416. The file is read from storage a chunk at a
time — asynchronously under ASGI, where Django would otherwise read a synchronous stream
whole into memory first."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Generator
from typing import IO, Any, TypeVar

from asgiref.sync import sync_to_async
from django.contrib.auth.decorators import login_required
from django.core.handlers.asgi import ASGIRequest
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from bridgeway.core.access import mfa_required
from bridgeway.core.http import AuthedRequest
from bridgeway.messaging import selectors
from bridgeway.messaging.attachments import StoredFile, download_name, storage
from bridgeway.messaging.models import Attachment
from bridgeway.messaging.oversight import attachment_record_open

CHUNK = 256 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
SHOWN_INLINE = {Attachment.Kind.IMAGE, Attachment.Kind.VIDEO, Attachment.Kind.AUDIO}


R = TypeVar("R", bound=HttpResponseBase)


class BadRange(Exception):
    pass


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The first and last byte asked for by a Range header, or None for the whole file (no
    header, another unit, several ranges: RFC 9110 lets a server answer those with all of it).
    Raises BadRange for a range this file cannot satisfy or that makes no sense."""
    header = header.strip()
    if not header.startswith("bytes=") or "," in header:
        return None
    found = _RANGE.match(header.replace(" ", ""))
    if found is None or found.group(1) == found.group(2) == "":
        raise BadRange
    first, last = found.group(1), found.group(2)
    if first == "":  # the last N bytes
        count = int(last)
        if count == 0:
            raise BadRange
        return max(0, size - count), size - 1
    start = int(first)
    end = size - 1 if last == "" else min(int(last), size - 1)
    if start >= size or (last != "" and int(last) < start):
        raise BadRange
    return start, end


def open_range(name: str, start: int, length: int) -> IO[bytes]:
    """The stored file from `start` on. An S3-compatible bucket is asked for those bytes only
    (django-storages' own file object would first copy the whole object into memory)."""
    store = storage()
    bucket = getattr(store, "bucket", None)
    if bucket is not None:
        from storages.utils import clean_name

        key = store._normalize_name(clean_name(name))  # type: ignore[attr-defined]
        answer = bucket.Object(key).get(Range=f"bytes={start}-{start + length - 1}")
        body: IO[bytes] = answer["Body"]
        return body
    handle = store.open(name, "rb")
    handle.seek(start)
    return handle  # type: ignore[return-value]


def _chunks(handle: IO[bytes], length: int) -> Generator[bytes]:
    try:
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        handle.close()


async def _async_chunks(handle: IO[bytes], length: int) -> AsyncIterator[bytes]:
    chunks = _chunks(handle, length)
    read = sync_to_async(lambda: next(chunks, b""), thread_sensitive=False)
    try:
        while chunk := await read():
            yield chunk
    finally:
        await sync_to_async(chunks.close, thread_sensitive=False)()


def file_response(request: HttpRequest, attachment: StoredFile) -> HttpResponseBase:
    """The file, or the part of it the Range header asks for (after the caller's access
    check); the community's post files and the library's files are served here too."""
    size = attachment.size
    try:
        wanted = byte_range(request.headers.get("Range", ""), size)
    except BadRange:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return _secure(refused)
    start, end = wanted if wanted is not None else (0, size - 1)
    length = end - start + 1
    try:
        handle = open_range(attachment.stored_name, start, length)
    except OSError as missing:
        raise Http404 from missing
    content: Any = (
        _async_chunks(handle, length)
        if isinstance(request, ASGIRequest)
        else _chunks(handle, length)
    )
    response = StreamingHttpResponse(
        content, status=200 if wanted is None else 206, content_type=attachment.content_type
    )
    response["Content-Length"] = str(length)
    if wanted is not None:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Disposition"] = (
        content_disposition_header(
            as_attachment=attachment.kind not in SHOWN_INLINE, filename=download_name(attachment)
        )
        or "attachment"
    )
    return _secure(response)


def _secure(response: R) -> R:
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    # Opened on its own, a file runs nothing in the site's name; browsers keep no copy (a
    # phone or a library computer is often shared).
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def attachment(request: AuthedRequest, pk: int, attachment_pk: int) -> HttpResponseBase:
    """A file for the people in the conversation."""
    member = selectors.member_get(person=request.user, conversation_id=pk)
    found = selectors.attachment_get_for_member(member=member, attachment_id=attachment_pk)
    return file_response(request, found)


@mfa_required  # type: ignore[type-var]  # a streamed file (HttpResponseBase) is an answer too
@require_safe
def staff_attachment(request: AuthedRequest, pk: int, attachment_pk: int) -> HttpResponseBase:
    """A file for program staff: in a participant's conversation with staff, or while they
    review a pair's conversation with a reason (each opening is recorded)."""
    chat = selectors.conversation_get_for_staff(person=request.user, conversation_id=pk)
    found, review = selectors.attachment_get_for_staff(
        conversation=chat, staff=request.user, attachment_id=attachment_pk
    )
    response = file_response(request, found)
    if review is not None and response.status_code in (200, 206):
        first = response.status_code == 200 or response["Content-Range"].startswith("bytes 0-")
        attachment_record_open(review=review, attachment=found, first=first)
    return response
