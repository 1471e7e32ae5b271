"""The API's permissions. They live in `bridgeway.core.permissions`, on the ground floor, so
that the notifications app (also on it) can use them; imported from here by the other apps."""

from __future__ import annotations

from bridgeway.core.permissions import StaffHaveMFA

__all__ = ["StaffHaveMFA"]
