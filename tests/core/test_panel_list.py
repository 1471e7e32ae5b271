"""The dashboard panels and the to-do list are listed in one place (settings), in their order."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from bridgeway.core.dashboard import panels, todo_sources
from bridgeway.learning.panels import enrollment_training_panel
from bridgeway.matching.panels import staff_declines_panel
from bridgeway.matching.panels import todo as matching_todo
from bridgeway.privacy.consent.panels import staff_consents_panel
from bridgeway.privacy.exports.panels import staff_panel
from bridgeway.programs.delivery_views import deliveries_panel
from bridgeway.programs.screening.panels import enrollment_panel as screening_panel
from bridgeway.programs.screening.panels import todo as screening_todo


def test_panels_come_from_the_settings_list_in_its_order() -> None:
    listed = panels()
    enrollment = [p.context for p in listed if p.kind == "enrollment"]
    # Screening first: what a person must still do comes before what is on offer.
    assert enrollment[0] is screening_panel
    assert enrollment_training_panel in enrollment
    assert [p.context for p in listed if p.kind == "staff_enrollment"] == [
        staff_declines_panel,
        deliveries_panel,
        staff_panel,
        staff_consents_panel,
    ]
    assert {p.kind for p in listed} == {"enrollment", "agency", "staff_enrollment"}


def test_todo_sources_come_from_the_settings_list_in_its_order() -> None:
    sources = todo_sources()
    assert sources[0] is screening_todo
    assert sources[2] is matching_todo


def test_an_app_without_panels_listed_shows_none() -> None:
    with override_settings(BRIDGEWAY_PANELS=[], BRIDGEWAY_TODO_SOURCES=[]):
        assert panels() == []
        assert todo_sources() == []


def test_a_mistyped_panel_kind_is_refused_by_name() -> None:
    entry = ("enrolment", "x.html", "bridgeway.matching.panels.staff_declines_panel")
    with (
        override_settings(BRIDGEWAY_PANELS=[entry]),
        pytest.raises(ImproperlyConfigured, match="enrolment"),
    ):
        panels()
