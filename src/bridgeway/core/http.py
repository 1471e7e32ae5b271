"""Request types for views, so that type checking knows who is acting."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.http import Http404, HttpRequest
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


# Ids in addresses and forms are positive integers below PostgreSQL's bigint limit.
MAX_ID = 2**63 - 1


def parse_id(value: object) -> int | None:
    """An object id from an address, a form or a JSON body: a positive whole number written
    in digits (a JSON integer too), else None, so that callers answer "not found" or "invalid"
    the same way for junk as for an id that does not exist."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        number = int(value)
    else:
        return None
    return number if 0 < number <= MAX_ID else None


def id_or_404(value: object) -> int:
    """An object id from an address, or the same 404 as for an id that does not exist."""
    number = parse_id(value)
    if number is None:
        raise Http404
    return number
