"""Downloads that stream: the rows go out as they are read, so a file of any length takes the
memory of one chunk. Under ASGI, Django would read a synchronous iterator whole before sending
it (StreamingHttpResponse consumes it into a list), so there the chunks are pulled one at a
time through `sync_to_async`, on the request's own thread (where its database cursor lives)."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Generator, Iterable
from typing import IO, Any

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from rest_framework.request import Request

from bridgeway.accounts.models import Person
from bridgeway.reports import services
from bridgeway.reports.exports import Cell, csv_bytes, csv_chunks, xlsx_bytes, xlsx_write
from bridgeway.reports.forms import ReportFilterForm
from bridgeway.reports.pdf import report_pdf
from bridgeway.reports.records import record_rows
from bridgeway.reports.report import TABLE_KEYS, report_build
from bridgeway.reports.scope import ReportFilter, Scope, scope_programs

Chunks = Generator[bytes, None, None]
AnyRequest = HttpRequest | Request
RECORD_FORMATS = ("csv", "xlsx")
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
FORMATS = ("csv", "xlsx", "pdf")
PIECE = 64 * 1024


async def _pulled(chunks: Chunks) -> AsyncIterator[bytes]:
    step = sync_to_async(lambda: next(chunks, None), thread_sensitive=True)
    try:
        while (chunk := await step()) is not None:
            yield chunk
    finally:
        await sync_to_async(chunks.close, thread_sensitive=True)()


def streamed(request: AnyRequest, chunks: Chunks, kind: str, name: str) -> StreamingHttpResponse:
    """`chunks` as a download named `name` (a page's request, or the API's)."""
    django_request = getattr(request, "_request", request)
    content: Any = _pulled(chunks) if isinstance(django_request, ASGIRequest) else chunks
    response = StreamingHttpResponse(content, content_type=kind)
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    response["Cache-Control"] = "private, no-store"
    return response


def _file_chunks(handle: IO[bytes]) -> Chunks:
    try:
        while chunk := handle.read(PIECE):
            yield chunk
    finally:
        handle.close()


def rows_csv(request: AnyRequest, rows: Iterable[list[Cell]], name: str) -> StreamingHttpResponse:
    return streamed(request, _csv_generator(rows), CSV, name)


def _csv_generator(rows: Iterable[list[Cell]]) -> Chunks:
    yield from csv_chunks(rows, PIECE)


def rows_xlsx(
    request: AnyRequest, title: str, rows: Iterable[list[Cell]], name: str
) -> StreamingHttpResponse:
    """A workbook of one sheet, written row by row to a temporary file, then streamed from it
    (a zip file's directory comes last, so the workbook is whole before it can be sent)."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _file_chunks when sent
    try:
        xlsx_write(handle, [(title, rows)])
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return streamed(request, _file_chunks(handle), XLSX, name)


def report_download(
    form: ReportFilterForm, scope: Scope, fmt: str, table_key: str = ""
) -> HttpResponse:
    """The report (or one of its tables: `table_key`) as CSV (one table), XLSX or PDF, with
    the form's filters. Its tables are a few dozen rows at most, written in memory."""
    if fmt not in FORMATS:
        raise Http404
    if table_key and table_key not in TABLE_KEYS:
        raise Http404
    if fmt == "csv" and not table_key:
        raise Http404  # a CSV file holds one table
    keys = (table_key,) if table_key else TABLE_KEYS
    report = report_build(scope=scope, chosen=form.report_filter(), keys=keys)
    stem = filename(scope, table_key or "report")
    content: bytes
    if fmt == "csv":
        content, kind = csv_bytes(report.tables[0]), CSV
    elif fmt == "xlsx":
        content, kind = xlsx_bytes(report.tables), XLSX
    else:
        content, kind = report_pdf(report=report, filters=form.in_words()), PDF
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}.{fmt}") or ""
    response["Cache-Control"] = "private, no-store"
    return response


def filename(scope: Scope, suffix: str) -> str:
    return f"{slugify(scope.name) or 'report'}-{suffix}-{timezone.localdate().isoformat()}"


def mentorships_download(
    request: AnyRequest, person: Person, scope: Scope, chosen: ReportFilter, fmt: str
) -> StreamingHttpResponse:
    """Every mentorship of the agency's report, one row each (records.py), streamed; the
    download is written in the agency's audit log. The caller checked the person's access."""
    if fmt not in RECORD_FORMATS or scope.organization is None:
        raise Http404
    services.mentorships_export_record(
        person=person, organization=scope.organization, chosen=chosen, fmt=fmt
    )
    rows = record_rows(scope_programs(scope, chosen), chosen)
    name = f"{filename(scope, 'mentorships')}.{fmt}"
    if fmt == "csv":
        return rows_csv(request, rows, name)
    return rows_xlsx(request, _("Mentorships"), rows, name)


__all__ = ["CSV", "XLSX", "Cell", "mentorships_download", "report_download", "streamed"]
