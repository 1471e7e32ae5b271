"""Agency B, in every role, leaves agency A's screening rows exactly as they were (the shared
matrix test fingerprints the core and program tables; this adds screening's own)."""

from __future__ import annotations

import hashlib
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import serializers
from django.test import Client
from django.urls import reverse

from bridgeway.programs.models import Enrollment
from tests import test_isolation as shared
from tests.isolation import screening

# Agency B's people by role, as in the shared matrix.
agency_b_roles = shared.agency_b_roles


@pytest.fixture
def agency_a_data(world: SimpleNamespace) -> SimpleNamespace:
    """Agency A's screening data only (the shared fixture also builds every other app's)."""
    for person in (world.erin, world.frank):
        person.display_name = f"{person.display_name} {screening.CANARY}"
        person.save(update_fields=["display_name"])
    data = SimpleNamespace(
        program=world.program_a,
        enrollment=Enrollment.objects.get(person=world.erin),
        mentor_enrollment=Enrollment.objects.get(person=world.frank),
    )
    screening.extend(world, data)
    return data


METHODS, _answer, _assert_no_canary, _call = (
    shared.METHODS,
    shared._answer,
    shared._assert_no_canary,
    shared._call,
)


def _screening_rows() -> str:
    digest = hashlib.sha256()
    for model in screening.FINGERPRINT_MODELS:
        digest.update(serializers.serialize("json", model.objects.order_by("pk")).encode())
    return digest.hexdigest()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "coordinator", "mentor"])
def test_agency_b_changes_no_screening_row_of_agency_a(
    role: str, agency_a_data: SimpleNamespace, agency_b_roles: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(agency_b_roles[role])
    before = _screening_rows()
    for name, entry in sorted(screening.MATRIX.items()):
        assert not isinstance(entry, str)
        for a_kwargs, missing_kwargs in entry(agency_a_data):
            for method in METHODS:
                a_response = _call(client, method, reverse(name, kwargs=a_kwargs))
                missing_response = _call(client, method, reverse(name, kwargs=missing_kwargs))
                assert _answer(a_response) == _answer(missing_response), f"{method} {name}"
                _assert_no_canary(a_response, f"{method} {name} as B {role}")
    assert _screening_rows() == before


@pytest.mark.django_db
def test_agency_a_staff_do_see_the_canary_on_the_same_addresses(
    agency_a_data: SimpleNamespace, world: SimpleNamespace
) -> None:
    client = Client()
    client.force_login(world.alice)
    for name, kwargs in [
        ("screening:items", {"pk": agency_a_data.program.pk}),
        ("screening:assessment", {"pk": agency_a_data.program.pk}),
        ("screening:enrollment", {"pk": agency_a_data.mentor_enrollment.pk}),
        ("api:screening-detail", {"pk": agency_a_data.mentor_enrollment.pk}),
    ]:
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, name
        assert screening.CANARY.encode() in response.content.lower(), name
