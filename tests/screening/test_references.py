"""A screening step that asks for a reference gives the person a place to name it, and the
coordinator sees it beside the check."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.programs.screening.models import Reference, ScreeningItem
from tests.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


def _form(item: ScreeningItem, **values: str) -> dict[str, str]:
    data = {"item": str(item.pk)}
    data.update({f"item{item.pk}-{name}": value for name, value in values.items()})
    return data


def test_the_person_names_a_reference_and_the_coordinator_sees_it(
    client: Client, world: SimpleNamespace, checklist: list[ScreeningItem], mentor: Any
) -> None:
    first = next(item for item in checklist if item.kind == "reference")
    client.force_login(world.frank)
    url = reverse("screening:references", args=[mentor.pk])
    assert url in client.get(reverse("core:dashboard")).content.decode()
    page = client.get(url)
    assert page.content.decode().count('name="item"') == 2  # the two references asked
    response = client.post(
        url,
        _form(
            first,
            name="Dalia Nasser",
            relationship="Former manager",
            email="dalia@example.org",
            phone="+963 11 123 4567",
        ),
    )
    assert response.status_code == 302
    reference = Reference.objects.get(enrollment=mentor, item=first)
    assert (reference.name, reference.phone) == ("Dalia Nasser", "+963 11 123 4567")
    client.force_login(world.bob)
    staff_page = client.get(reverse("screening:enrollment", args=[mentor.pk])).content.decode()
    assert "Dalia Nasser" in staff_page
    assert "mailto:dalia@example.org" in staff_page
    assert "The person has not named this reference yet." in staff_page  # the second one


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"name": "Dalia", "relationship": "Manager"}, "Give an email address or a phone"),
        (
            {"name": "Dalia", "relationship": "Manager", "phone": "call me"},
            "Write the phone number with digits",
        ),
        (
            {"name": "Me", "relationship": "Myself", "email": "FRANK@agency-a.org"},
            "A reference is someone else",
        ),
    ],
)
def test_a_reference_that_cannot_be_reached_is_refused_and_nothing_saved(
    client: Client,
    world: SimpleNamespace,
    checklist: list[ScreeningItem],
    mentor: Any,
    values: dict[str, str],
    message: str,
) -> None:
    world.frank.email = "frank@agency-a.org"
    world.frank.save(update_fields=["email"])
    first = next(item for item in checklist if item.kind == "reference")
    client.force_login(world.frank)
    response = client.post(
        reverse("screening:references", args=[mentor.pk]), _form(first, **values)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Reference.objects.exists()


def test_only_the_person_reaches_their_references_page(
    client: Client, world: SimpleNamespace, checklist: list[ScreeningItem], mentor: Any
) -> None:
    client.force_login(world.erin)
    assert client.get(reverse("screening:references", args=[mentor.pk])).status_code == 404


def test_a_checklist_without_references_has_no_page(
    client: Client, world: SimpleNamespace, mentor: Any
) -> None:
    client.force_login(world.frank)
    assert client.get(reverse("screening:references", args=[mentor.pk])).status_code == 404
    other = EnrollmentFactory(program=world.program_b, person=world.frank, role="mentor")
    assert client.get(reverse("screening:references", args=[other.pk])).status_code == 404
