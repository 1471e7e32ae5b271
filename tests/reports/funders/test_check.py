"""The rows, the values written and the problems listed, on the hand-built network of
conftest.py (March 2026)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bridgeway.reports.funders.check import export_check, problems_found, row_cells
from bridgeway.reports.funders.mapping import mapping_parse
from bridgeway.reports.funders.rows import Selection, rows
from bridgeway.reports.funders.selectors import mapping_get
from tests.reports.funders.conftest import MARCH, answer

pytestmark = pytest.mark.django_db


def shipped(ref: str, agency) -> object:
    return mapping_get(organization=agency, ref=ref).usable


def table(mapping, selection: Selection) -> dict[str, dict[str, object]]:
    """{person: {header: value}} for rows without problems."""
    found = {}
    for row in rows(mapping, selection):
        cells, _problems = row_cells(mapping, row)
        found[row.enrollment.person.name] = dict(
            zip([c.header for c in mapping.columns], cells, strict=False)
        )
    return found


def test_the_client_profile_has_the_mentees_served_in_the_period(
    known: SimpleNamespace, march: Selection, agency_a
) -> None:
    mapping = shipped("icare-client-profile-v1", agency_a)
    found = table(mapping, march)
    assert sorted(found) == ["Amina", "Bilal", "Farah"]
    assert found["Amina"] == {
        "Client Validation ID (UCI)": "12-3456-7890",
        "Date of Birth": "1990-04-12",
        "Preferred Official Language": "French",
        "Gender": "Woman",
        "Postal Code": "K1A 0B1",
        "Date of Arrival in Canada": "2025-11-20",
        "First Language": "Arabic",
        "Consent for Future Research": "Yes",
        "Agency Client Number": known.amina.person_id,
        "Program": "Welcome Hosts A",
        "First Service Date in Period": "2026-02-10",
    }
    assert found["Farah"]["Consent for Future Research"] == "No"
    assert found["Farah"]["Preferred Official Language"] == "English"
    assert found["Farah"]["First Service Date in Period"] == "2026-03-02"


def test_the_check_lists_every_missing_or_invalid_field_per_person(
    known: SimpleNamespace, march: Selection, agency_a
) -> None:
    check = export_check(shipped("icare-client-profile-v1", agency_a), march)
    assert (check.rows, check.people, check.ready) == (3, 3, False)
    assert check.people_with_problems == 1
    assert [(p.person, p.column, p.kind, p.message) for p in check.problems] == [
        (
            "Bilal",
            "Date of Birth",
            "missing",
            "No answer to the program's question “date_of_birth”.",
        ),
        ("Bilal", "Postal Code", "invalid", "“ABC” does not have the expected form."),
    ]
    assert check.problems[1].expected == "A Canadian postal code, such as K1A 0B1."
    assert check.questions_not_asked == []


def test_once_fixed_the_check_passes(known: SimpleNamespace, march: Selection, agency_a) -> None:
    answer(known.bilal, date_of_birth="1979-06-30", postal_code="m5v 2t6")
    check = export_check(shipped("icare-client-profile-v1", agency_a), march)
    assert check.ready
    assert check.rows == 3
    assert check.problems == []


def test_community_connections_count_the_sessions_and_hours_of_the_period(
    known: SimpleNamespace, march: Selection, agency_a
) -> None:
    mapping = shipped("icare-community-connections-v1", agency_a)
    found = table(mapping, march)
    assert sorted(found) == ["Amina", "Bilal"]  # Farah's group is not a one-to-one mentorship
    amina, bilal = found["Amina"], found["Bilal"]
    # March 5th (60 minutes) and March 20th (Marc's 45): 1.75 hours; February is outside.
    assert (amina["Number of Sessions in Period"], amina["Hours of Service in Period"]) == (2, 1.8)
    assert (amina["Service Start Date"], amina["Service End Date"]) == ("2026-02-10", "")
    assert amina["Service Status"] == "Ongoing"
    assert amina["Activity"] == "Matching activity (one-to-one mentoring)"
    assert amina["Language of Service"] == "English"
    assert (amina["Period Start"], amina["Period End"]) == ("2026-03-01", "2026-03-31")
    assert (bilal["Service End Date"], bilal["Service Status"]) == ("2026-03-10", "Completed")
    assert (bilal["Number of Sessions in Period"], bilal["Hours of Service in Period"]) == (1, 0.5)
    check = export_check(mapping, march)
    assert [(p.person, p.column, p.kind) for p in check.problems] == [
        ("Bilal", "Date of Birth", "missing")
    ]


def test_one_program_at_a_time(known: SimpleNamespace, agency_a, program_a) -> None:
    from tests.factories import ProgramFactory

    other = ProgramFactory(organization=agency_a, name="Other")
    mapping = shipped("icare-client-profile-v1", agency_a)
    one = Selection(organization=agency_a, program=program_a, **MARCH)
    assert export_check(mapping, one).rows == 3
    only_other = Selection(organization=agency_a, program=other, **MARCH)
    check = export_check(mapping, only_other)
    assert (check.rows, check.ready) == (0, False)
    assert check.questions_not_asked == [
        "uci",
        "date_of_birth",
        "gender",
        "postal_code",
        "research_consent",
    ]


MEETINGS = """[mapping]
funder = "City of Ottawa"
name = "Sessions"
key = "sessions"
version = 1
rows = "meeting"

