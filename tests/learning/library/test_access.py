"""Who sees which resource: the scope (network, agency, program) and the audience, the same
rule as the community's spaces."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bridgeway.learning.library import services
from bridgeway.learning.library.access import resources_listed, resources_managed
from bridgeway.programs.models import Enrollment
from tests.learning.library.conftest import titles

pytestmark = pytest.mark.django_db


def test_a_mentee_sees_the_network_agency_and_program_resources_of_her_audience(
    world: SimpleNamespace, resources: SimpleNamespace
) -> None:
    assert titles(resources_listed(world.erin)) == {"Welcome to Canada", "Agency A guide"}
    assert titles(resources_listed(world.frank)) == {
        "Welcome to Canada",
        "Agency A guide",
        "Mentoring tips",
    }


def test_alumni_see_alumni_resources_and_people_who_left_see_nothing(
    world: SimpleNamespace, resources: SimpleNamespace
) -> None:
    Enrollment.objects.filter(person=world.erin).update(status="alumni")
    assert "Alumni news" in titles(resources_listed(world.erin))
    Enrollment.objects.filter(person=world.erin).update(status="withdrawn")
    assert titles(resources_listed(world.erin)) == set()
    assert titles(resources_listed(world.mallory)) == set()


def test_staff_manage_their_agency_and_network_admins_the_network(
    world: SimpleNamespace, resources: SimpleNamespace
) -> None:
    assert titles(resources_managed(world.bob)) == {
        "Agency A guide",
        "Mentoring tips",
        "Alumni news",
    }
    assert titles(resources_managed(world.grace)) == {"Welcome to Canada"}
    assert "Agency A guide" not in titles(resources_listed(world.carol))
    assert "Welcome to Canada" in titles(resources_listed(world.carol))


def test_an_archived_resource_is_hidden_from_participants(
    world: SimpleNamespace, resources: SimpleNamespace
) -> None:
    services.resource_update(resource=resources.agency, by=world.bob, archived=True)
    assert "Agency A guide" not in titles(resources_listed(world.erin))
    assert "Agency A guide" in titles(resources_managed(world.alice))
