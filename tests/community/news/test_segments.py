"""Who a post reaches: the scope, then each filter, in one query whatever the segment's size."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bridgeway.community.news.models import Post
from bridgeway.community.news.segments import Segment, segment_people
from bridgeway.programs.models import Enrollment
from bridgeway.programs.questionnaires.models import Answer, Question
from tests.factories import EnrollmentFactory, PersonFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def reached(post: Post) -> set[str]:
    return {person.email for person in segment_people(Segment.of_post(post))}


def test_the_scope_decides_first(world: SimpleNamespace, write: Callable[..., Post]) -> None:
    b_mentee = PersonFactory(email="b@example.org")
    EnrollmentFactory(program=world.program_b, person=b_mentee)
    agency = write()
    program = write(program=world.program_a)
    network = write(network_wide=True)
    assert reached(agency) == reached(program) == {"erin@example.org", "frank@example.org"}
    assert reached(network) == {"erin@example.org", "frank@example.org", "b@example.org"}


def test_role_and_status_including_waiting_and_alumni(
    world: SimpleNamespace, write: Callable[..., Post]
) -> None:
    waiting = EnrollmentFactory(program=world.program_a, status="waitlisted").person
    alumna = EnrollmentFactory(program=world.program_a, status="alumni", role="mentor").person
    gone = EnrollmentFactory(program=world.program_a, status="withdrawn").person
    everyone = reached(write())
    assert {waiting.email, alumna.email} <= everyone
    assert gone.email not in everyone
    assert reached(write(roles=["mentor"])) == {"frank@example.org", alumna.email}
    assert reached(write(statuses=["waitlisted"])) == {waiting.email}
    assert reached(write(statuses=["alumni"], roles=["mentee"])) == set()
    assert reached(write(statuses=["withdrawn"])) == {gone.email}


def test_cohort_language_time_zone_and_country(
    world: SimpleNamespace, write: Callable[..., Post]
) -> None:
    autumn = ProgramFactory(organization=world.agency_a, cohort_start=date(2026, 9, 1))
    nadia = PersonFactory(
        email="nadia@example.org", preferred_language="fr", time_zone="Asia/Manila", country="PH"
    )
    EnrollmentFactory(program=autumn, person=nadia)
    question = Question.objects.create(program=autumn, key="country", kind="country")
    omar = PersonFactory(email="omar@example.org", country="CA")
    answer_to = EnrollmentFactory(program=autumn, person=omar)
    Answer.objects.create(enrollment=answer_to, question=question, value="SY")
    assert reached(write(cohort_start=date(2026, 9, 1))) == {nadia.email, omar.email}
    assert reached(write(languages=["fr"])) == {nadia.email}
    assert reached(write(time_zones=["Asia/Manila"])) == {nadia.email}
    assert reached(write(countries=["PH"])) == {nadia.email}
    assert reached(write(countries=["SY"])) == {omar.email}  # the profile's answer


def test_sector_from_the_occupation_group_or_the_noc_code(
    world: SimpleNamespace, write: Callable[..., Post]
) -> None:
    erin = Enrollment.objects.get(person=world.erin)
    frank = Enrollment.objects.get(person=world.frank)
    group = Question.objects.create(program=world.program_a, key="sector", kind="occupation")
    code = Question.objects.create(program=world.program_a, key="noc", kind="noc_code")
    Answer.objects.create(enrollment=erin, question=group, value="3")
    Answer.objects.create(enrollment=frank, question=code, value="31301")
    other = EnrollmentFactory(program=world.program_a)
    Answer.objects.create(enrollment=other, question=code, value="21231")
    assert reached(write(sectors=["3"])) == {"erin@example.org", "frank@example.org"}
    assert reached(write(sectors=["2"])) == {other.person.email}
    assert reached(write(sectors=["3", "2"])) == {
        "erin@example.org",
        "frank@example.org",
        other.person.email,
    }


def test_the_segment_is_one_query_whatever_its_size(
    world: SimpleNamespace, write: Callable[..., Post]
) -> None:
    post = write(sectors=["3"], countries=["PH"], languages=["en", "fr"], roles=["mentee"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            list(segment_people(Segment.of_post(post)))
        return len(captured)

    small = queries()
    for _n in range(20):
        EnrollmentFactory(program=world.program_a)
    assert queries() == small == 1
