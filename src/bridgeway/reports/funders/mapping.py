"""A funder mapping file (TOML) read into a `Mapping`, or refused with every problem it has,
each naming its line and its field.

    [mapping]
    funder = "IRCC"
    name = "iCARE-style client profile"
    key = "icare-client-profile"
    version = 1
    rows = "participant"            # participant | relationship | meeting

    [[columns]]
    header = "Date of Birth"
    source = "intake.answer:date_of_birth"
    type = "date"
    format = "%Y-%m-%d"
    required = true

docs/reports.md ("Funder exports") is the reference of every key. tomllib reports where a
syntax error is; for the rest, `key_lines` finds the line where a key is written."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from bridgeway.reports.funders import rules
from bridgeway.reports.funders.catalogue import UNITS, answer_key
from bridgeway.reports.funders.lines import KeyLines, key_lines

MAX_BYTES = 256 * 1024
MAX_COLUMNS = 200
ROLES = ("mentee", "mentor", "any")
INCLUDE = ("served", "enrolled")
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
MAPPING_KEYS = {
    "funder", "name", "key", "version", "rows", "role", "include", "description",
}  # fmt: skip
COLUMN_KEYS = {
    "header", "source", "value", "type", "required", "default", "format", "decimals", "min",
    "max", "max_length", "pattern", "values", "unmapped", "separator", "case", "language", "note",
}  # fmt: skip
Scalar = str | int | float


@dataclass(frozen=True)
class MappingProblem:
    line: int | None
    field: str  # "version", or a column's key: "source"
    message: str
    column: str = ""  # 'column 3, “Date of Birth”'

    def __str__(self) -> str:
        where = _("line %(line)d") % {"line": self.line} if self.line else _("the file")
        place = f"{self.column}, {self.field}" if self.column else self.field
        return f"{where}: {place}: {self.message}" if place else f"{where}: {self.message}"


class MappingInvalid(Exception):
    def __init__(self, problems: list[MappingProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Column:
    header: str
    source: str = ""
    value: Scalar | None = None
    type: str = "text"
    required: bool = False
    default: Scalar | None = None
    format: str = "%Y-%m-%d"
    decimals: int = 2
    minimum: Scalar | None = None
    maximum: Scalar | None = None
    max_length: int | None = None
    pattern: re.Pattern[str] | None = None
    values: dict[str, Scalar] = field(default_factory=dict)
    unmapped: str = "invalid"
    separator: str = "; "
    case: str = ""
    language: str = "en"
    note: str = ""


@dataclass(frozen=True)
class Mapping:
    funder: str
    name: str
    key: str
    version: int
    rows: str
    columns: tuple[Column, ...]
    text: str
    role: str = "mentee"
    include: str = "served"
    description: str = ""

    @property
    def ref(self) -> str:
        """How addresses, the API and the command line name it: "icare-client-profile-v1"."""
        return f"{self.key}-v{self.version}"

    def question_keys(self) -> list[str]:
        """The program questions the mapping reads, in column order."""
        keys = [answer_key(column.source) for column in self.columns]
        return list(dict.fromkeys(key for key in keys if key))


class _Reader:
    """Collects every problem of one file, each with the line of the key it concerns."""

    def __init__(self, lines: KeyLines) -> None:
        self.lines = lines
        self.problems: list[MappingProblem] = []

    def add(self, section: tuple[str, int], key: str, message: str, column: str = "") -> None:
        line = self.lines.line_of(section, key)
        self.problems.append(MappingProblem(line, key, message, column))


def mapping_parse(text: str) -> Mapping:
    """The mapping a file describes; raises MappingInvalid listing every problem found."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise MappingInvalid(
            [MappingProblem(None, "", _("The file is larger than 256 KB: is it a mapping?"))]
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise MappingInvalid([_syntax_problem(str(error))]) from None
    reader = _Reader(key_lines(text))
    head = _head(data, reader)
    columns = _columns(data, reader, head.get("rows", ""))
    for key in sorted(set(data) - {"mapping", "columns"}):
        reader.problems.append(
            MappingProblem(
                reader.lines.line_of(("", 0), key),
                key,
                _("Unknown table or key: a mapping has [mapping] and [[columns]] only."),
            )
        )
    if reader.problems:
        raise MappingInvalid(sorted(reader.problems, key=lambda p: p.line or 0))
    return Mapping(columns=tuple(columns), text=text, **head)


