"""Isolation matrix entries per app.

Each module here defines ``MATRIX`` (URL name → pairs builder or a reason string, exactly as in
tests/test_isolation.py) and may define ``extend(world, a)``, which adds agency A's objects for
that app to the namespace ``a`` (carrying ``CANARY`` in their text) so the builders can use them.
A module may also name more people of agency B to try every address as: ``B_ROLES`` (their
names) and ``b_roles(world)``, which makes them (a contact of agency B's partner employer).
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def entry_modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_")
    ]
