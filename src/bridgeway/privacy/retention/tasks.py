"""The daily retention job: thin, safe to run twice (a second run finds nothing to delete)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from bridgeway.privacy.retention.services import retention_run


@db_periodic_task(crontab(hour="3", minute="41"))
def apply_retention() -> int:
    return sum(retention_run().values())
