"""Background jobs of relationships (deadlines of requests and meetings are durable timers)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from bridgeway.relationships.activation import activation_sweep


@db_periodic_task(crontab(hour="6", minute="15"))
def remind_and_flag_activation() -> int:
    return activation_sweep()
