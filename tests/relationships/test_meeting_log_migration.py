"""The meeting logs written before each log kept its mentorship take their meeting's with the
migration, so the reports count every earlier "Did you meet?" answer as they did."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from bridgeway.relationships.models import MeetingLog
from tests.factories import ProgramFactory
from tests.reports.conftest import at, enroll, pair

BEFORE = [("relationships", "0011_group_membership")]
AFTER = [("relationships", "0012_meeting_log_keeps_its_mentorship")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_earlier_logs_take_their_meeting_s_mentorship() -> None:
    program = ProgramFactory()
    pairs = [
        pair(
            enroll(program, "mentee", at("2025-01-01")),
            enroll(program, "mentor", at("2025-01-01")),
            at("2025-02-01"),
        )
        for _ in range(2)
    ]
    try:
        old = _migrate(BEFORE)
        meetings = old.get_model("relationships", "Meeting").objects
        logs = old.get_model("relationships", "MeetingLog").objects
        written = {}
        for relationship in pairs:
            for day in ("2025-03-01", "2025-04-01"):
                held = meetings.create(
                    relationship_id=relationship.pk,
                    kind="video",
                    starts_at=at(day),
                    status="scheduled",
                )
                for person_id in (relationship.mentee.person_id, relationship.mentor.person_id):
                    log = logs.create(
                        meeting_id=held.pk, person_id=person_id, outcome="met", minutes=30
                    )
                    written[log.pk] = relationship.pk
        _migrate(AFTER)

        kept = dict(MeetingLog.objects.values_list("pk", "relationship_id"))
        assert kept == written
        assert len(kept) == 8
    finally:  # the next tests find every migration applied
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            executor.migrate(executor.loader.graph.leaf_nodes())
