"""A funder's rows as a CSV or an XLSX file, written as they are read: each yields bytes every
few hundred rows, so a download starts at once and memory stays flat however many rows there
are. Text a spreadsheet would run as a formula starts with a ' (reports/exports.py)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator

from bridgeway.reports.exports import (
    SHEET_START,
    formula_safe,
    package_parts,
    sheet_name,
    sheet_row,
)
from bridgeway.reports.funders.cells import Cell

EVERY = 200  # rows between two pieces of output


def csv_chunks(header: list[str], rows: Iterable[list[Cell]]) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark, so that spreadsheets read accents right."""
    out = io.StringIO()
    writer = csv.writer(out)
    out.write("\ufeff")
    writer.writerow([formula_safe(text) for text in header])
    for n, row in enumerate(rows, start=1):
        writer.writerow([formula_safe(value) for value in row])
        if n % EVERY == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


class _Pipe(io.RawIOBase):
    """A write-only stream that hands over what was written since the last `take()`. It
    cannot seek, so zipfile writes each part's sizes after its data, as streams need."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self._parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        found, self._parts = b"".join(self._parts), []
        return found


def xlsx_chunks(title: str, header: list[str], rows: Iterable[list[Cell]]) -> Iterator[bytes]:
    """A workbook of one sheet, named `title`: the header in bold, then the rows."""
    pipe = _Pipe()
    widths = "".join(
        f'<col min="{i}" max="{i}" width="24" customWidth="1"/>' for i in range(1, len(header) + 1)
    )
    with zipfile.ZipFile(pipe, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, part in package_parts([sheet_name(title, set())]):
            archive.writestr(name, part)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f"{SHEET_START}<cols>{widths}</cols><sheetData>".encode())
            sheet.write(sheet_row(1, [formula_safe(text) for text in header]).encode())
            for n, row in enumerate(rows, start=2):
                sheet.write(sheet_row(n, [formula_safe(value) for value in row]).encode())
                if n % EVERY == 0:
                    yield pipe.take()
            sheet.write(b"</sheetData></worksheet>")
    yield pipe.take()
