"""Background jobs for agencies. Thin wrappers over services; each is safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from bridgeway.core.health import worker_beat
from bridgeway.core.services import invitations_expire


@db_periodic_task(crontab(minute="*/15"))
def expire_stale_invitations() -> int:
    return invitations_expire()


@db_periodic_task(crontab(minute="*"))
def worker_heartbeat() -> None:
    """Every minute: tells `/health/` (and /metrics) that a worker is running."""
    worker_beat()
