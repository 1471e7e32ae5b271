"""The list serializers' fields copied shallowly (core/serializers.py): the same fields, bound
the same way, as DRF's deep copies, and the same answers."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from rest_framework import serializers

from bridgeway.api.fields import UTCDateTimeField
from bridgeway.core.serializers import KeptFieldsSerializer
from bridgeway.messaging.api import ConversationSerializer
from bridgeway.notifications.api import NotificationSerializer
from bridgeway.relationships.api import (
    EnrollmentRefSerializer,
    ProgramRefSerializer,
    ReceivedRequestSerializer,
    RelationshipSerializer,
)

KEPT = [
    ConversationSerializer,
    NotificationSerializer,
    EnrollmentRefSerializer,
    ProgramRefSerializer,
    ReceivedRequestSerializer,
    RelationshipSerializer,
]


def _drf_fields(serializer: serializers.Serializer[Any]) -> dict[str, Any]:
    """The fields DRF's own `Serializer.get_fields` gives, bound as DRF binds them."""
    fields = serializers.Serializer.get_fields(serializer)
    for name, field in fields.items():
        field.bind(field_name=name, parent=serializer)
    return fields


@pytest.mark.parametrize("kind", KEPT, ids=lambda kind: kind.__name__)
def test_the_same_fields_bound_the_same_way(kind: type[KeptFieldsSerializer[Any]]) -> None:
    serializer = kind(context={"person": None})
    kept = serializer.fields
    drf = _drf_fields(kind(context={"person": None}))
    assert list(kept) == list(drf)
    for name, field in kept.items():
        assert type(field) is type(drf[name])
        assert repr(field) == repr(drf[name])
        assert field.parent is serializer
        assert field.field_name == name
        assert field.source == drf[name].source
        assert field.source_attrs == drf[name].source_attrs
        assert field.context == {"person": None}
        if isinstance(field, serializers.SerializerMethodField):
            assert field.method_name == drf[name].method_name
    # The class's declared fields stay unbound; another serializer gets fields of its own.
    for field in kind._declared_fields.values():
        assert getattr(field, "field_name", None) is None
        assert getattr(field, "parent", None) is None
    other = kind(context={"person": 1}).fields
    for name, field in other.items():
        assert field is not kept[name]
        assert field.context == {"person": 1}


class Row(KeptFieldsSerializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField(source="person.name")
    status = serializers.ChoiceField(choices=[("a", "A"), ("b", "B")])
    at = UTCDateTimeField(allow_null=True)
    day = serializers.DateField()
    ok = serializers.BooleanField()
    score = serializers.FloatField()
    tags = serializers.ListField(child=serializers.CharField())
    ref = EnrollmentRefSerializer()
    hello = serializers.SerializerMethodField()

    def get_hello(self, row: Any) -> str:
        return f"{self.context['greeting']} {row.id}"


class DrfRow(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField(source="person.name")
    status = serializers.ChoiceField(choices=[("a", "A"), ("b", "B")])
    at = UTCDateTimeField(allow_null=True)
    day = serializers.DateField()
    ok = serializers.BooleanField()
    score = serializers.FloatField()
    tags = serializers.ListField(child=serializers.CharField())
    ref = serializers.Serializer()  # replaced below: DRF's own nested serializer
    hello = serializers.SerializerMethodField()

    def get_hello(self, row: Any) -> str:
        return f"{self.context['greeting']} {row.id}"


class DrfRef(serializers.Serializer[Any]):
    enrollment = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="person.name")


DrfRow._declared_fields["ref"] = DrfRef()


def _rows() -> list[Any]:
    person = SimpleNamespace(name="Zoë")
    return [
        SimpleNamespace(
            id=n,
            person=person,
            status="ab"[n % 2],
            at=None if n % 2 else datetime(2026, 12, 7, 21, n, tzinfo=UTC),
            day=date(2026, 12, n + 1),
            ok=bool(n % 2),
            score=n / 3,
            tags=["x", str(n)],
            ref=SimpleNamespace(pk=n * 10, person=person),
        )
        for n in range(5)
    ]


def test_the_same_answers_as_drfs_copies() -> None:
    rows = _rows()
    kept = Row(rows, many=True, context={"greeting": "bonjour"}).data
    drf = DrfRow(rows, many=True, context={"greeting": "bonjour"}).data
    assert json.dumps(kept) == json.dumps(drf)
    assert kept[1]["hello"] == "bonjour 1"
    assert kept[0]["at"] == "2026-12-07T21:00:00Z"


def test_input_is_checked_as_drf_checks_it() -> None:
    data = {"status": "c", "id": "x", "day": "2026-12-01", "ok": True, "score": 1, "tags": []}
    kept = Row(data=data)
    drf = DrfRow(data=data)
    assert not kept.is_valid()
    assert not drf.is_valid()
    assert json.dumps(kept.errors, default=str) == json.dumps(drf.errors, default=str)
