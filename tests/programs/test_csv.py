from __future__ import annotations

import csv
import io
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.core.models import AuditEvent
from bridgeway.core.services import DomainError
from bridgeway.programs import csv_io
from bridgeway.programs.models import Enrollment, ProgramInvitation

pytestmark = pytest.mark.django_db

GOOD = (
    "email,name,role,preferred_language,time_zone,country,languages,arrival_date,capacity\n"
    "yara@example.org,Yara,mentee,fr,Asia/Damascus,SY,ar;en,2027-01-15,\n"
    "Daniel@Example.org,Daniel,mentor,en,America/Toronto,CA,en;he,,2\n"
)


def test_people_the_agency_does_not_know_are_invited_not_enrolled(
    world: SimpleNamespace, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    preview = csv_io.import_preview(program=world.program_a, data=GOOD.encode())
    assert preview.is_valid
    assert [row.outcome for row in preview.rows] == [
        "Invited by email: enrolled when they accept",
        "Invited by email: enrolled when they accept",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        result = csv_io.import_commit(program=world.program_a, data=GOOD.encode(), by=world.bob)
    assert (result.enrolled, result.invited) == (0, 2)
    assert not Person.objects.filter(email="yara@example.org").exists()
    assert not Enrollment.objects.filter(person__email="yara@example.org").exists()
    invitation = ProgramInvitation.objects.get(email="daniel@example.org")
    assert (invitation.role, invitation.details["capacity"]) == ("mentor", 2)
    assert sorted(m.to[0] for m in mailoutbox) == ["daniel@example.org", "yara@example.org"]
    yara_email = next(m for m in mailoutbox if m.to == ["yara@example.org"])
    assert "invites you" not in yara_email.subject  # her file said French
    assert "vous invite" in yara_email.subject
    assert AuditEvent.objects.filter(action="participants.import").count() == 1


def test_people_the_agency_knows_are_enrolled_at_once(world: SimpleNamespace) -> None:
    known = "email,role\nerin@example.org,mentor\n"
    world.erin.email = "erin@example.org"
    world.erin.save(update_fields=["email"])
    preview = csv_io.import_preview(program=world.program_a, data=known.encode())
    assert [row.outcome for row in preview.rows] == ["Known to your agency: new enrollment"]
    result = csv_io.import_commit(program=world.program_a, data=known.encode(), by=world.bob)
    assert (result.enrolled, result.invited) == (1, 0)
    assert Enrollment.objects.filter(person=world.erin, role="mentor").exists()


def test_importing_the_same_file_twice_changes_nothing(world: SimpleNamespace) -> None:
    csv_io.import_commit(program=world.program_a, data=GOOD.encode(), by=world.bob)
    counts = (Person.objects.count(), Enrollment.objects.count(), ProgramInvitation.objects.count())
    preview = csv_io.import_preview(program=world.program_a, data=GOOD.encode())
    assert {row.outcome for row in preview.rows} == {"Already invited: waiting for their answer"}
    result = csv_io.import_commit(program=world.program_a, data=GOOD.encode(), by=world.bob)
    assert (result.enrolled, result.invited) == (0, 0)
    assert (
        Person.objects.count(),
        Enrollment.objects.count(),
        ProgramInvitation.objects.count(),
    ) == counts


def test_bad_rows_are_named_and_nothing_is_written(world: SimpleNamespace) -> None:
    bad = (
        "email,role,time_zone,country,arrival_date,capacity,status\n"
        "ok@example.org,mentee,,,,,\n"
        "not-an-email,boss,Mars/Base,Syria,15/01/2027,3,ready\n"
        "ok@example.org,mentee,,,,,\n"
    )
    preview = csv_io.import_preview(program=world.program_a, data=bad.encode())
    assert not preview.is_valid
    row = preview.rows[1]
    assert row.number == 3
    assert {column for column, _message in row.errors} == {
        "email",
        "role",
        "time_zone",
        "country",
        "arrival_date",
        "capacity",
        "status",
    }
    assert preview.rows[2].errors == [("email", "Same email and role as line 2.")]
    before = Person.objects.count()
    with pytest.raises(DomainError):
        csv_io.import_commit(program=world.program_a, data=bad.encode(), by=world.bob)
    assert Person.objects.count() == before


def test_a_file_without_the_required_columns_says_so(world: SimpleNamespace) -> None:
    preview = csv_io.import_preview(program=world.program_a, data=b"name,city\nA,B\n")
    assert preview.file_errors == ["The first line must name the columns; missing: email, role."]


def test_the_export_escapes_formulas(world: SimpleNamespace) -> None:
    world.erin.display_name = '=HYPERLINK("http://evil")'
    world.erin.save()
    rows = list(csv_io.export_rows(program=world.program_a))
    assert rows[0][:3] == ["email", "name", "role"]
    names = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in names


def test_a_coordinator_imports_through_the_page(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.bob)
    url = reverse("programs:participants_import", args=[world.program_a.pk])
    upload = SimpleUploadedFile("people.csv", GOOD.encode(), content_type="text/csv")
    preview = client.post(url, {"file": upload})
    assert b"2 rows are ready to import." in preview.content
    title = preview.content.decode().split("<title>")[1].split("</title>")[0]
    assert "Import participants" in title
    assert "<" not in title
    assert not ProgramInvitation.objects.exists()
    done = client.post(url, {"action": "commit"}, follow=True)
    assert "0 people enrolled. 2 people invited by email" in done.content.decode()
    assert "yara@example.org" in done.content.decode()  # the list of invitations sent
    assert ProgramInvitation.objects.filter(email="yara@example.org").exists()


def test_the_export_downloads_a_csv_and_is_audited(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.bob)
    response = client.get(reverse("programs:participants_export", args=[world.program_a.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert {row[0] for row in rows[1:]} == {"erin@example.org", "frank@example.org"}
    assert AuditEvent.objects.filter(action="participants.export").exists()


def test_a_cell_too_long_for_the_csv_reader_is_a_clear_error_not_a_crash(
    world: SimpleNamespace, client: Client
) -> None:
    huge = "x" * 131_073
    data = f"email,name,role\nok@example.org,{huge},mentee\n".encode()
    preview = csv_io.import_preview(program=world.program_a, data=data)
    assert not preview.is_valid
    assert preview.file_errors == [
        "Line 2 cannot be read: a cell is too long or a quote is not closed. Nothing was imported."
    ]
    client.force_login(world.bob)
    url = reverse("programs:participants_import", args=[world.program_a.pk])
    response = client.post(url, {"file": SimpleUploadedFile("big.csv", data, "text/csv")})
    assert response.status_code == 200
    assert b"Line 2 cannot be read" in response.content
    assert not Person.objects.filter(email="ok@example.org").exists()


def test_a_long_cell_within_the_reader_limit_is_named_by_its_column(
    world: SimpleNamespace,
) -> None:
    data = f"email,role,time_zone\nok@example.org,mentee,{'A' * 400}\n".encode()
    row = csv_io.import_preview(program=world.program_a, data=data).rows[0]
    columns = [column for column, _message in row.errors]
    assert columns == ["time_zone", "time_zone"]  # not a time zone, and too long
    assert all(len(message) < 200 for _column, message in row.errors)  # the value is cut


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("country", "XX"),
        ("country", "Syria"),
        ("languages", "klingon;zz"),
        ("languages", "=1+1"),
        ("languages", "ar;xx"),
    ],
)
def test_countries_and_languages_must_come_from_the_code_lists(
    world: SimpleNamespace, column: str, value: str
) -> None:
    data = f"email,role,{column}\nok@example.org,mentee,{value}\n".encode()
    preview = csv_io.import_preview(program=world.program_a, data=data)
    assert [c for c, _message in preview.rows[0].errors] == [column]
    assert not preview.is_valid


def test_known_codes_pass_in_any_case(world: SimpleNamespace) -> None:
    data = b"email,role,country,languages\nok@example.org,mentee,sy,AR; en ;ase\n"
    assert csv_io.import_preview(program=world.program_a, data=data).is_valid


def test_a_header_cell_too_long_for_the_csv_reader_is_a_clear_error_not_a_crash(
    world: SimpleNamespace, client: Client
) -> None:
    data = f"email,role,{'x' * 131_073}\nok@example.org,mentee,\n".encode()
    preview = csv_io.import_preview(program=world.program_a, data=data)
    assert preview.file_errors == [
        "Line 1 cannot be read: a cell is too long or a quote is not closed. Nothing was imported."
    ]
    client.force_login(world.bob)
    url = reverse("programs:participants_import", args=[world.program_a.pk])
    response = client.post(url, {"file": SimpleUploadedFile("big.csv", data, "text/csv")})
    assert response.status_code == 200
    assert b"Line 1 cannot be read" in response.content
    assert not ProgramInvitation.objects.exists()


def test_a_quote_never_closed_is_named_by_the_line_it_starts_on(world: SimpleNamespace) -> None:
    data = b'email,role,name\nok@example.org,mentee,Ok\nyara@example.org,mentee,"Yara\n\n'
    preview = csv_io.import_preview(program=world.program_a, data=data)
    assert not preview.is_valid
    assert preview.file_errors == [
        "Line 3 cannot be read: a cell is too long or a quote is not closed. Nothing was imported."
    ]
    with pytest.raises(DomainError):
        csv_io.import_commit(program=world.program_a, data=data, by=world.bob)
    assert not ProgramInvitation.objects.exists()


def test_a_row_is_numbered_by_the_line_it_starts_on(world: SimpleNamespace) -> None:
    data = b'email,role,name\n\nok@example.org,mentee,"Two\nlines"\nnext@example.org,mentee,\n'
    rows = csv_io.import_preview(program=world.program_a, data=data).rows
    assert [row.number for row in rows] == [3, 5]


@pytest.mark.parametrize("value", ["Ab\x00c", "Tab\there", '"Two\nlines"'])
def test_control_characters_in_a_cell_are_refused(world: SimpleNamespace, value: str) -> None:
    data = f"email,role,name\nok@example.org,mentee,{value}\n".encode()
    preview = csv_io.import_preview(program=world.program_a, data=data)
    assert preview.rows[0].errors == [
        ("name", "This cell holds a control character, such as a line break.")
    ]


def test_more_cells_than_columns_is_an_error(world: SimpleNamespace) -> None:
    data = b"email,role\nok@example.org,mentee,SY\nfine@example.org,mentee,,\n"
    rows = csv_io.import_preview(program=world.program_a, data=data).rows
    assert rows[0].errors == [("", "This line has more cells than the first line names columns.")]
    assert rows[1].errors == []  # empty trailing cells, as spreadsheets write them


def test_refused_codes_are_named_with_their_field_and_value(world: SimpleNamespace) -> None:
    data = b"email,role,country,languages\nok@example.org,mentee,XX,klingon;zz\n"
    errors = csv_io.import_preview(program=world.program_a, data=data).rows[0].errors
    assert errors == [
        (
            "country",
            "\u201cXX\u201d is not a country code. Use the two-letter code, such as SY or CO.",
        ),
        (
            "languages",
            "Unknown language codes: klingon, zz. Use the codes of the language list, "
            "separated by \u201c;\u201d, such as ar;en.",
        ),
    ]


def test_a_person_the_agency_knows_keeps_their_own_profile(world: SimpleNamespace) -> None:
    world.erin.email = "erin@example.org"
    world.erin.save(update_fields=["email"])
    before = (world.erin.display_name, world.erin.country, world.erin.time_zone)
    data = b"email,name,role,country,time_zone\nerin@example.org,Other,mentor,SY,Asia/Damascus\n"
    csv_io.import_commit(program=world.program_a, data=data, by=world.bob)
    world.erin.refresh_from_db()
    assert (world.erin.display_name, world.erin.country, world.erin.time_zone) == before
