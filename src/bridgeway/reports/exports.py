"""A report's tables as CSV (one table) and as an XLSX workbook (one sheet per table).

XLSX is a zip of a few XML files (ECMA-376); this writes the small part of it a table needs —
inline strings and numbers, a bold header — with the standard library, instead of adding a
dependency for it."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from bridgeway.reports.figures import Grid, Table

Cell = str | int | float
# Text a spreadsheet would run as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


def _safe(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(table: Table | Grid) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheets read accents right."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in table_rows(table):
        writer.writerow([_safe(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _sheet(rows: Iterable[list[Cell]]) -> str:
    lines = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{_column(c)}{r}"
            style = ' s="1"' if r == 1 else ""
            if isinstance(value, int | float) and not isinstance(value, bool):
                cells.append(f'<c r="{ref}"{style}><v>{value}</v></c>')
            else:
                text = escape(str(value))
                inline = f'<is><t xml:space="preserve">{text}</t></is>'
                cells.append(f'<c r="{ref}"{style} t="inlineStr">{inline}</c>')
        lines.append(f'<row r="{r}">{"".join(cells)}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<cols><col min="1" max="1" width="60" customWidth="1"/>'
        '<col min="2" max="2" width="24" customWidth="1"/></cols>'
        f"<sheetData>{''.join(lines)}</sheetData></worksheet>"
    )


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
    used: set[str] = set()
    names = [sheet_name(str(table.title), used) for table in tables]
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{sheet_type}"/>'
        for i in range(1, len(tables) + 1)
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
        for i in range(1, len(tables) + 1)
    )
    styles_id = len(tables) + 1
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{workbook_rels}"
        f'<Relationship Id="rId{styles_id}" Type="{rel}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        archive.writestr("xl/styles.xml", STYLES)
        for i, table in enumerate(tables, start=1):
            rows = [[_safe(cell) for cell in row] for row in table_rows(table)]
            archive.writestr(f"xl/worksheets/sheet{i}.xml", _sheet(rows))
    return out.getvalue()
