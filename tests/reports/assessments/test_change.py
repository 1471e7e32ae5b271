"""Paired change on a known dataset: five mentees' confidence before and at closure, changes
2, 1, 2, 0 and 3 — n 5, mean change 1.6, sample variance 1.3, 95% interval
1.6 ± t(0.975, 4) × √(1.3 / 5) = 1.6 ± 2.776445 × 0.509902 = [0.184285, 3.015715]."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.reports.assessments.models import AssessmentAnswer
from bridgeway.reports.assessments.selectors import (
    network_choice_tables,
    network_results,
    program_choice_tables,
    program_results,
)
from bridgeway.reports.assessments.stats import paired_change
from tests.factories import EnrollmentFactory, PersonFactory
from tests.reports.assessments.conftest import KNOWN, answered

pytestmark = pytest.mark.django_db


def test_the_paired_change_of_a_known_dataset() -> None:
    change = paired_change(KNOWN)
    assert change.n == 5
    assert change.mean_before == pytest.approx(1.8)
    assert change.mean_after == pytest.approx(3.4)
    assert change.mean_change == pytest.approx(1.6)
    assert change.ci_low == pytest.approx(0.184285223, abs=1e-8)
    assert change.ci_high == pytest.approx(3.015714777, abs=1e-8)
    assert change.clearly_up
    assert not change.clearly_down


def test_one_pair_has_a_change_but_no_interval_and_none_has_nothing() -> None:
    one = paired_change([(2, 5)])
    assert (one.n, one.mean_change, one.ci_low, one.ci_high) == (1, 3, None, None)
    assert paired_change([]).mean_change is None


def test_the_program_s_results_pair_the_same_person_and_question(known: SimpleNamespace) -> None:
    # Someone who answered only before is left out of the pairs.
    loner = EnrollmentFactory(program=known.world.program_a, role="mentee")
    answered(known.instrument, loner, "before", {"confidence_skills": 1})
    results = {
        r.question.key: r for r in program_results(instrument=known.instrument, after="closure")
    }
    confidence = results["confidence_skills"]
    assert confidence.change.n == 5
    assert confidence.change.mean_change == pytest.approx(1.6)
    assert [(name, before, after, change) for name, before, after, change in confidence.people] == [
        ("Mentee 1", 1, 3, 2),
        ("Mentee 2", 2, 3, 1),
        ("Mentee 3", 3, 5, 2),
        ("Mentee 4", 2, 2, 0),
        ("Mentee 5", 1, 4, 3),
    ]
    assert results["network_size"].change.n == 0
    assert "employment" not in results  # a choice has no mean


def test_staff_read_the_change_in_an_accessible_table(
    client: Client, known: SimpleNamespace
) -> None:
    client.force_login(known.world.bob)  # a coordinator of agency A
    url = reverse(
        "reports:assessment_results", args=[known.world.program_a.pk, known.instrument.pk]
    )
    page = client.get(url).content.decode()
    assert "<caption" in page
    assert 'scope="row"' in page
    assert "+1.60" in page
    assert "from 0.18 to 3.02" in page
    assert "Higher: the whole interval is above zero" in page
    assert "Mentee 4" in page


def test_the_network_holds_back_fewer_than_five_pairs(
    client: Client, known: SimpleNamespace
) -> None:
    world = known.world
    ids = (world.agency_a.pk, world.agency_b.pk)
    [confidence] = [r for r in network_results(organization_ids=ids, after="closure") if r.change.n]
    assert (confidence.change.n, confidence.hidden, confidence.n_text) == (5, False, "5")
    known.people[0].delete()
    [confidence] = [r for r in network_results(organization_ids=ids, after="closure") if r.change.n]
    assert (confidence.change.n, confidence.hidden, confidence.n_text) == (4, True, "fewer than 5")
    client.force_login(world.grace)
    page = client.get(reverse("reports:network_assessments")).content.decode()
    assert "fewer than 5" in page
    assert "not shown: fewer than 5 people or answers" in page
    assert "Mentee 2" not in page  # no personal data at the network level
    assert "+1.60" not in page


def test_the_person_sees_their_own_before_and_after(client: Client, known: SimpleNamespace) -> None:
    client.force_login(known.people[4].person)
    page = client.get(reverse("reports:assessments")).content.decode()
    assert "What changed for you" in page
    assert "+3" in page
    other = PersonFactory()
    client.force_login(other)
    assert "+3" not in client.get(reverse("reports:assessments")).content.decode()


def test_employment_is_counted_per_moment_and_held_back_for_the_network(
    client: Client, known: SimpleNamespace
) -> None:
    for enrollment, answer in zip(
        known.people, ["in_field", "in_field", "not_working", "in_field", "in_field"], strict=True
    ):
        sent = enrollment.assessments.get(moment="closure")
        AssessmentAnswer.objects.create(
            assessment=sent, question=known.instrument.questions.get(key="employment"), value=answer
        )
    [table] = program_choice_tables(instrument=known.instrument)
    assert table.moments == ["At the end of the mentorship"]
    assert [(label, [f.text() for f in figures]) for label, figures in table.rows] == [
        ("Yes, meaningful work in my field or close to it", ["4"]),
        ("Yes, but not in my field", ["0"]),
        ("No, not at the moment", ["1"]),
        ("Answered", ["5"]),
    ]
    world = known.world
    [network] = network_choice_tables(organization_ids=(world.agency_a.pk, world.agency_b.pk))
    texts = [[f.text() for f in figures] for _label, figures in network.rows]
    # 4 and 1 are both small; hidden together they could be 1 + 4, 2 + 3, 3 + 2 or 4 + 1.
    assert texts == [["fewer than 5"], ["0"], ["fewer than 5"], ["5"]]
    known.people[0].assessments.get(moment="closure").answers.update(value="outside_field")
    [network] = network_choice_tables(organization_ids=(world.agency_a.pk, world.agency_b.pk))
    texts = [[f.text() for f in figures] for _label, figures in network.rows]
    # 3, 1 and 1 of 5: the smallest shown row would let a reader work the others out.
    assert texts[-1] == ["5"]
    assert all(text != ["1"] for text in texts)
    client.force_login(world.grace)
    page = client.get(reverse("reports:network_assessments")).content.decode()
    assert "Yes, meaningful work in my field or close to it" in page
    assert "fewer than 5" in page
