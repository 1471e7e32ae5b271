"""The match-quality page, its CSV file, the links to it, and who may read it."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import MembershipFactory, PersonFactory, ProgramFactory
from tests.reports.quality.conftest import rule

pytestmark = pytest.mark.django_db
YEAR = "?start=2025-01-01&end=2025-12-31"


def _page(client: Client, person, query: str = YEAR) -> str:
    client.force_login(person)
    response = client.get(reverse("reports:match_quality", args=["agency-a"]) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_staff_read_what_the_data_show(client, known: SimpleNamespace, bob) -> None:
    page = _page(client, bob)
    assert "22 pairs closed in the period." in page
    assert "20 of them have a match score and an answer to the closure survey" in page
    assert "1 pair gave no answer." in page
    assert "1 pair has no match score on record." in page
    # The summary names the one rule with clear differences, in plain words.
    assert (
        "<strong>What is your field of work?</strong>: Pairs who met this rule were more "
        "satisfied: 4.80 against 3.40." in page
    )
    assert "More of the pairs who met this rule reached their goals: 90% against 20%." in page
    # Each reading names its measure; the time zone's groups overlap on both.
    assert (
        "<strong>Goals reached</strong>: The data do not show a clear difference: the two "
        "intervals overlap." in page
    )
    assert "<strong>Satisfaction</strong>: Pairs who met this rule were more satisfied" in page


def test_the_tables_carry_n_and_intervals_and_say_too_few(client, known, bob) -> None:
    page = _page(client, bob)
    assert "<caption" in page
    assert "Band 1 of 4: the lowest scores" in page
    assert "<td>50 to 58</td><td>5</td><td>3.40 (95% interval from 2.72 to 4.08)</td>" in page
    assert "Pairs in the highest band were more satisfied than those in the lowest" in page
    assert "4.80 (95% interval from 4.50 to 5.00)" in page
    assert "+1.40 (95% interval from" in page
    assert "too few to say" in page
    assert "<li>Too few to say: the pairs who met it and those who did not each need" in page
    assert "+70 percentage points (95% interval from" in page
    assert "No program asks this any more" in page


def test_admins_get_a_link_to_change_each_weight(client, known, alice, bob) -> None:
    question = known.questions[0]
    edit = reverse("questionnaires:question_edit", args=[known.program.pk, question.pk])
    query = f"{YEAR}&program={known.program.pk}"
    page = _page(client, alice, query)
    assert "Weight now: 8 out of 10." in page
    assert f'href="{edit}"' in page
    page = _page(client, bob, query)
    assert f'href="{edit}"' not in page
    assert "An agency admin changes weights in the questionnaire" in page
    # Over two programs that ask it, a rule's weights are each program's: none shown.
    other = ProgramFactory(organization=known.program.organization, slug="career-a")
    rule(other, "occupation", "occupation", "same_value", 3, "Your occupation")
    page = _page(client, alice)
    assert "Weight now" not in page
    assert "Choose a program to see its weights and change them." in page


def test_the_mentors_answers_and_french(client, known, alice) -> None:
    page = _page(client, alice, YEAR + "&answers=mentor")
    assert "Mentors' answers to the closure survey." in page
    assert "No rule shows a clear difference yet." in page
    alice.preferred_language = "fr"
    alice.save(update_fields=["preferred_language"])
    page = _page(client, alice)
    assert 'lang="fr"' in page
    assert "What is your field of work? (fr)" in page


def test_an_empty_period_says_so(client, known, bob) -> None:
    page = _page(client, bob, "?start=2023-01-01&end=2023-12-31")
    assert "No pair closed in this period." in page
    assert "<caption" not in page


def test_a_bad_period_is_explained(client, known, bob) -> None:
    page = _page(client, bob, "?start=2025-05-01&end=2025-01-01")
    assert "The end of the period comes before its start." in page


def test_the_csv_file_holds_the_figures_in_columns(client, known, bob) -> None:
    client.force_login(bob)
    url = reverse("reports:match_quality_csv", args=["agency-a"]) + YEAR
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "match-quality" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Section", "Group", "Pairs (n)", "Mean satisfaction (1 to 5)"]
    band = rows[1]
    assert band[1] == "Band 1 of 4: the lowest scores (scores 50 to 58)"
    assert band[2:6] == ["5", "3.4", "2.72", "4.08"]
    assert band[6] == "40.0"
    met = next(
        r for r in rows if r[0] == "What is your field of work?" and r[1] == "Pairs who met it"
    )
    assert met[2:4] == ["10", "4.8"]
    about = next(r for r in rows if r[0] == "About you" and r[1] == "Pairs who met it")
    assert about[2:4] == ["0", "too few to say"]


def test_links_from_the_dashboard_the_questionnaire_and_the_match_board(
    client, known, alice
) -> None:
    client.force_login(alice)
    url = reverse("reports:match_quality", args=["agency-a"])
    dashboard = client.get(reverse("reports:agency", args=["agency-a"])).content.decode()
    assert f'href="{url}"' in dashboard
    builder = reverse("questionnaires:builder", args=[known.program.pk])
    page = client.get(builder).content.decode()
    assert f'href="{url}?program={known.program.pk}"' in page
    assert "How each rule has done" in page
    board = client.get(reverse("matching:board", args=[known.program.pk])).content.decode()
    assert f'href="{url}?program={known.program.pk}"' in board


def test_others_get_the_same_404_as_for_a_missing_agency(client, known, carol, erin, grace):
    for person in (carol, erin, grace):
        client.force_login(person)
        for name in ("agency-a", "no-such-agency"):
            for view in ("reports:match_quality", "reports:match_quality_csv"):
                assert client.get(reverse(view, args=[name])).status_code == 404


def test_staff_without_two_step_verification_are_sent_to_set_it_up(client, agency_a) -> None:
    person = PersonFactory()
    MembershipFactory(organization=agency_a, person=person)
    client.force_login(person)
    response = client.get(reverse("reports:match_quality", args=["agency-a"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:mfa_required")
