"""Every user-facing string is translated in English and French, and adding a language needs no
code: the French catalog is complete, compiled, and matches the strings in the code."""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

import bridgeway

PACKAGE = Path(bridgeway.__file__).parent
PO = PACKAGE / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
ENTRY = re.compile(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$')


def parse_po(path: Path) -> list[dict[str, str]]:
    """Entries of a .po file as {keyword: text}, with their flags under "flags"."""
    entries: list[dict[str, str]] = []
    current: dict[str, str] = {}
    key = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current:
                entries.append(current)
            current, key = {}, ""
        elif line.startswith("#,"):
            current["flags"] = line
        elif line.startswith("#"):
            continue
        elif match := ENTRY.match(line):
            key = match.group(1)
            current[key] = match.group(2)
        elif line.startswith('"') and key:
            current[key] += line[1:-1]
    return entries


def _unescape(text: str) -> str:
    """A msgid as the code writes it: the .po file escapes quotes, backslashes and newlines."""
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def test_every_french_string_is_translated_and_none_is_fuzzy() -> None:
    entries = [e for e in parse_po(PO) if e.get("msgid")]
    untranslated = [
        e["msgid"] for e in entries if not any(v for k, v in e.items() if k.startswith("msgstr"))
    ]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e.get("flags", "")]
    assert entries
    assert not untranslated, untranslated
    assert not fuzzy, fuzzy


def test_the_compiled_catalog_holds_every_string() -> None:
    with MO.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    for entry in parse_po(PO):
        if entry.get("msgid") and "msgid_plural" not in entry:
            assert catalog.gettext(_unescape(entry["msgid"])) != _unescape(entry["msgid"]) or (
                entry["msgstr"] == entry["msgid"]
            ), entry["msgid"]


def test_the_catalog_matches_the_strings_in_the_code(tmp_path: Path) -> None:
    if not shutil.which("xgettext"):
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext is required in CI to check the translation catalog")
        pytest.skip("GNU gettext is not installed")
    copy = tmp_path / "bridgeway"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "fr", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bridgeway.config.settings_test"},
    )
    fresh = {
        e["msgid"] for e in parse_po(copy / "locale/fr/LC_MESSAGES/django.po") if e.get("msgid")
    }
    committed = {e["msgid"] for e in parse_po(PO) if e.get("msgid")}
    assert fresh - committed == set(), "run `make messages` and translate the new strings"


@pytest.mark.django_db
def test_a_visitor_switches_the_pages_to_french(client: Client) -> None:
    response = client.post(reverse("accounts:set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    page = client.get("/")
    assert b'lang="fr"' in page.content
    assert b"Trouvez un mentor, ou devenez-en un" in page.content


@pytest.mark.django_db
def test_the_switcher_remembers_the_language_on_the_account(
    client: Client, mallory: object
) -> None:
    client.force_login(mallory)  # type: ignore[arg-type]
    client.post(
        reverse("accounts:set_language"), {"language": "fr", "next": "https://evil.example/"}
    )
    mallory.refresh_from_db()  # type: ignore[attr-defined]
    assert mallory.preferred_language == "fr"  # type: ignore[attr-defined]
    page = client.get(reverse("core:dashboard"))
    assert b"Tableau de bord" in page.content
