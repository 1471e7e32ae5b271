"""Background jobs: the worker sends what is due and wakes due timers. Each is safe to run
twice and at the same time as itself (rows are claimed, see claims.py)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from bridgeway.notifications.digests import digests_send_due
from bridgeway.notifications.outbox import deliveries_send_due
from bridgeway.notifications.timers import timers_run_due


@db_task()
def send_now() -> int:
    """Queued after a commit that wrote notifications: send them without waiting a minute."""
    return deliveries_send_due()


@db_periodic_task(crontab(minute="*"))
def send_due() -> int:
    """Anything a crash or a retry left waiting, and what quiet hours held back."""
    return deliveries_send_due()


@db_periodic_task(crontab(minute="*"))
def run_timers() -> int:
    return timers_run_due()


@db_periodic_task(crontab(minute="2"))
def send_digests() -> int:
    built = digests_send_due()
    deliveries_send_due()
    return built
