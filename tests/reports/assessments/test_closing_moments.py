"""Closing schedules the mentor's "before" assessment when they are ready again, with the
closure's, from one read of the program's instruments."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bridgeway.notifications.models import Timer
from bridgeway.relationships import closure, services
from bridgeway.reports.assessments.models import Instrument
from bridgeway.reports.assessments.services import instrument_add_ready_made

pytestmark = pytest.mark.django_db


def test_a_mentor_ready_again_gets_before_once_with_the_closure(
    cohort: SimpleNamespace,
) -> None:
    [request] = services.requests_send(
        mentee=cohort.amal, mentor_ids=[cohort.dana.pk], message="", by=cohort.amal.person
    )
    pair = services.request_accept(request=request, by=cohort.dana.person)
    # The instruments come after the mentorship began: nobody has had "before" yet.
    instrument_add_ready_made(program=cohort.program, name="mentee", by=cohort.world.alice)
    instrument_add_ready_made(program=cohort.program, name="mentor", by=cohort.world.alice)
    with CaptureQueriesContext(connection) as queries:
        closure.relationship_close(relationship=pair, by=cohort.amal.person, reason="goals_met")
    table = Instrument._meta.db_table
    # What the moments read: the active instruments' audiences and moments.
    instrument_reads = [q for q in queries if q["sql"].startswith(f'SELECT "{table}"."audience"')]
    assert len(instrument_reads) == 1
    dana = cohort.dana.pk
    assert sorted(
        Timer.objects.filter(key__startswith=f"assessment:{dana}:").values_list("key", flat=True)
    ) == [f"assessment:{dana}:before", f"assessment:{dana}:closure"]
    # The mentee, who stays closed, has no "before" now: only the closure and its follow-ups.
    amal = cohort.amal.pk
    assert sorted(
        Timer.objects.filter(key__startswith=f"assessment:{amal}:").values_list("key", flat=True)
    ) == [
        f"assessment:{amal}:closure",
        f"assessment:{amal}:follow_up_3",
        f"assessment:{amal}:follow_up_6",
    ]
