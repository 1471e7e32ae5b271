"""Background jobs of intake and referrals. Thin wrappers over services; safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from bridgeway.programs.intake.referrals import referrals_expire
from bridgeway.programs.intake.services import intakes_expire


@db_periodic_task(crontab(minute="7"))
def expire_unanswered_referrals() -> int:
    return referrals_expire()


@db_periodic_task(crontab(minute="37"))
def expire_unconfirmed_intakes() -> int:
    return intakes_expire()
