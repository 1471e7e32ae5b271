"""Background jobs for accounts. Thin wrappers over services; each is safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from bridgeway.accounts.sessions import sessions_clear_expired


@db_periodic_task(crontab(hour="3", minute="33"))
def clear_expired_sessions() -> int:
    """Daily: sessions past their end are deleted (what `manage.py clearsessions` does)."""
    return sessions_clear_expired()
