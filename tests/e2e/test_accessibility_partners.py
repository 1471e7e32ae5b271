"""axe on the partner pages (docs/reports.md, "Corporate partners"), in English and French at the
two widths of tests/e2e/test_accessibility.py, with the demo's Northern Engineering Ltd.: its
contact's page of figures and letters (and a period with an error), the invitation a contact
accepts, a mentor's page about their employer (a request waiting, and the form sent empty),
and the staff's pages — the agency's partners (the form sent empty), one partner with its
contacts, links and suggestions, and the network's partners."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.e2e.browser import (
    email,
)
from tests.e2e.test_accessibility import SUBMIT, Visit, _problems_signed_in

pytestmark = pytest.mark.e2e

PARTNER_ROLES: dict[str, tuple[str, list[Visit]]] = {
    "partner contact": (
        "partner.laura",
        [
            Visit("the partner's figures and letters", lambda ids: f"/partner/{ids.partner}/"),
            Visit(
                "the partner's figures, a period that ends before it starts",
                lambda ids: f"/partner/{ids.partner}/?start=2026-05-01&end=2026-01-01",
            ),
            Visit("the dashboard of a partner contact", "/dashboard/"),
        ],
    ),
    "invited contact": (
        "mentor.kwame",
        [Visit("an invitation to be a partner contact", lambda ids: f"/partner/join/{ids.token}/")],
    ),
    "mentor waiting": ("mentor.fatima", [Visit("my employer, a request waiting", "/my/employer/")]),
    "mentor": (
        "mentor.sophie",
        [
            Visit("my employer", "/my/employer/"),
            Visit("naming an employer with nothing chosen", "/my/employer/", submit=SUBMIT),
        ],
    ),
    "admin": (
        "maple.admin",
        [
            Visit("the agency's partner employers", "/manage/maple/partners/"),
            Visit("adding a partner with nothing filled", "/manage/maple/partners/", submit=SUBMIT),
            Visit("a partner employer", lambda ids: f"/manage/partners/{ids.partner}/"),
        ],
    ),
    "network admin": ("network", [Visit("the network's partner employers", "/network/partners/")]),
}


@pytest.mark.parametrize("role", list(PARTNER_ROLES))
def test_every_partner_page_has_no_axe_violation(demo, new_page, role):
    from bridgeway.demo.partners import demo_partners
    from bridgeway.demo.recognition import demo_recognition
    from bridgeway.demo.reports import demo_reports
    from bridgeway.reports.partners.models import Partner, PartnerContact

    demo_reports()
    demo_recognition()
    demo_partners()
    partner = Partner.objects.get(name="Northern Engineering Ltd.")
    invited = PartnerContact.objects.create(
        partner=partner, email=email("mentor.kwame"), name="Kwame Mensah"
    )
    ids = SimpleNamespace(partner=partner.pk, token=invited.token)
    who, visits = PARTNER_ROLES[role]
    found = _problems_signed_in(new_page, who, visits, ids)
    assert not found, f"problems on the partner pages for the {role}:\n" + "\n".join(found)
