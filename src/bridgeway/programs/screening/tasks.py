"""Background jobs for screening. Thin wrappers over services; each is safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from bridgeway.programs.screening.services import checks_expire


@db_periodic_task(crontab(hour="3", minute="20"))
def expire_screening_checks() -> int:
    """Daily: expired required checks send people back to screening and tell them."""
    return checks_expire()
