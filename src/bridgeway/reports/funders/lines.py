"""Where each key of a mapping file is written, so that a problem names its line.

tomllib gives positions for syntax errors only. This reads the file's lines the simple way a
person writes a mapping: table headers ([mapping], [[columns]], [columns.values]) and `key =`
lines, skipping the inside of multi-line strings. A key it cannot place (written some rarer way)
falls back to the line of its table's header."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-\s]+?)\s*\]\s*(#.*)?$")
_ARRAY = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\-\s]+?)\s*\]\]\s*(#.*)?$")
_KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_\-]+))\s*[.=]""")
_MULTILINE = re.compile(r'"""|\'\'\'')

Section = tuple[str, int]  # ("mapping", 0), ("columns", 2), or ("", 0) for the top level


@dataclass
class KeyLines:
    keys: dict[Section, dict[str, int]] = field(default_factory=dict)
    headers: dict[Section, int] = field(default_factory=dict)

    def line_of(self, section: Section, key: str) -> int | None:
        """The line of `key` in the section; else the section's header; else None."""
        found = self.keys.get(section, {}).get(key)
        if found is None and section[0] == "columns":
            # A column's `values` written as its own [columns.values] table.
            found = self.headers.get(("columns.values", section[1]))
            found = found if key == "values" else None
        return found if found is not None else self.headers.get(section)


def key_lines(text: str) -> KeyLines:
    lines = KeyLines()
    section: Section = ("", 0)
    columns = -1
    in_string = False
    for number, line in enumerate(text.splitlines(), start=1):
        quotes = len(_MULTILINE.findall(line))
        if in_string:
            in_string = quotes % 2 == 0
            continue
        array, table = _ARRAY.match(line), _TABLE.match(line)
        if array:
            name = re.sub(r"\s+", "", array.group(1))
            if name == "columns":
                columns += 1
            section = (name, columns if name == "columns" else 0)
            lines.headers.setdefault(section, number)
        elif table:
            name = re.sub(r"\s+", "", table.group(1))
            section = (name, columns if name.startswith("columns.") else 0)
            lines.headers.setdefault(section, number)
        else:
            key = _KEY.match(line)
            if key:
                name = key.group(1) or key.group(2) or key.group(3)
                lines.keys.setdefault(section, {}).setdefault(name, number)
        in_string = quotes % 2 == 1
    return lines
