"""The session engines settings.py chooses from: `db` (an embedded install) and `cached_db`
(with Redis). Both keep each session in `accounts.SignedInSession`, a row that names the
person signed in, the browser they used and when they signed in and were last seen, so that
a person's sessions are found by that column (docs/decisions.md, "A session table of our own").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.utils import timezone

from bridgeway.accounts.sessions import AGENT, SEEN_AT, SIGNED_IN_AT
from bridgeway.core.kept_queries import KeptObjects

AGENT_LENGTH = 300


def _person_id(data: dict[str, Any]) -> int | None:
    try:
        return int(data[SESSION_KEY])
    except (KeyError, TypeError, ValueError):
        return None


def _when(value: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _session_by_key() -> KeptObjects:
    from bridgeway.accounts.models import SignedInSession

    return KeptObjects(
        lambda key, now: SignedInSession._default_manager.filter(
            session_key=key, expire_date__gt=now
        ),
        str,
        dt.datetime,
    )


_session: KeptObjects | None = None


def columns(data: dict[str, Any]) -> dict[str, Any]:
    """The row's columns read from what the session holds (also used by the migration that
    moved the sessions of Django's own table)."""
    return {
        "person_id": _person_id(data),
        "user_agent": str(data.get(AGENT) or "")[:AGENT_LENGTH],
        "signed_in_at": _when(data.get(SIGNED_IN_AT)),
        "last_seen_at": _when(data.get(SEEN_AT)),
    }


class PersonSessionStore(DatabaseStore):
    """Django's database store, writing `accounts.SignedInSession` rows with their columns
    filled on every save (the save that writes the session data: no extra query)."""

    @classmethod
    def get_model_class(cls) -> Any:
        from bridgeway.accounts.models import SignedInSession

        return SignedInSession

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        row = super().create_model_instance(data)
        for name, value in columns(data).items():
            setattr(row, name, value)
        return row

    def _get_session_from_db(self) -> Any:
        """Django's read of the session's row (by its key, not past its end), the SQL compiled
        once per process (core/kept_queries.py) instead of built by the ORM on every request.
        A key Django would not look up (none) is left to Django's own read."""
        global _session
        key = self.session_key
        if not isinstance(key, str):
            return super()._get_session_from_db()  # type: ignore[misc]
        if _session is None:
            _session = _session_by_key()
        row = _session.first(key, timezone.now())
        if row is None:
            self._session_key = None
        return row
