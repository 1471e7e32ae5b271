"""The API's limit per token: each token of a person counts on its own, a browser session
per person. DRF keeps the counts in the shared cache (database or Redis), answers 429 and says
in Retry-After when to try again."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from rest_framework.throttling import UserRateThrottle

if TYPE_CHECKING:  # DRF reads this module while rest_framework.views is being imported
    from rest_framework.request import Request
    from rest_framework.views import APIView


class TokenRateThrottle(UserRateThrottle):
    scope = "user"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        token = getattr(request.auth, "key", None)  # a rest_framework.authtoken Token
        if isinstance(token, str):
            ident = "token-" + hashlib.sha256(token.encode()).hexdigest()[:40]
        elif request.user and request.user.is_authenticated:
            ident = f"person-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
