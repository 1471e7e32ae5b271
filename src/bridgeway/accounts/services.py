"""State changes a person makes to their own account (sign-up is in signup.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from rest_framework.authtoken.models import Token

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person


@transaction.atomic
def api_token_replace(*, person: Person) -> str:
    """A new API token for the person, replacing any earlier one; the key is shown once."""
    Token.objects.filter(user=person).delete()
    return str(Token.objects.create(user=person).key)


@transaction.atomic
def api_token_revoke(*, person: Person) -> None:
    Token.objects.filter(user=person).delete()


def api_token_exists(*, person: Person) -> bool:
    return Token.objects.filter(user=person).exists()
