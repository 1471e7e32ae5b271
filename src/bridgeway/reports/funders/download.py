"""Downloads of the funder exports, streamed: the rows (CSV or XLSX) once the check passed,
and the list of problems (CSV). Under ASGI the rows are read a chunk at a time in the request's
thread, since Django would otherwise read a synchronous stream whole into memory first.

Rows are checked again as they are written: should someone change a profile between the check
and the download so that a row can no longer be written, the download stops with an error
instead of leaving out a row or a field."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Iterator

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from bridgeway.reports.exports import formula_safe
from bridgeway.reports.funders.cells import Cell
from bridgeway.reports.funders.check import problems_found, row_cells
from bridgeway.reports.funders.files import csv_chunks, xlsx_chunks
from bridgeway.reports.funders.mapping import Mapping
from bridgeway.reports.funders.rows import Selection, rows

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class RowChanged(Exception):
    """A row that passed the check cannot be written any more."""


def _cells(mapping: Mapping, selection: Selection) -> Iterator[list[Cell]]:
    for row in rows(mapping, selection):
        cells, problems = row_cells(mapping, row)
        if problems:
            raise RowChanged(problems[0].message)
        yield cells


def export_chunks(mapping: Mapping, selection: Selection, file_format: str) -> Iterator[bytes]:
    header = [column.header for column in mapping.columns]
    if file_format == "csv":
        return csv_chunks(header, _cells(mapping, selection))
    return xlsx_chunks(mapping.name, header, _cells(mapping, selection))


def problem_chunks(mapping: Mapping, selection: Selection, site: str) -> Iterator[bytes]:
    """Every problem found, one line each, with the address of the person's page."""
    out = io.StringIO()
    writer = csv.writer(out)
    out.write("\ufeff")
    header = [_("Person"), _("Program"), _("Row"), _("Column"), _("Problem")]
    writer.writerow([*header, _("What is wrong"), _("What the funder expects"), _("Page")])
    for n, problem in enumerate(problems_found(mapping, selection), start=1):
        page = site + reverse("programs:staff_enrollment", args=[problem.enrollment_id])
        line: list[Cell] = [
            problem.person,
            problem.program,
            problem.row,
            problem.column,
            problem.kind_label,
            problem.message,
            problem.expected,
            page,
        ]
        writer.writerow([formula_safe(value) for value in line])
        if n % 200 == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def _in_locale(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Read in the language and time zone of the request that asked, wherever it runs."""
    language, zone = translation.get_language(), timezone.get_current_timezone()

    def run() -> Iterator[bytes]:
        with translation.override(language), timezone.override(zone):
            yield from chunks

    return run()


async def _async(chunks: Iterator[bytes]) -> AsyncIterator[bytes]:
    read = sync_to_async(lambda: next(chunks, b""), thread_sensitive=True)
    try:
        while chunk := await read():
            yield chunk
    finally:
        await sync_to_async(chunks.close, thread_sensitive=True)()  # type: ignore[attr-defined]


def streamed(
    request: HttpRequest, chunks: Iterator[bytes], content_type: str, filename: str
) -> StreamingHttpResponse:
    local = _in_locale(chunks)
    response = StreamingHttpResponse(
        _async(local) if isinstance(request, ASGIRequest) else local, content_type=content_type
    )
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=filename) or "attachment"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def file_name(mapping: Mapping, selection: Selection, suffix: str) -> str:
    return (
        f"{mapping.ref}-{selection.organization.slug}-{selection.start.isoformat()}"
        f"-{selection.end.isoformat()}.{suffix}"
    )
