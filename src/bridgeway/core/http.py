"""Request types for views, so that type checking knows who is acting."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from rest_framework.request import Request

    from bridgeway.accounts.models import Person


class HtmxRequest(HttpRequest):
    htmx: HtmxDetails


class AuthedRequest(HtmxRequest):
    """A request behind login_required or mfa_required: the user is a signed-in person."""

    user: Person  # type: ignore[assignment]


def acting_person(request: Request) -> Person:
    """The signed-in person behind an API request (permissions have already checked it)."""
    return cast("Person", request.user)
