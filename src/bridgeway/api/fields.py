"""Serializer fields the apps' APIs share."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from rest_framework import serializers


class UTCDateTimeField(serializers.DateTimeField):
    """A moment as ISO 8601 in UTC, whatever the caller's time zone."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(default_timezone=UTC, **kwargs)
