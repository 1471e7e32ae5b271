"""A funder export leaves the sensitive fields of a person who withdrew that consent empty."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bridgeway.privacy.consent.models import Consent, Purpose
from bridgeway.privacy.consent.services import consent_withdraw
from bridgeway.reports.funders.catalogue import SOURCES
from bridgeway.reports.funders.rows import Selection, rows
from bridgeway.reports.funders.selectors import mapping_get
from tests.reports.funders.conftest import known, march  # noqa: F401 - the funders' network

pytestmark = pytest.mark.django_db


def _needs(selection: Selection, agency: object, name: str) -> list[str]:
    mapping = mapping_get(organization=agency, ref="icare-client-profile-v1").usable
    read = SOURCES["person.accessibility_needs"].read
    [found] = [read(row) for row in rows(mapping, selection) if row.enrollment.person.name == name]
    return list(found)


def test_accessibility_needs_leave_the_export_once_withdrawn(
    known: SimpleNamespace,  # noqa: F811
    march: Selection,  # noqa: F811
    agency_a: object,
) -> None:
    person = known.amina.person
    person.accessibility_needs = ["captions"]
    person.save(update_fields=["accessibility_needs"])
    assert _needs(march, agency_a, "Amina") == ["captions"]
    consent_withdraw(person=person, purpose=Purpose.SENSITIVE, source=Consent.Source.PAGE)
    assert _needs(march, agency_a, "Amina") == []
