"""Who may read a space follows from their enrollments and memberships."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bridgeway.community.access import spaces_managed, spaces_readable
from bridgeway.programs.models import Enrollment
from tests.community.conftest import names

pytestmark = pytest.mark.django_db


def test_a_mentee_reads_the_network_her_agency_and_not_the_mentors_corner(
    world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    assert names(spaces_readable(world.erin)) == {"Welcome to Canada", "Agency A lounge"}


def test_a_mentor_reads_the_mentors_corner(world: SimpleNamespace, spaces: SimpleNamespace) -> None:
    assert names(spaces_readable(world.frank)) == {
        "Welcome to Canada",
        "Agency A lounge",
        "Mentors' corner",
    }


def test_alumni_read_the_alumni_circle(world: SimpleNamespace, spaces: SimpleNamespace) -> None:
    Enrollment.objects.filter(person=world.erin).update(status="alumni")
    assert "Alumni circle" in names(spaces_readable(world.erin))


def test_a_person_who_withdrew_reads_nothing(
    world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    Enrollment.objects.filter(person=world.erin).update(status="withdrawn")
    assert names(spaces_readable(world.erin)) == set()


def test_a_person_in_no_program_reads_nothing(
    world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    assert names(spaces_readable(world.mallory)) == set()


def test_staff_read_their_agency_and_the_network_and_manage_only_their_agency(
    world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    assert names(spaces_readable(world.carol)) == {"Welcome to Canada", "Agency B lounge"}
    assert names(spaces_managed(world.bob)) == {
        "Agency A lounge",
        "Mentors' corner",
        "Alumni circle",
    }
    assert names(spaces_managed(world.grace)) == {"Welcome to Canada"}


def test_who_moderates_a_space(world: SimpleNamespace, spaces: SimpleNamespace) -> None:
    """Staff who manage the space, and a reader staff named moderator while they still read
    it: a named moderator whose enrollment ended loses the tools with the space."""
    from bridgeway.community.access import can_moderate
    from bridgeway.community.moderation import moderator_add

    lounge = spaces.agency
    assert can_moderate(world.alice, lounge)
    assert not can_moderate(world.carol, lounge)  # another agency's staff
    assert not can_moderate(world.erin, lounge)  # a reader
    assert not can_moderate(world.mallory, lounge)
    moderator_add(space=lounge, by=world.alice, person=world.erin)
    assert can_moderate(world.erin, lounge)
    assert not can_moderate(world.erin, spaces.network)  # named for one space only
    Enrollment.objects.filter(person=world.erin).update(status="withdrawn")
    assert not can_moderate(world.erin, lounge)
