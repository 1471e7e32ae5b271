"""A web process builds what its first pages would before it takes a connection
(core/warm_up.py): the URL configuration and its views, the templates, the kept queries, and
per language the addresses, the header and footer and the time zone list. A person's first
page then finds them built, and a part that fails leaves the server starting as before."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.template import engines
from django.test import Client
from django.urls import clear_url_caches, get_resolver, reverse

from bridgeway import cli
from bridgeway.core import kept_queries, time_zones
from bridgeway.core import warm_up as warming
from bridgeway.core.templatetags import site_header

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _forget_everything() -> None:
    """A process's state before its first page, as far as a test process can have it."""
    site_header._forget()
    time_zones._choices.cache_clear()
    engines["django"].engine.template_loaders[0].reset()
    clear_url_caches()
    for kept in kept_queries._EVERY:
        kept._compiled.clear()


@pytest.fixture
def fresh() -> Any:
    _forget_everything()
    yield
    _forget_everything()


def test_every_part_is_built_and_timed(fresh: None) -> None:
    timings = warming.warm_up()
    languages = [code for code, _name in settings.LANGUAGES]
    assert {"urls", "templates", "kept queries"} <= set(timings)
    assert {f"language {code}" for code in languages} <= set(timings)
    # The templates of the project's pages, compiled and kept.
    cached = engines["django"].engine.template_loaders[0].get_template_cache
    assert {"base.html", "partials/site_header.html"} <= set(cached)
    # The addresses, for each language of the site and in each namespace.
    assert set(languages) <= set(get_resolver()._reverse_dict)
    namespaced = [inner for _prefix, inner in get_resolver().namespace_dict.values()]
    assert namespaced
    assert all(set(languages) <= set(r._reverse_dict) for r in namespaced)
    # Each kept query compiled for this database: a first page compiles none.
    key = (connection.alias, connection.vendor)
    assert all(any(k[:2] == key for k in kept._compiled) for kept in kept_queries._EVERY), (
        "a kept query left to its first page"
    )
    # The header and footer in each language.
    assert site_header._constant.cache_info().currsize == 2 * len(languages)
    assert time_zones._choices.cache_info().currsize == len(languages)


def test_a_participants_first_page_draws_no_header_in_either_language(
    fresh: None, client: Client, world: SimpleNamespace
) -> None:
    warming.warm_up()
    drawn = site_header._drawn.cache_info().misses
    client.force_login(world.erin)
    for language in ("en", "fr"):
        world.erin.preferred_language = language
        world.erin.save(update_fields=["preferred_language"])
        page = client.get(reverse("core:home"))
        assert page.status_code == 200
        assert f'lang="{language}"' in page.content.decode()
    assert site_header._drawn.cache_info().misses == drawn


def test_a_part_that_fails_is_logged_and_the_rest_built(
    fresh: None, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(_language: str) -> None:
        raise RuntimeError("no zone database")

    warming.per_language(broken)
    try:
        timings = warming.warm_up()
    finally:
        warming._PER_LANGUAGE.remove(broken)
    failed = [r for r in caplog.records if r.levelname == "ERROR"]
    assert len(failed) == len(settings.LANGUAGES)
    assert "its first page will build it" in failed[0].getMessage()
    assert "no zone database" in (failed[0].exc_text or "")
    # What came after the broken part was still built.
    assert time_zones._choices.cache_info().currsize == len(settings.LANGUAGES)
    assert "kept queries" in timings


def test_warming_up_inside_an_event_loop_builds_every_part(
    fresh: None, caplog: pytest.LogCaptureFixture
) -> None:
    """Uvicorn imports the application inside its event loop when it runs several processes:
    every part is still built, the kept queries included."""

    async def imported_in_a_loop() -> dict[str, float]:
        return warming.warm_up()

    timings = asyncio.run(imported_in_a_loop())
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    assert "kept queries" in timings
    key = (connection.alias, connection.vendor)
    assert all(any(k[:2] == key for k in kept._compiled) for kept in kept_queries._EVERY)


def test_registering_twice_warms_once() -> None:
    before = list(warming._PER_LANGUAGE)
    warming.per_language(time_zones._warm)
    assert before == warming._PER_LANGUAGE


def _imported_before_any_request(warm: str | None) -> list[str]:
    """Which of the reports' and matching's view modules a fresh process has loaded once
    the ASGI module is imported (what uvicorn does before it listens)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bridgeway.config.settings_test"}
    env["PYTHONPATH"] = str(ROOT / "src")
    env.pop("BRIDGEWAY_WARM_UP", None)
    if warm is not None:
        env["BRIDGEWAY_WARM_UP"] = warm
    code = (
        "import sys, bridgeway.config.asgi\n"
        "print(*(m for m in ('bridgeway.reports.views', 'bridgeway.matching.views')"
        " if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_the_asgi_module_warms_up_only_when_serving() -> None:
    assert _imported_before_any_request("1") == [
        "bridgeway.reports.views",
        "bridgeway.matching.views",
    ]
    assert _imported_before_any_request(None) == []


def test_serve_asks_each_process_to_warm_up(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    monkeypatch.delenv("BRIDGEWAY_WARM_UP", raising=False)
    seen: dict[str, Any] = {}

    def run(app: str, **options: Any) -> None:
        seen.update(app=app, warm=os.environ.get("BRIDGEWAY_WARM_UP"), **options)

    monkeypatch.setattr(uvicorn, "run", run)
    assert cli.serve(["--workers", "2"]) == 0
    assert seen["app"] == "bridgeway.config.asgi:application"
    assert seen["warm"] == "1"
    assert seen["workers"] == 2
