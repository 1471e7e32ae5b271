"""SESSION_ENGINE with Redis: sessions read from the cache and written to
`accounts.SignedInSession` first, then to the cache (Django's `cached_db`, on our rows)."""

from django.contrib.sessions.backends.cached_db import SessionStore as CachedStore

from bridgeway.accounts.session_engines import PersonSessionStore


class SessionStore(CachedStore, PersonSessionStore):
    """The cache in front (`CachedStore`), our rows behind it (`PersonSessionStore`)."""
