"""Who may read a space follows from their enrollments and memberships."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bridgeway.community import services
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


def test_the_kept_reads_answer_as_the_rule_for_everyone(
    world: SimpleNamespace, spaces: SimpleNamespace
) -> None:
    """The space and topic a reader opens, and whether they manage or moderate it, are read
    by SQL each process compiles once (core/kept_queries.py): for each person and space they
    answer what the reading rule answers, and a change is seen on the next question."""
    from django.http import Http404

    from bridgeway.community import access, selectors
    from bridgeway.community.access import can_manage, can_moderate, spaces_moderated
    from bridgeway.community.moderation import moderator_add

    for kept in (
        selectors._space_for_reader,
        selectors._topic_for_reader,
        access._managed_space,
        access._maybe_moderated_space,
    ):
        assert kept.compiled() is not None
    people = [world.alice, world.bob, world.carol, world.erin, world.frank, world.grace]
    people.append(world.mallory)
    every = [spaces.network, spaces.agency, spaces.mentors, spaces.alumni, spaces.b]
    topics = {
        space.pk: services.topic_create(space=space, by=author, title="Hello", body="Hi")
        for space, author in [
            (spaces.network, world.grace),
            (spaces.agency, world.alice),
            (spaces.mentors, world.bob),
            (spaces.alumni, world.bob),
            (spaces.b, world.carol),
        ]
    }

    def answers() -> dict[tuple[int, int], tuple[bool, bool, bool, bool]]:
        found = {}
        for person in people:
            for space in every:
                try:
                    read = selectors.space_get_for_reader(person=person, space_id=space.pk)
                except Http404:
                    read = None
                try:
                    topic = selectors.topic_get_for_reader(
                        person=person, topic_id=topics[space.pk].pk
                    )
                except Http404:
                    topic = None
                readable = spaces_readable(person).filter(pk=space.pk).exists()
                assert (read is not None) == readable
                assert (topic is not None) == readable
                if topic is not None:
                    assert topic.space == space
                    assert topic.author == topics[space.pk].author
                    assert topic.space.organization_id == space.organization_id
                assert (
                    can_manage(person, space) == spaces_managed(person).filter(pk=space.pk).exists()
                )
                assert (
                    can_moderate(person, space)
                    == spaces_moderated(person).filter(pk=space.pk).exists()
                )
                found[(person.pk, space.pk)] = (
                    readable,
                    topic is not None,
                    can_manage(person, space),
                    can_moderate(person, space),
                )
        return found

    before = answers()
    assert before[(world.erin.pk, spaces.agency.pk)] == (True, True, False, False)
    assert before[(world.erin.pk, spaces.mentors.pk)] == (False, False, False, False)
    assert before[(world.alice.pk, spaces.agency.pk)] == (True, True, True, True)
    assert before[(world.carol.pk, spaces.agency.pk)] == (False, False, False, False)
    moderator_add(space=spaces.agency, by=world.alice, person=world.erin)
    assert answers()[(world.erin.pk, spaces.agency.pk)] == (True, True, False, True)
    Enrollment.objects.filter(person=world.erin).update(status="withdrawn")
    assert answers()[(world.erin.pk, spaces.agency.pk)] == (False, False, False, False)
