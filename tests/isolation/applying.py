"""Isolation entries for a participant's own application pages: agency A's enrollment answers
every role of agency B exactly like an enrollment that does not exist."""

from __future__ import annotations

from tests.isolation._shared import Entry, pk_of

MATRIX: dict[str, Entry] = {
    "programs:applied": pk_of("enrollment"),
}
