"""The enrollment counts on the agency overview and a program's page: every person is counted
once, in one bucket, and the buckets add up to the total."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.programs.models import Enrollment, EnrollmentStatus
from bridgeway.programs.selectors import STATUS_BUCKETS, program_status_counts
from tests.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


def _one_of_each(program: object) -> None:
    for status in EnrollmentStatus.values:
        for role in ("mentee", "mentor"):
            EnrollmentFactory(program=program, role=role, status=status)


def test_each_enrollment_is_counted_in_exactly_one_bucket(world: SimpleNamespace) -> None:
    _one_of_each(world.program_a)
    enrollments = Enrollment.objects.filter(program=world.program_a)
    for enrollment in enrollments:
        holding = [
            b.key
            for b in STATUS_BUCKETS
            if enrollments.filter(b.condition(), pk=enrollment.pk).exists()
        ]
        assert len(holding) == 1, (enrollment.role, enrollment.status, holding)
    counts = {bucket.key: count for bucket, count in program_status_counts(program=world.program_a)}
    assert sum(counts.values()) == enrollments.count()
    # A ready mentee waits on the waiting list; a ready mentor is not on it.
    ready_mentees = enrollments.filter(role="mentee", status__in=["ready", "waitlisted"]).count()
    assert counts["waiting"] == ready_mentees
    assert (
        counts["ready"]
        == enrollments.filter(role="mentor", status__in=["ready", "waitlisted"]).count()
    )


def _row_numbers(html: str, row_start: str) -> list[int]:
    row = html[html.index(row_start) :]
    row = row[: row.index("</tr>")]
    return [
        int(n) for n in re.findall(r"<td>(?:<a[^>]*>)?(?:<span aria-hidden=\"true\">)?(\d+)", row)
    ]


def test_the_agency_overview_counts_add_up_to_the_total(
    client: Client, world: SimpleNamespace
) -> None:
    _one_of_each(world.program_a)
    client.force_login(world.bob)
    response = client.get(reverse("core:agency_overview", args=["agency-a"]))
    html = response.content.decode()
    *buckets, total = _row_numbers(html, f'href="/manage/programs/{world.program_a.pk}/"')
    assert total == Enrollment.objects.filter(program=world.program_a).count()
    assert sum(buckets) == total
    assert len(buckets) == len(STATUS_BUCKETS)


def test_the_program_page_shows_the_same_counts(client: Client, world: SimpleNamespace) -> None:
    _one_of_each(world.program_a)
    client.force_login(world.bob)
    response = client.get(reverse("programs:staff_program", args=[world.program_a.pk]))
    total = Enrollment.objects.filter(program=world.program_a).count()
    assert f"{total} people in this program, by step" in response.content.decode()
    assert [count for _bucket, count in response.context["counts"]] == [
        count for _bucket, count in program_status_counts(program=world.program_a)
    ]
