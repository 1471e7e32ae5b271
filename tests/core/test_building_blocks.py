"""The shared building blocks every app uses: ids from addresses, moving entries in a list,
service errors on forms and in the API."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms

from bridgeway.core.errors import api_domain_error, form_add_domain_error
from bridgeway.core.http import parse_id
from bridgeway.core.ordering import order_move
from bridgeway.core.services import DomainError
from bridgeway.learning.models import TrainingModule
from tests.factories import ProgramFactory


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (12, 12),
        ("9223372036854775807", 2**63 - 1),
        ("9223372036854775808", None),
        ("0", None),
        ("-3", None),
        ("1.5", None),
        ("１２", None),  # full-width digits are digits to Python, not to a URL
        ("", None),
        (None, None),
        (True, None),
        ("12abc", None),
    ],
)
def test_parse_id_takes_only_positive_whole_numbers(value: Any, expected: int | None) -> None:
    assert parse_id(value) == expected


@pytest.mark.django_db
def test_order_move_swaps_neighbours_and_renumbers_from_one() -> None:
    program = ProgramFactory()
    modules = [
        TrainingModule.objects.create(program=program, title={"en": f"M{n}"}, order=order)
        for n, order in enumerate([5, 9, 12])
    ]
    rows = TrainingModule.objects.filter(program=program)
    assert order_move(rows=rows, item=modules[2], direction="up")
    assert [m.title["en"] for m in rows.order_by("order")] == ["M0", "M2", "M1"]
    assert list(rows.order_by("order").values_list("order", flat=True)) == [1, 2, 3]
    assert not order_move(rows=rows, item=modules[0], direction="up")  # already first
    with pytest.raises(DomainError) as error:
        order_move(rows=rows, item=modules[0], direction="sideways")
    assert error.value.field == "direction"


class _Form(forms.Form):
    title = forms.CharField()


def test_a_service_error_lands_on_its_field_or_above_the_form() -> None:
    form = _Form({"title": "x"})
    assert form.is_valid()
    form_add_domain_error(form, DomainError("Too short.", field="title"))
    form_add_domain_error(form, DomainError("Not a field of this form.", field="choices"))
    assert form.errors["title"] == ["Too short."]
    assert form.non_field_errors() == ["Not a field of this form."]


def test_a_service_error_is_the_apis_field_error() -> None:
    assert api_domain_error(DomainError("Bad.", field="title")).detail == {"title": ["Bad."]}
    assert api_domain_error(DomainError("Bad.")).detail == {"non_field_errors": ["Bad."]}
