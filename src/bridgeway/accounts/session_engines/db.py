"""SESSION_ENGINE without Redis: sessions in `accounts.SignedInSession`."""

from bridgeway.accounts.session_engines import PersonSessionStore


class SessionStore(PersonSessionStore):
    pass
