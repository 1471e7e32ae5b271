"""Background jobs for questionnaires. Thin wrappers over services; each is safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from bridgeway.programs.questionnaires.profiles import text_vectors_refresh


@db_periodic_task(crontab(hour="4", minute="10"))
def refresh_text_vectors() -> int:
    """Daily: free-text answers whose matching vector an older engine made get a new one. Usually
    there are none; after an upgrade that changes the vector format, this brings matching back to
    reading vectors instead of texts."""
    return text_vectors_refresh()
