"""Background jobs of programs. Thin wrappers over services."""

from huey.contrib.djhuey import db_task

from bridgeway.programs.services import ready_emails_send


@db_task()
def email_ready(items: list[tuple[int, str]]) -> int:
    """Tell the people a staff change made ready to match, each with the reason."""
    return ready_emails_send(items)
