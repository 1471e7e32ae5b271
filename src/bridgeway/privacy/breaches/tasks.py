"""The breach register's daily job: thin, safe to run twice (a reminder is written once)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from bridgeway.privacy.breaches.reminders import breach_reminders_send


@db_periodic_task(crontab(hour="13", minute="5"))
def remind_overdue_breaches() -> int:
    """Each day at 13:05 UTC (the morning across Canada): reminders of breaches with a real
    risk still not reported or notified."""
    return breach_reminders_send()
