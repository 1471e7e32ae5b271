"""axe on the recognition pages (docs/reports.md, "Recognition"), in English and French at the
two widths of tests/e2e/test_accessibility.py: the public verification page (a genuine code, an
unknown one), a mentor's recognition page (with the letter form sent empty) and the program's
recognition page for its coordinator, all with the demo's mentor Daniel."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.e2e.browser import (
    email,
)
from tests.e2e.test_accessibility import SUBMIT, Visit, _problems_signed_in

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
    found = _problems_signed_in(new_page, who, visits, ids)
    assert not found, f"problems on the recognition pages for the {role}:\n" + "\n".join(found)
