"""A program read for its staff (every staff page of a program asks it first, its SQL compiled
once per process): the program of an active agency where the person holds one of the roles,
and otherwise the same 404 as a missing id, as the ORM's query answers."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.http import Http404
from django.shortcuts import get_object_or_404

from bridgeway.core.access import ANY_STAFF, staff_organizations
from bridgeway.core.models import StaffRole
from bridgeway.programs.models import Program
from bridgeway.programs.selectors import _program_of_staff, program_get_for_staff

pytestmark = pytest.mark.django_db


def _built(person: object, program_id: int, roles: tuple[str, ...] | None) -> int | None:
    """What the query built by the ORM answers: the program's id, or None for a 404."""
    try:
        found = get_object_or_404(
            Program.objects.filter(organization__in=staff_organizations(person, roles)),  # type: ignore[arg-type]
            pk=program_id,
        )
    except Http404:
        return None
    return found.pk


def _kept(person: object, program_id: int, roles: tuple[str, ...] | None) -> int | None:
    try:
        found = program_get_for_staff(person=person, program_id=program_id, roles=roles)  # type: ignore[arg-type]
    except Http404:
        return None
    assert found.organization.pk == found.organization_id  # its agency comes with it
    return found.pk


def test_each_person_finds_only_their_agencys_programs_as_the_orm_does(
    world: SimpleNamespace,
) -> None:
    assert _program_of_staff(ANY_STAFF).compiled() is not None  # the SQL is kept
    people = [world.alice, world.bob, world.carol, world.dave, world.erin, world.mallory]
    programs = [world.program_a.pk, world.program_b.pk, 999_999, 2**40]
    role_sets: list[tuple[str, ...] | None] = [None, ANY_STAFF, (StaffRole.ADMIN,)]
    for person in people:
        for program_id in programs:
            for roles in role_sets:
                assert _kept(person, program_id, roles) == _built(person, program_id, roles)
    assert _kept(world.bob, world.program_a.pk, ANY_STAFF) == world.program_a.pk
    assert _kept(world.bob, world.program_a.pk, (StaffRole.ADMIN,)) is None  # a coordinator
    assert _kept(world.carol, world.program_a.pk, None) is None  # another agency's admin
    assert _kept(world.alice, 2**40, None) is None  # past the database's range: a 404


def test_an_inactive_agencys_program_is_a_404_for_its_staff(world: SimpleNamespace) -> None:
    world.agency_a.is_active = False
    world.agency_a.save(update_fields=["is_active"])
    assert _kept(world.alice, world.program_a.pk, None) is None
    assert _built(world.alice, world.program_a.pk, None) is None