[[columns]]
header = "Client"
source = "person.name"

[[columns]]
header = "Mentor"
source = "mentor.name"

[[columns]]
header = "Day"
source = "meeting.date"
type = "date"
format = "%d/%m/%Y"

[[columns]]
header = "Minutes"
source = "meeting.minutes"
type = "integer"
min = 40
required = true

[[columns]]
header = "How"
source = "meeting.kind"
type = "code"
unmapped = "name"
language = "fr"
"""


def test_a_new_funder_is_a_new_file_one_row_per_meeting_held(
    known: SimpleNamespace, march: Selection
) -> None:
    mapping = mapping_parse(MEETINGS)
    lines = [row_cells(mapping, row) for row in rows(mapping, march)]
    assert [cells for cells, _problems in lines] == [
        ["Amina", "Marc", "05/03/2026", 60, "Appel vidéo (un lien)"],
        ["Amina", "Marc", "20/03/2026", 45, "Appel vidéo (un lien)"],
        ["Bilal", "Nadia", "03/03/2026", "", "Appel vidéo (un lien)"],
    ]
    problems = list(problems_found(mapping, march))
    assert [(p.person, p.row, p.message) for p in problems] == [
        ("Bilal", "Meeting of March 3, 2026", "30 is below the minimum, 40.")
    ]


PARTICIPANTS = """[mapping]
funder = "F"
name = "Everyone"
key = "everyone"
version = 1
rows = "participant"
role = "any"

[[columns]]
header = "Name"
source = "person.name"

[[columns]]
header = "Hours"
source = "participant.hours"
type = "decimal"

[[columns]]
header = "Meetings"
source = "participant.meetings"
type = "integer"

[[columns]]
header = "Last"
source = "participant.last_service_on"
type = "date"

[[columns]]
header = "Referrals"
source = "participant.referrals"
type = "integer"

[[columns]]
header = "Languages"
source = "person.languages"
type = "code"
unmapped = "name"
separator = " / "
"""


def test_participant_figures_count_pairs_groups_and_referrals(
    known: SimpleNamespace, march: Selection
) -> None:
    found = table(mapping_parse(PARTICIPANTS), march)
    assert sorted(found) == ["Amina", "Bilal", "Farah", "Marc", "Nadia"]
    assert found["Amina"] == {
        "Name": "Amina",
        "Hours": 1.75,
        "Meetings": 2,
        "Last": "",
        "Referrals": 0,
        "Languages": "Arabic / French",
    }
    assert (found["Marc"]["Hours"], found["Marc"]["Meetings"]) == (1.75, 2)
    assert (found["Bilal"]["Hours"], found["Bilal"]["Last"], found["Bilal"]["Referrals"]) == (
        0.5,
        "2026-03-10",
        1,
    )
    assert (found["Farah"]["Hours"], found["Farah"]["Meetings"]) == (1.5, 1)


def test_another_agency_s_people_are_never_in_the_rows(
    known: SimpleNamespace, march: Selection
) -> None:
    names = {row.enrollment.person.name for row in rows(mapping_parse(PARTICIPANTS), march)}
    assert "Zora" not in names
    assert "Yves" not in names


def test_enrolled_participants_are_those_who_had_not_left_before_the_period(
    known: SimpleNamespace, march: Selection
) -> None:
    enrolled = mapping_parse(
        PARTICIPANTS.replace('role = "any"', 'role = "mentee"\ninclude = "enrolled"')
    )
    names = sorted(row.enrollment.person.name for row in rows(enrolled, march))
    assert names == ["Amina", "Bilal", "Chen", "Dana", "Farah"]
    known.dana.status = "withdrawn"
    known.dana.status_changed_at = known.dana.created_at
    known.dana.save()
    names = sorted(row.enrollment.person.name for row in rows(enrolled, march))
    assert names == ["Amina", "Bilal", "Chen", "Farah"]


def test_the_check_reads_as_often_with_more_people(
    known: SimpleNamespace, march: Selection, agency_a
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.reports.funders.conftest import enroll, meeting, pair

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            for ref in ("icare-client-profile-v1", "icare-community-connections-v1"):
                export_check(shipped(ref, agency_a), march)
            export_check(mapping_parse(PARTICIPANTS), march)
        return len(seen)

    before = queries()
    for i in range(6):
        mentee = enroll(known.program, "mentee", f"More {i}")
        answer(mentee, uci="1234-5678", date_of_birth="1990-01-01")
        more = pair(mentee, enroll(known.program, "mentor", f"Mentor {i}"), "2026-03-02")
        meeting(more, "2026-03-09", (mentee.person, "met", 30))
    assert queries() == before


def test_files_are_written_a_piece_at_a_time(monkeypatch) -> None:
    from bridgeway.reports.funders import files

    monkeypatch.setattr(files, "EVERY", 2)
    rows_in = ([str(n), n] for n in range(9))
    assert len(list(files.csv_chunks(["a", "b"], rows_in))) == 5
    workbook = list(files.xlsx_chunks("Rows", ["a", "b"], ([str(n), n] for n in range(9))))
    assert len(workbook) > 3
