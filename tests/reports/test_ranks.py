"""The time-to-match table reads each list once (`metrics.ranked`: its count, median and 90th
percentile from one query): the same figures as a count and one query per rank, which is how
the table read them before, on lists of many sizes with ties."""

from __future__ import annotations

import math
import random
from datetime import timedelta
from typing import Any

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from bridgeway.programs.models import WaitlistEntry
from bridgeway.reports.metrics import ranked
from tests.factories import EnrollmentFactory, ProgramFactory

pytestmark = pytest.mark.django_db

SHARES = (0.5, 0.9)


def counted_then_ranked(queryset: QuerySet[Any], field: str) -> tuple[int, list[Any]]:
    """The earlier reading: a count, then the row at each nearest rank, a query each."""
    count = queryset.count()
    values = []
    for share in SHARES:
        if count == 0:
            values.append(None)
            continue
        index = max(1, math.ceil(share * count)) - 1
        values.append(queryset.order_by(field).values_list(field.lstrip("-"), flat=True)[index])
    return count, values


# 70: 0.9 × 70 is 63.00000000000001 in floating point, so the rank is 64 in both readings.
@pytest.mark.parametrize("size", [0, 1, 2, 3, 9, 10, 11, 29, 70])
@pytest.mark.parametrize("field", ["joined_at", "-joined_at"])
def test_one_query_gives_the_count_and_ranks_of_a_count_and_a_query_per_rank(
    size: int, field: str, django_assert_num_queries: Any
) -> None:
    program = ProgramFactory()
    rng = random.Random(size)
    now = timezone.now()
    for position in range(1, size + 1):
        WaitlistEntry.objects.create(
            program=program,
            enrollment=EnrollmentFactory(program=program),
            position=position,
            joined_at=now - timedelta(days=rng.randint(0, size // 2)),  # ties
        )
    waiting = WaitlistEntry.objects.filter(program=program)

    with django_assert_num_queries(1):
        found = ranked(waiting, field, SHARES)

    assert found == counted_then_ranked(waiting, field)
    assert found[0] == size
