"""Every landmark of the agency pages has a name of its own (axe's landmark-unique): a
screen-reader user who lists landmarks can tell each one apart. A fast check of the rendered
HTML; the browser tests run axe itself."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.core.services import audit_record
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

ROLES = {"header": "banner", "footer": "contentinfo", "main": "main", "nav": "navigation"}
NAMED_ROLES = {"section": "region", "form": "form", "aside": "complementary"}
VOID = {"br", "img", "input", "meta", "link", "hr", "source", "col", "area", "wbr"}


class Landmarks(HTMLParser):
    """(role, name) of each landmark; names from aria-label or the text of aria-labelledby."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []  # role, aria-label, labelledby id
        self.texts: dict[str, list[str]] = {}
        self.open_ids: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        role = a.get("role") or ROLES.get(tag)
        if role is None and tag in NAMED_ROLES and ("aria-label" in a or "aria-labelledby" in a):
            role = NAMED_ROLES[tag]
        if role in {"banner", "contentinfo", "main", "navigation", "region", "form", "search"}:
            self.found.append((role, a.get("aria-label", ""), a.get("aria-labelledby", "")))
        if tag not in VOID:
            self.open_ids.append(a.get("id"))
            if a.get("id"):
                self.texts[a["id"]] = []

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.open_ids:
            self.open_ids.pop()

    def handle_data(self, data: str) -> None:
        for element_id in self.open_ids:
            if element_id:
                self.texts[element_id].append(data)

    def names(self) -> list[tuple[str, str]]:
        return [
            (role, (label or " ".join("".join(self.texts.get(ref, [])).split())).strip())
            for role, label, ref in self.found
        ]


def duplicates(html: str) -> list[tuple[str, str]]:
    parser = Landmarks()
    parser.feed(html)
    return [landmark for landmark, n in Counter(parser.names()).items() if n > 1]


def test_the_agency_pages_name_every_landmark_once(client: Client, world: SimpleNamespace) -> None:
    for _number in range(60):  # two pages of audit log: the pagination shows
        audit_record(actor=world.alice, organization=world.agency_a, action="program.update")
    MembershipFactory(organization=world.agency_b, person=world.alice, role="coordinator")
    client.force_login(world.alice)
    for name in ("agency_overview", "agency_staff", "agency_settings", "agency_audit"):
        response = client.get(reverse(f"core:{name}", args=["agency-a"]))
        assert response.status_code == 200, name
        assert duplicates(response.content.decode()) == [], name
    for url in (
        reverse("screening:queue", args=["agency-a"]),
        reverse("intake:referral_list", args=["agency-a"]),
    ):
        assert duplicates(client.get(url).content.decode()) == [], url
    page = client.get(reverse("core:agency_overview", args=["agency-a"])).content.decode()
    assert 'aria-label="Agency A: staff pages"' in page
    # Staff of two agencies see two to-do lists on their dashboard, each named for its agency.
    assert duplicates(client.get(reverse("core:dashboard")).content.decode()) == []


def test_the_check_finds_two_landmarks_of_one_name() -> None:
    html = '<nav aria-label="Pages"></nav><main></main><nav aria-label="Pages"></nav>'
    assert duplicates(html) == [("navigation", "Pages")]
