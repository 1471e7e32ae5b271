"""axe on the privacy pages (docs/privacy.md), in English and French at the two widths of
tests/e2e/test_accessibility.py: a mentee's consents and the question asked again after a text
changed (sent without answers too), a participant's consents for the coordinator, the breach
register of an agency's admin (the register, a record, the form sent empty) and the network
admin's consent texts and register."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.e2e.browser import (
    email,
)
from tests.e2e.test_accessibility import SUBMIT, Visit, _problems_signed_in

pytestmark = pytest.mark.e2e

PRIVACY_ROLES: dict[str, tuple[str, list[Visit]]] = {
    "mentee": (
        "mentee.yara",
        [
            Visit("what you agreed to", "/account/consents/"),
            Visit("a text changed: asked again", "/account/consents/review/"),
            Visit(
                "a text changed, sent without answers", "/account/consents/review/", submit=SUBMIT
            ),
        ],
    ),
    "mentee who withdrew texts": (
        "mentee.jose",
        [
            Visit(
                "notification preferences, texting consent offered", "/notifications/preferences/"
            ),
            Visit(
                "texts chosen without the consent",
                "/notifications/preferences/",
                fill=(("#id_phone", "+1 514 555 0134"),),
                check=("#id_sms",),
                submit=SUBMIT,
            ),
        ],
    ),
    "coordinator": (
        "maple.coordinator",
        [
            Visit(
                "a participant's consents", lambda ids: f"/manage/enrollments/{ids.yara}/consents/"
            ),
        ],
    ),
    "admin": (
        "maple.admin",
        [
            Visit("the breach register", "/manage/maple/privacy/breaches/"),
            Visit("a breach record", lambda ids: f"/manage/privacy/breaches/{ids.breach}/"),
            Visit("recording a breach", "/manage/maple/privacy/breaches/new/"),
            Visit(
                "recording a breach with nothing filled",
                "/manage/maple/privacy/breaches/new/",
                submit=SUBMIT,
            ),
            Visit(
                "correcting a breach record",
                lambda ids: f"/manage/privacy/breaches/{ids.breach}/edit/",
            ),
        ],
    ),
    "network admin": (
        "network",
        [
            Visit("consent texts", "/manage/network/consent-texts/"),
            Visit(
                "publishing a consent text with nothing filled",
                "/manage/network/consent-texts/",
                submit=SUBMIT,
            ),
            Visit("the network's breach register", "/manage/network/privacy/breaches/"),
        ],
    ),
}


@pytest.mark.parametrize("role", list(PRIVACY_ROLES))
def test_every_privacy_page_has_no_axe_violation(demo, new_page, role):
    from bridgeway.accounts.models import Person
    from bridgeway.demo.privacy import demo_privacy
    from bridgeway.privacy.breaches.models import Breach
    from bridgeway.privacy.consent.models import Purpose
    from bridgeway.privacy.consent.services import purpose_text_publish
    from bridgeway.programs.models import Enrollment

    demo_privacy()
    purpose_text_publish(
        purpose=Purpose.MATCHING_PROFILE,
        text={
            "en": "Your profile is also shown to the mentors of partner agencies.",
            "fr": "Votre profil est aussi montré aux mentors des organismes partenaires.",
        },
        meaning_changed=True,
        by=Person.objects.get(email=email("network")),
    )
    ids = SimpleNamespace(
        yara=Enrollment.objects.filter(person__email=email("mentee.yara")).first().pk,
        breach=Breach.objects.filter(organization__slug="maple").first().pk,
    )
    who, visits = PRIVACY_ROLES[role]
    found = _problems_signed_in(new_page, who, visits, ids)
    assert not found, f"problems on the privacy pages for the {role}:\n" + "\n".join(found)