def _syntax_problem(detail: str) -> MappingProblem:
    found = re.search(r"at line (\d+)", detail)
    line = int(found.group(1)) if found else None
    return MappingProblem(
        line, "", _("This is not valid TOML (%(detail)s).") % {"detail": detail.split(" (")[0]}
    )


def _head(data: dict[str, Any], reader: _Reader) -> dict[str, Any]:
    here = ("mapping", 0)
    table = data.get("mapping")
    if not isinstance(table, dict):
        reader.add(("", 0), "mapping", _("The file needs a [mapping] table: see the reference."))
        return {}
    for key in sorted(set(table) - MAPPING_KEYS):
        reader.add(here, key, _("Unknown key in [mapping]; check its spelling."))
    head: dict[str, Any] = {}
    for key in ("funder", "name"):
        value = table.get(key)
        if not isinstance(value, str) or not value.strip() or len(value) > 120:
            reader.add(here, key, _("Give a text of 1 to 120 characters."))
        else:
            head[key] = value.strip()
    key = table.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        reader.add(
            here, "key", _("Give a short name of lowercase letters, digits and dashes: icare-cc.")
        )
    else:
        head["key"] = key
    version = table.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= 9999:
        reader.add(here, "version", _("Give a whole number from 1 to 9999."))
    else:
        head["version"] = version
    choices = {"rows": UNITS, "role": ROLES, "include": INCLUDE}
    for key, allowed in choices.items():
        value = table.get(key, None if key == "rows" else allowed[0])
        if value not in allowed:
            reader.add(
                here, key, _("Choose one of: %(choices)s.") % {"choices": ", ".join(allowed)}
            )
        else:
            head[key] = value
    for key in ("role", "include"):
        if key in table and head.get("rows") not in (None, "participant"):
            reader.add(here, key, _("Only rows of one participant choose this."))
    description = table.get("description", "")
    if not isinstance(description, str):
        reader.add(here, "description", _("Give a text."))
    else:
        head["description"] = description.strip()
    return head


def _columns(data: dict[str, Any], reader: _Reader, unit: str) -> list[Column]:
    tables = data.get("columns")
    if not isinstance(tables, list) or not tables:
        reader.add(("", 0), "columns", _("The file needs at least one [[columns]] table."))
        return []
    if len(tables) > MAX_COLUMNS:
        reader.add(("columns", 0), "columns", _("A mapping has at most 200 columns."))
        return []
    columns: list[Column] = []
    seen: dict[str, int] = {}
    for index, table in enumerate(tables):
        if not isinstance(table, dict):
            reader.add(("", 0), "columns", _("Each column is a [[columns]] table."))
            continue
        header = table.get("header")
        if isinstance(header, str) and header.strip():
            earlier = seen.setdefault(header.strip().casefold(), index + 1)
            if earlier != index + 1:
                reader.add(
                    ("columns", index),
                    "header",
                    _("Column %(n)d has the same header.") % {"n": earlier},
                    _name(index, header),
                )
        column = _column(table, index, reader, unit)
        if column is not None:
            columns.append(column)
    return columns


def _name(index: int, header: Any) -> str:
    if isinstance(header, str) and header.strip():
        return _("column %(n)d, “%(header)s”") % {"n": index + 1, "header": header.strip()}
    return _("column %(n)d") % {"n": index + 1}


def _column(table: dict[str, Any], index: int, reader: _Reader, unit: str) -> Column | None:
    here, name = ("columns", index), _name(index, table.get("header"))
    before = len(reader.problems)

    def problem(key: str, message: str) -> None:
        reader.add(here, key, message, name)

    for key in sorted(set(table) - COLUMN_KEYS):
        problem(key, _("Unknown key in a column; check its spelling."))
    header = table.get("header")
    if not isinstance(header, str) or not header.strip() or len(header) > 100:
        problem("header", _("Give the column's header: a text of 1 to 100 characters."))
    fields = rules.column_fields(table, unit, problem)
    if len(reader.problems) > before or not isinstance(header, str):
        return None
    return Column(header=header.strip(), **fields)
