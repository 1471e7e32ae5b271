"""Background jobs of erasure: thin, safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from bridgeway.privacy.erasure.run import erasure_run, erasures_resume


@db_task(retries=3, retry_delay=300)
def run_erasure(request_id: int) -> None:
    erasure_run(request_id=request_id)


@db_periodic_task(crontab(minute="23"))
def resume_erasures() -> int:
    """Approved erasures a crash left unfinished are finished by the next hourly sweep."""
    return erasures_resume()
