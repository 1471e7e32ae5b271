"""Who may use the API. Here, on the ground floor, so that every app's API module can use it
(the notifications app's too); `bridgeway.api.permissions` re-exports it for the others."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from bridgeway.core.access import mfa_enabled, needs_two_step


class StaffHaveMFA(BasePermission):
    """Staff (and partner contacts, BRIDGEWAY_TWO_STEP_ROLES) act through the API only once
    two-step verification is set up."""

    message = "Set up two-step verification before using staff features."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        return not needs_two_step(user) or mfa_enabled(user)  # type: ignore[arg-type]
