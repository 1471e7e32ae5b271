"""Background jobs of the reports: thin and safe to run twice (monthly.py)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from bridgeway.reports.monthly import monthly_reports_send


@db_periodic_task(crontab(minute="23"))
def send_monthly_reports() -> int:
    """Every hour: the month ends at a different hour in each subscriber's time zone."""
    return monthly_reports_send()
