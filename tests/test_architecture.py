"""The layers stay where docs/architecture.md puts them: `core` (with `accounts`, the user
model, and `notifications`, the outbox and timers every app writes to) is the ground floor and
imports no app built on it; views and API modules read and
write through selectors and services, never `Model.objects` themselves."""

from __future__ import annotations

import ast
from pathlib import Path

import bridgeway

PACKAGE = Path(bridgeway.__file__).parent
GROUND_FLOOR = {"core", "accounts", "notifications"}


def _sources(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "migrations" not in p.parts)


def _runtime_imports(tree: ast.Module) -> list[tuple[int, str]]:
    """Modules imported outside `if TYPE_CHECKING:` blocks (those are only for type hints)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return found


def test_core_imports_no_app_built_on_it() -> None:
    upward = []
    for path in [p for floor in sorted(GROUND_FLOOR) for p in _sources(PACKAGE / floor)]:
        for line, module in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            parts = module.split(".")
            if parts[0] == "bridgeway" and len(parts) > 1 and parts[1] not in GROUND_FLOOR:
                upward.append(f"{path.relative_to(PACKAGE)}:{line} imports {module}")
    assert not upward, "the ground floor must not import the apps built on it:\n" + "\n".join(
        upward
    )


def _is_view_or_api(path: Path) -> bool:
    return path.name in {"views.py", "api.py"} or path.name.endswith("_views.py")


def test_views_and_api_modules_never_query_models_directly() -> None:
    direct = []
    for path in _sources(PACKAGE):
        if not _is_view_or_api(path):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "objects":
                direct.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {ast.unparse(node)}")
    assert not direct, "use a selector or a service instead of:\n" + "\n".join(direct)
