"""What the per-app matrix modules share with tests/test_isolation.py."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

CANARY = "canary-a-zq7x"
MISSING = 987654321
NO_IDS = "no object id in the address: checked for leaks only"

Pair = tuple[dict[str, Any], dict[str, Any]]
Entry = Callable[[SimpleNamespace], list[Pair]] | str


def pk_of(attr: str, name: str = "pk") -> Callable[[SimpleNamespace], list[Pair]]:
    """Agency A's object `a.<attr>` against an id that does not exist, under URL kwarg `name`."""
    return lambda a: [({name: getattr(a, attr).pk}, {name: MISSING})]
