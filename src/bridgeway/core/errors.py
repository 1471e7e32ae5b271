"""A broken product rule (`DomainError`) as the person sees it: on the form field it concerns,
or as the API's field error. Every page and endpoint turns service errors into answers here."""

from __future__ import annotations

from typing import NoReturn

from django import forms
from rest_framework.exceptions import APIException, Throttled, ValidationError

from bridgeway.core.limits import RateLimited
from bridgeway.core.services import DomainError


def form_add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show the error on its field when the form has that field, else above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def api_domain_error(error: DomainError) -> APIException:
    """The API's 400 answer for the error, keyed by its field (or non_field_errors); a limit
    reached is a 429 with Retry-After."""
    if isinstance(error, RateLimited):
        throttled = Throttled(detail=error.message)  # the message already says when
        throttled.wait = error.retry_after  # type: ignore[attr-defined]  # Retry-After
        return throttled
    return ValidationError({error.field or "non_field_errors": [error.message]})


def raise_api_domain_error(error: DomainError) -> NoReturn:
    raise api_domain_error(error) from error
