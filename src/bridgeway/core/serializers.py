"""A serializer whose fields are copied, not rebuilt, for each use.

DRF gives every serializer object its own fields by `copy.deepcopy` of the class's declared
ones, and a field's deep copy calls its class again with the arguments it was made with (a
`ChoiceField` sorts out its choices again, every field checks its arguments again): about a
tenth of a millisecond per field on every API list, and again for every row where a row's
serializer is made per row. The declared fields are never bound (only their copies are), and a
plain field keeps nothing else of its own once made, so a shallow copy (its own attributes,
the same choices and validators) is bound exactly as the deep one was. Fields that hold other
fields (a nested serializer, a list of a child field) are deep copied as DRF does."""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from rest_framework import serializers
from rest_framework.fields import Field

_T = TypeVar("_T")

# The plain fields: their own attributes only, no child field bound to them.
_PLAIN = (
    serializers.BooleanField,
    serializers.CharField,
    serializers.ChoiceField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.FloatField,
    serializers.IntegerField,
    serializers.SerializerMethodField,
)
_HOLDERS = (serializers.BaseSerializer, serializers.ListField, serializers.DictField)


def _copied(field: Field[Any, Any, Any, Any]) -> Field[Any, Any, Any, Any]:
    if isinstance(field, _PLAIN) and not isinstance(field, _HOLDERS):
        return copy.copy(field)
    return copy.deepcopy(field)


class KeptFieldsSerializer(serializers.Serializer[_T]):
    """DRF's `Serializer`, its declared fields copied shallowly for each serializer object."""

    def get_fields(self) -> dict[str, Field[Any, Any, Any, Any]]:
        return {name: _copied(field) for name, field in self._declared_fields.items()}
