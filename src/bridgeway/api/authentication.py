"""The API's token sign-in: DRF's `TokenAuthentication`, with the token and its person read by
one query compiled once per process (core/kept_queries.py) instead of built by the ORM on
every call. The answers are DRF's: an unknown token or an inactive person is refused in DRF's
words."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from bridgeway.core.kept_queries import KeptObjects

_token = KeptObjects(lambda key: Token.objects.select_related("user").filter(key=key), str)


class KeptTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        if self.get_model() is not Token:  # another model named by a subclass: DRF's way
            return super().authenticate_credentials(key)  # type: ignore[no-any-return]
        token = _token.first(key)
        if token is None or not token.user.is_active:  # refused: DRF's own words, translated
            return super().authenticate_credentials(key)  # type: ignore[no-any-return]
        return token.user, token
