"""A report's tables as CSV (one table) and as an XLSX workbook (one sheet per table).

XLSX is a zip of a few XML files (ECMA-376); this writes the small part of it a table needs —
inline strings and numbers, a bold header — with the standard library, instead of adding a
dependency for it. Both writers take the rows as they come (`csv_chunks`, `xlsx_write`), so a
download of every mentorship streams (records.py)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from bridgeway.core.spreadsheets import formula_safe
from bridgeway.reports.figures import Grid, Table

Cell = str | int | float


def grid_rows(grid: Grid) -> list[list[Cell]]:
    """The header (with the rows' group first, when they have one), the rows, the total."""
    groups = [str(grid.group_column)] if grid.group_column else []
    rows: list[list[Cell]] = [[*groups, str(grid.column), *(str(c) for c in grid.columns)]]
    for row in [*grid.rows, *([grid.total] if grid.total else [])]:
        group = [str(row.group)] if grid.group_column else []
        rows.append([*group, str(row.label), *(cell.export_value() for cell in row.cells)])
    if not grid.rows and grid.empty:
        rows.append([str(grid.empty)])
    return rows


def table_rows(table: Table | Grid) -> list[list[Cell]]:
    """The header, the rows, the total and the figures under the table."""
    if isinstance(table, Grid):
        return grid_rows(table)
    rows: list[list[Cell]] = [[str(table.column or _("Figure")), _("Value")]]
    for figure in table.rows:
        rows.append([str(figure.label), figure.export_value()])
    if table.total is not None:
        rows.append([str(table.total.label), table.total.export_value()])
    for figure in table.extra:
        rows.append([str(figure.label), figure.export_value()])
    if not table.rows and table.empty:
        rows.append([str(table.empty)])
    return rows


def csv_bytes(table: Table | Grid) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheets read accents right."""
    return b"".join(csv_chunks(table_rows(table)))


def csv_chunks(rows: Iterable[list[Cell]], size: int = 64 * 1024) -> Iterator[bytes]:
    """The rows as CSV (UTF-8 with a byte-order mark), in pieces of about `size` bytes: a
    file of any length goes out without being held whole."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([formula_safe(cell) for cell in row])
        if out.tell() >= size:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


# Characters XML 1.0 does not allow, whatever the escaping.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
TABLE_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<cols><col min="1" max="1" width="60" customWidth="1"/>'
    '<col min="2" max="2" width="24" customWidth="1"/></cols><sheetData>'
)
# The worksheet element alone, for sheets that set their own columns (funders/files.py).
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
SHEET_END = "</sheetData></worksheet>"


def _row_xml(r: int, row: list[Cell]) -> str:
    cells = []
    for c, value in enumerate(row):
        ref = f"{_column(c)}{r}"
        style = ' s="1"' if r == 1 else ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            cells.append(f'<c r="{ref}"{style}><v>{value}</v></c>')
        else:
            text = escape(NOT_XML.sub("", str(value)))
            inline = f'<is><t xml:space="preserve">{text}</t></is>'
            cells.append(f'<c r="{ref}"{style} t="inlineStr">{inline}</c>')
    return f'<row r="{r}">{"".join(cells)}</row>'


def _sheet(rows: Iterable[list[Cell]]) -> Iterator[str]:
    """The worksheet's XML, row by row (the first row bold)."""
    yield TABLE_SHEET_START
    for r, row in enumerate(rows, start=1):
        yield _row_xml(r, [formula_safe(cell) for cell in row])
    yield SHEET_END


def sheet_name(title: str, used: set[str]) -> str:
    """At most 31 characters, none of []:*?/\\, unique in the workbook."""
    name = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Sheet"
    candidate, n = name, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = name[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    "</styleSheet>"
)


def xlsx_bytes(tables: list[Table | Grid]) -> bytes:
    """A workbook with one sheet per table, named by its title."""
    out = io.BytesIO()
    xlsx_write(out, [(str(table.title), table_rows(table)) for table in tables])
    return out.getvalue()


def package_parts(names: list[str]) -> list[tuple[str, str]]:
    """The parts of a workbook around its sheets (sheet i is xl/worksheets/sheet<i>.xml)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{sheet_type}"/>'
        for i in range(1, len(names) + 1)
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{overrides}</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    sheets = "".join(
        f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(names, start=1)
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>{sheets}</sheets></workbook>'
    )
    workbook_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(names) + 1)
    )
    styles_id = len(names) + 1
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{workbook_rels}"
        f'<Relationship Id="rId{styles_id}" Type="{rel}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    return [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", root_rels),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", workbook_rels),
        ("xl/styles.xml", STYLES),
    ]


def xlsx_write(target: IO[bytes], sheets: list[tuple[str, Iterable[list[Cell]]]]) -> None:
    """A workbook of the sheets (title, rows), written to `target` as the rows come: a sheet
    of any length takes no more memory than one row and the compressor's window."""
    used: set[str] = set()
    names = [sheet_name(title, used) for title, _rows in sheets]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, part in package_parts(names):
            archive.writestr(name, part)
        for i, (_title, rows) in enumerate(sheets, start=1):
            part = f"xl/worksheets/sheet{i}.xml"
            with archive.open(part, "w", force_zip64=True) as sheet:
                buffer: list[str] = []
                for piece in _sheet(rows):
                    buffer.append(piece)
                    if len(buffer) >= 500:
                        sheet.write("".join(buffer).encode("utf-8"))
                        buffer.clear()
                sheet.write("".join(buffer).encode("utf-8"))


def rows_csv_bytes(rows: Iterable[list[Cell]]) -> bytes:
    """Rows as a whole CSV file (UTF-8 with a byte-order mark)."""
    return b"".join(csv_chunks(rows))


def sheet_row(number: int, values: list[Cell]) -> str:
    """A worksheet row; the first one (the header) in bold."""
    return _row_xml(number, values)
