"""Cells of a CSV or XLSX file that a spreadsheet must not run (OWASP "CSV injection").

Every file people download and open in a spreadsheet (reports, funder exports, the breach
register, participants, the copy of a person's data) writes its text cells through
`formula_safe`: a text that starts like a formula (= + - @, a tab or a carriage return) gets a
leading apostrophe, which spreadsheets read as "this is text" and do not show. A text that is
only a number ("-3", "+1.5") runs nothing and stays as it is, and numbers stay numbers.
"""

from __future__ import annotations

import re
from typing import TypeVar

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
T = TypeVar("T")


def formula_safe(value: T) -> T | str:
    """The value, with a text that a spreadsheet would run as a formula kept as text."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value
