"""The header's list of a staff member's agencies, read with SQL compiled once per process
(dashboard/context_processors.py), is the ORM's: the same memberships in the same order with
their agency, an inactive agency left out, another person's never shown."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from bridgeway.core.access import staff_memberships
from bridgeway.dashboard import context_processors
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _shown(person: Any, *, staff: bool = True) -> list[Any]:
    request = SimpleNamespace(user=person, _bridgeway_header={"staff": staff})
    return context_processors.staff_memberships_shown(request)  # type: ignore[arg-type]


def _seen(memberships: list[Any]) -> list[tuple[int, str, str]]:
    return [(m.pk, m.organization.slug, m.organization.name) for m in memberships]


def test_a_staff_members_agencies_are_the_orms() -> None:
    coordinator, other = PersonFactory(), PersonFactory()
    for name in ("Zeta agency", "Alpha agency", "Closed agency"):
        MembershipFactory(person=coordinator, organization=OrganizationFactory(name=name))
    closed = coordinator.memberships.get(organization__name="Closed agency").organization
    closed.is_active = False
    closed.save(update_fields=["is_active"])
    MembershipFactory(person=other, organization=OrganizationFactory(name="Not theirs"))

    for person in (coordinator, other):
        expected = list(staff_memberships(person).select_related("organization"))
        assert _seen(_shown(person)) == _seen(expected)
    assert {name for _pk, _slug, name in _seen(_shown(coordinator))} == {
        "Zeta agency",
        "Alpha agency",
    }
    assert context_processors._memberships.compiled() is not None  # the SQL is kept


def test_someone_not_on_staff_is_not_asked(django_assert_num_queries: Any) -> None:
    person = PersonFactory()
    with django_assert_num_queries(0):
        assert _shown(person, staff=False) == []
