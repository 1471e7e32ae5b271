"""JSON parsing that remembers the line of every value, so spec errors can name a line."""

from __future__ import annotations

import json
import re
from typing import Any

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_LITERALS = {"true": True, "false": False, "null": None}

Path = tuple[str | int, ...]


def path_text(path: Path) -> str:
    """`("criteria", 2, "weight")` -> `criteria[2].weight`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: dict[Path, int] = {}

    def line_at(self, pos: int) -> int:
        return self.text.count("\n", 0, pos) + 1

    def fail(self, message: str, pos: int) -> json.JSONDecodeError:
        return json.JSONDecodeError(message, self.text, pos)

    def skip(self, pos: int) -> int:
        match = _WS.match(self.text, pos)
        return match.end() if match else pos

    def value(self, pos: int, path: Path) -> tuple[Any, int]:
        pos = self.skip(pos)
        self.lines[path] = self.line_at(pos)
        if pos >= len(self.text):
            raise self.fail("Expecting value", pos)
        char = self.text[pos]
        if char == "{":
            return self.obj(pos + 1, path)
        if char == "[":
            return self.array(pos + 1, path)
        if char == '"':
            return json.decoder.scanstring(self.text, pos + 1)  # type: ignore[attr-defined,no-any-return]
        for word, literal in _LITERALS.items():
            if self.text.startswith(word, pos):
                return literal, pos + len(word)
        match = _NUMBER.match(self.text, pos)
        if match:
            number = match.group()
            is_float = any(c in number for c in ".eE")
            return (float(number) if is_float else int(number)), match.end()
        raise self.fail("Expecting value", pos)

    def obj(self, pos: int, path: Path) -> tuple[dict[str, Any], int]:
        result: dict[str, Any] = {}
        pos = self.skip(pos)
        if self.text.startswith("}", pos):
            return result, pos + 1
        while True:
            pos = self.skip(pos)
            if not self.text.startswith('"', pos):
                raise self.fail("Expecting property name enclosed in double quotes", pos)
            key, pos = json.decoder.scanstring(self.text, pos + 1)  # type: ignore[attr-defined]
            pos = self.skip(pos)
            if not self.text.startswith(":", pos):
                raise self.fail("Expecting ':' delimiter", pos)
            result[key], pos = self.value(pos + 1, (*path, key))
            pos = self.skip(pos)
            if self.text.startswith("}", pos):
                return result, pos + 1
            if not self.text.startswith(",", pos):
                raise self.fail("Expecting ',' delimiter", pos)
            pos += 1

    def array(self, pos: int, path: Path) -> tuple[list[Any], int]:
        result: list[Any] = []
        pos = self.skip(pos)
        if self.text.startswith("]", pos):
            return result, pos + 1
        while True:
            item, pos = self.value(pos, (*path, len(result)))
            result.append(item)
            pos = self.skip(pos)
            if self.text.startswith("]", pos):
                return result, pos + 1
            if not self.text.startswith(",", pos):
                raise self.fail("Expecting ',' delimiter", pos)
            pos += 1


def loads_with_lines(text: str) -> tuple[Any, dict[str, int]]:
    """Parse JSON text; also return the line of each value keyed by its dotted path.

    Raises json.JSONDecodeError (with lineno) for text that is not JSON.
    """
    parser = _Parser(text)
    value, pos = parser.value(0, ())
    pos = parser.skip(pos)
    if pos != len(text):
        raise parser.fail("Extra data", pos)
    return value, {path_text(p): line for p, line in parser.lines.items()}


def line_for(lines: dict[str, int], field: str | None) -> int | None:
    """The line of `field`, or of its nearest enclosing value that has one."""
    while field:
        if field in lines:
            return lines[field]
        cut = max(field.rfind("."), field.rfind("["))
        field = field[:cut] if cut > 0 else ""
    return lines.get("")
