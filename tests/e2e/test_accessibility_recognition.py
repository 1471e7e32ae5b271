"""axe on the recognition pages (docs/reports.md, "Recognition"), in English and French at the
two widths of tests/e2e/test_accessibility.py: the public verification page (a genuine code, an
unknown one), a mentor's recognition page (with the letter form sent empty) and the program's
recognition page for its coordinator, all with the demo's mentor Daniel."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.e2e.browser import (
    TWO_STEP_FORM,
    answer_two_step,
    email,
    submit_credentials,
    switch_language,
)
from tests.e2e.test_accessibility import SUBMIT, Visit, _visit

pytestmark = pytest.mark.e2e

RECOGNITION_ROLES: dict[str, tuple[str, list[Visit]]] = {
    "signed out": (
        "",
        [
            Visit("the verification form", "/verify/"),
            Visit("a genuine certificate", lambda ids: f"/verify/{ids.code}/"),
            Visit("an unknown code", "/verify/ABCDEFGHJK/", status=404),
        ],
    ),
    "mentor": (
        "mentor.daniel",
        [
            Visit("my recognition", "/recognition/"),
            Visit("asking for a letter with nothing filled", "/recognition/", submit=SUBMIT),
        ],
    ),
    "coordinator": (
        "maple.coordinator",
        [
            Visit(
                "a program's recognition page",
                lambda ids: f"/manage/programs/{ids.program}/recognition/",
            )
        ],
    ),
}


@pytest.mark.parametrize("role", list(RECOGNITION_ROLES))
def test_every_recognition_page_has_no_axe_violation(demo, new_page, role):
    from bridgeway.demo.recognition import demo_recognition
    from bridgeway.reports.recognition.models import Certificate

    demo_recognition()
    certificate = Certificate.objects.get(enrollment__person__email=email("mentor.daniel"))
    ids = SimpleNamespace(code=certificate.code_shown, program=certificate.program_id)
    who, visits = RECOGNITION_ROLES[role]
    page = new_page(language="fr")
    if who:
        address = email(who)
        submit_credentials(page, address, "")
        if TWO_STEP_FORM in page.url:
            answer_two_step(page, address)
        assert "/accounts/login/" not in page.url, f"{address} could not sign in"
    found = []
    for language in ("en", "fr"):
        page.goto("/")
        switch_language(page, language)
        for visit in visits:
            found += [f"[{language}] {problem}" for problem in _visit(page, visit, ids)]
    assert not found, f"problems on the recognition pages for the {role}:\n" + "\n".join(found)
