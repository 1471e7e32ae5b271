"""What a web process builds on its first pages, built before it takes any connection.

Django loads the URL configuration on the first request a process serves, and with it every
view module and what those import (the reports' statistics import SciPy); it fills its table
of addresses, its date and number formats and its catalog once per language, and compiles
each template the first time a page uses it. The queries every page asks are compiled once
per process on their first use (core/kept_queries.py), and the header and footer and the
time zone list are kept per process and language. A fresh process paid two to three seconds
of CPU for these on its first pages, while the requests it had taken waited behind them
(docs/benchmarks.md, "A fresh server's first pages").

`bridgeway serve` sets `BRIDGEWAY_WARM_UP`, and the ASGI module (config/asgi.py) then calls
`warm_up()` in each web process before the server listens. What is built is the same for
every person: no row is read or written (compiling a query may open the process's connection,
closed again after). A part that fails is logged and left to the first page that needs it,
as before; the server starts either way.

Apps add what they keep per language with `per_language` (called with each language code,
its translation active).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import URLResolver, get_resolver
from django.utils import formats, translation

from bridgeway.core.kept_queries import compile_every

logger = logging.getLogger("bridgeway.warm_up")

_PER_LANGUAGE: list[Callable[[str], None]] = []

# The templates compiled ahead: the project's own (pages, parts, emails). Django's and the
# libraries' own templates (the admin's, for instance) are left to their first use.
_TEMPLATE_SUFFIXES = (".html", ".txt")


def per_language(warm: Callable[[str], None]) -> Callable[[str], None]:
    """Adds `warm` to what is built for each language (usable as a decorator)."""
    if warm not in _PER_LANGUAGE:
        _PER_LANGUAGE.append(warm)
    return warm


def _project_templates() -> list[str]:
    """The names of the templates under the project's template folders (its own and each of
    its apps')."""
    project = Path(settings.BASE_DIR).resolve()
    names: set[str] = set()
    for engine in engines.all():
        for folder in getattr(engine, "template_dirs", ()):
            root = Path(folder).resolve()
            if not root.is_relative_to(project) or not root.is_dir():
                continue
            names.update(
                path.relative_to(root).as_posix()
                for path in root.rglob("*")
                if path.suffix in _TEMPLATE_SUFFIXES and path.is_file()
            )
    return sorted(names)


def _compile_templates() -> int:
    """Each project template compiled and kept by the cached loader."""
    compiled = 0
    django_engine = engines["django"]
    for name in _project_templates():
        try:
            django_engine.get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError) as error:
            # A template of a disabled feature or a library's partial: left to its first use.
            logger.info("template not warmed: %s (%s)", name, error)
            continue
        compiled += 1
    return compiled


def _compile_kept_queries() -> None:
    opened_before = {c.alias for c in connections.all(initialized_only=True) if c.connection}
    try:
        compile_every()
    finally:
        # Compiling may have opened this thread's connection: closed again (requests use
        # their own); one that was open before is left as it was.
        for each in connections.all(initialized_only=True):
            if each.connection is not None and each.alias not in opened_before:
                each.close()


def _fill_addresses(resolver: URLResolver) -> None:
    """Django's table of addresses for the active language, and each namespace's (filled on
    the first address reversed in it)."""
    resolver.reverse_dict  # noqa: B018 - filled per language on first use
    for _prefix, inner in resolver.namespace_dict.values():
        _fill_addresses(inner)


def _warm_language(code: str) -> None:
    """Django's per-language tables: the catalog, the addresses, the formats."""
    translation.gettext("")  # loads the language's catalog
    _fill_addresses(get_resolver())
    for name in formats.FORMAT_SETTINGS:
        formats.get_format(name, code)


def _timed(timings: dict[str, float], name: str, part: Callable[[], object]) -> None:
    started = time.process_time()
    try:
        part()
    except Exception:
        logger.exception("warming up %s failed; its first page will build it", name)
    timings[name] = round((time.process_time() - started) * 1000, 1)


def warm_up() -> dict[str, float]:
    """Builds what the first pages would, for every language of the site; answers the CPU
    milliseconds each part took (of the thread that builds them).

    The parts are built in a thread of their own: with several processes uvicorn imports the
    application inside its event loop, where Django refuses database work (compiling a query
    that locks its rows opens a transaction)."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bridgeway-warm-up") as thread:
        return thread.submit(_warm_up).result()


def _warm_up() -> dict[str, float]:
    timings: dict[str, float] = {}
    # The URL configuration: every view module and its imports.
    _timed(timings, "urls", lambda: get_resolver().url_patterns)
    _timed(timings, "templates", _compile_templates)
    # The queries every page asks, compiled once per process (core/kept_queries.py): made by
    # the modules the URL configuration imported.
    _timed(timings, "kept queries", _compile_kept_queries)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            _timed(timings, f"language {code}", partial(_warm_language, code))
            for warm in _PER_LANGUAGE:
                name = f"{warm.__module__}.{warm.__qualname__} {code}"
                _timed(timings, name, partial(warm, code))
    logger.info(
        "warmed up in %.0f ms of CPU: %s",
        sum(timings.values()),
        ", ".join(f"{name} {ms:.0f}" for name, ms in timings.items()),
    )
    return timings
