"""Counts shown to people agree with their nouns in every language: a number next to a noun is
the count of its `{% blocktranslate count %}` (ngettext), never a hand-made plural ("1
questions obligatoires" came from a sentence counted by one number and agreeing with another)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import bridgeway

PACKAGE = Path(bridgeway.__file__).parent
BLOCK = re.compile(
    r"{%\s*blocktrans(?:late)?\b(?P<args>[^%]*)%}(?P<body>.*?){%\s*endblocktrans", re.S
)
COUNT = re.compile(r"\bcount\s+(\w+)\s*=")
PLACEHOLDER = re.compile(r"{{\s*(\w+)\s*}}")
# Nouns that the product counts; a placeholder right before one of them must be the count.
COUNTED = (
    "answers|checks|choices|days|hours|lessons|mentees|mentors|modules|pairs|people|points|"
    "programs|questions|rows|weeks"
)
BEFORE_NOUN = re.compile(rf"{{{{\s*(\w+)\s*}}}}[ -](?:{COUNTED})\b")


def _problems(text: str) -> list[str]:
    found = []
    for block in BLOCK.finditer(text):
        count = COUNT.search(block["args"])
        counted = count.group(1) if count else None
        singular = block["body"].split("{% plural %}")[0]
        names = PLACEHOLDER.findall(singular)
        if counted and counted in names and names[0] != counted:
            found.append(f"counted by {counted} but starts with {names[0]}: {singular[:60]!r}")
        for name in BEFORE_NOUN.findall(block["body"]):
            if name != counted:
                found.append(f"{name} before a plural noun, not counted: {singular[:60]!r}")
    return found


def test_the_check_finds_the_slips_it_is_meant_for() -> None:
    assert _problems(
        "{% blocktranslate count total=t with done=d %}{{ done }} of {{ total }} question"
        "{% plural %}{{ done }} of {{ total }} questions{% endblocktranslate %}"
    )
    assert _problems(
        "{% blocktranslate with days=d %}within {{ days }} days{% endblocktranslate %}"
    )
    assert not _problems(
        "{% blocktranslate count days=d %}{{ days }} day{% plural %}{{ days }} days"
        "{% endblocktranslate %}"
    )


def test_no_template_builds_a_plural_by_hand() -> None:
    problems = [
        f"{path.relative_to(PACKAGE)}: {problem}"
        for path in sorted(PACKAGE.rglob("*"))
        if path.suffix in {".html", ".txt"} and "locale" not in path.parts
        for problem in _problems(path.read_text(encoding="utf-8"))
    ]
    assert not problems, "\n".join(problems)


SINGLE_FORM = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy"}
BEFORE_NOUN_PY = re.compile(
    rf"%\((\w+)\)[sd][ -](?:{COUNTED}|characters|enrollments|invitations)\b"
)


def _python_problems(source: str) -> list[str]:
    """A gettext call (one form only) whose text puts a number before a plural noun."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id not in SINGLE_FORM:
            continue
        for argument in node.args:
            text = argument.value if isinstance(argument, ast.Constant) else None
            if isinstance(text, str) and BEFORE_NOUN_PY.search(text):
                found.append(f"line {node.lineno}: {text[:60]!r}")
    return found


def test_the_python_check_finds_the_slips_it_is_meant_for() -> None:
    assert _python_problems('_("valid for %(days)s days")')
    assert _python_problems('gettext_lazy("%(count)d questions added")')
    assert not _python_problems('ngettext("%(count)d day", "%(count)d days", n)')
    assert not _python_problems('_("Answer %(number)s")')


def test_no_python_text_builds_a_plural_by_hand() -> None:
    problems = [
        f"{path.relative_to(PACKAGE)}: {problem}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.parts
        for problem in _python_problems(path.read_text(encoding="utf-8"))
    ]
    assert not problems, "\n".join(problems)
