"""The invitation sweep runs as a real Huey job on both queue backends.

A job is scheduled as the consumer's scheduler does it (``read_periodic`` → ``enqueue``),
serialised into the queue's storage (a SQLite file, or Redis), taken off by a worker step
(``dequeue`` → ``execute``) and its result read back from the result store.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from huey import RedisHuey, SqliteHuey, crontab
from huey.api import Huey
from huey.contrib.djhuey import HUEY

from bridgeway.core.models import Invitation, StaffRole
from bridgeway.core.tasks import expire_stale_invitations
from tests.factories import OrganizationFactory
from tests.services.needs import redis_param, require_redis

pytestmark = pytest.mark.django_db

# A quarter past the hour matches the sweep's crontab (every 15 minutes); 7 past does not.
DUE = datetime(2030, 1, 1, 0, 15)
NOT_DUE = datetime(2030, 1, 1, 0, 7)


def test_the_sweep_is_a_periodic_job_of_the_project_queue() -> None:
    due = HUEY.read_periodic(DUE)
    assert any(isinstance(task, expire_stale_invitations.task_class) for task in due)
    assert not any(
        isinstance(task, expire_stale_invitations.task_class)
        for task in HUEY.read_periodic(NOT_DUE)
    )


@pytest.fixture(params=["sqlite", redis_param()])
def queue(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Huey]:
    """A queue that really stores jobs (``immediate=False``), with the sweep registered on it
    as the periodic job it is, and as a job that can be asked for now."""
    name = f"bridgeway-test-{uuid.uuid4().hex[:12]}"
    huey: Huey
    if request.param == "redis":
        huey = RedisHuey(name, url=require_redis(), immediate=False)
    else:
        huey = SqliteHuey(name, filename=str(tmp_path / "jobs.sqlite3"), immediate=False)
    huey.periodic_task(crontab(minute="*/15"), name="expire_stale_invitations")(
        expire_stale_invitations
    )
    try:
        yield huey
    finally:
        huey.flush()
        if isinstance(huey, RedisHuey):
            huey.storage.conn.close()


def work_off(huey: Huey) -> list[object]:
    """Worker steps until the queue is empty: what each job returned."""
    returned = []
    for _ in range(10):  # bounded: the tests queue one job at a time
        # Only dequeue what is there: Redis's dequeue blocks for a while on an empty queue.
        if not huey.pending_count():
            break
        task = huey.dequeue()
        assert task is not None
        returned.append(huey.execute(task))
    assert huey.pending_count() == 0
    return returned


def test_the_sweep_expires_stale_invitations_through_the_queue(queue: Huey) -> None:
    now = timezone.now()
    agency = OrganizationFactory()

    def invitation(email: str, expires_at: datetime, status: str = "pending") -> Invitation:
        return Invitation.objects.create(
            organization=agency,
            email=email,
            role=StaffRole.COORDINATOR,
            expires_at=expires_at,
            status=status,
        )

    stale = [invitation(f"stale{i}@agency.example", now - timedelta(days=i + 1)) for i in range(3)]
    fresh = invitation("fresh@agency.example", now + timedelta(days=3))
    accepted = invitation("done@agency.example", now - timedelta(days=2), status="accepted")

    # The scheduler's tick at a due minute queues the sweep; a worker runs it.
    for task in queue.read_periodic(DUE):
        queue.enqueue(task)
    assert queue.pending_count() == 1
    assert Invitation.objects.filter(status=Invitation.Status.EXPIRED).count() == 0
    assert work_off(queue) == [3]

    for row in stale:
        row.refresh_from_db()
        assert row.status == Invitation.Status.EXPIRED
        assert row.answered_at is not None
    fresh.refresh_from_db()
    accepted.refresh_from_db()
    assert fresh.status == Invitation.Status.PENDING
    assert fresh.answered_at is None
    assert accepted.status == Invitation.Status.ACCEPTED

    # Running it again, asked for now and read back from the result store, changes nothing.
    before = list(Invitation.objects.order_by("pk").values_list("pk", "status", "answered_at"))
    sweep_now = queue.task(name="expire_stale_invitations_now")(expire_stale_invitations)
    result = sweep_now()
    assert queue.pending_count() == 1
    assert work_off(queue) == [0]
    assert result.get() == 0
    after = list(Invitation.objects.order_by("pk").values_list("pk", "status", "answered_at"))
    assert after == before
