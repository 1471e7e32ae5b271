"""`bridgeway funder_export`: exit 2 listing what is missing and no file; the file otherwise;
a mapping file with an error names its line and field."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

from bridgeway.core.models import AuditEvent
from tests.reports.funders.conftest import answer
from tests.reports.funders.test_check import MEETINGS

pytestmark = pytest.mark.django_db
ARGS = ["--agency", "agency-a", "--from", "2026-03-01", "--to", "2026-03-31"]


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("funder_export", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_missing_fields_exit_2_with_the_list_and_write_nothing(
    known: SimpleNamespace, tmp_path: Path
) -> None:
    target = tmp_path / "profile.csv"
    err = io.StringIO()
    with pytest.raises(CommandError) as stopped:
        call_command(
            "funder_export",
            "--mapping",
            "icare-client-profile-v1",
            *ARGS,
            "--out",
            str(target),
            stderr=err,
        )
    assert stopped.value.returncode == 2
    assert "2 missing or invalid fields for 1 person: no file was written" in str(stopped.value)
    assert err.getvalue().splitlines() == [
        f"Bilal (enrollment {known.bilal.pk}) · Date of Birth: Missing: "
        "No answer to the program's question “date_of_birth”.",
        f"Bilal (enrollment {known.bilal.pk}) · Postal Code: Invalid: "
        "“ABC” does not have the expected form.",
    ]
    assert list(tmp_path.iterdir()) == []
    assert not AuditEvent.objects.filter(action="reports.funder_export").exists()


def test_the_file_is_written_once_nothing_is_missing(
    known: SimpleNamespace, tmp_path: Path
) -> None:
    answer(known.bilal, date_of_birth="1979-06-30")
    target = tmp_path / "cc.csv"
    out, _err = run("--mapping", "icare-community-connections-v1", *ARGS, "--out", str(target))
    assert out.strip() == f"wrote 2 rows for 2 people to {target}"
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [row["Number of Sessions in Period"] for row in rows] == ["2", "1"]
    event = AuditEvent.objects.get(action="reports.funder_export")
    assert event.actor is None
    assert event.data["rows"] == 2


def test_a_mapping_file_with_an_error_names_its_line(known, tmp_path: Path) -> None:
    broken = tmp_path / "sessions.toml"
    broken.write_text(MEETINGS.replace('type = "integer"', 'type = "number"'), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError) as stopped:
        call_command(
            "funder_export", "--mapping", str(broken), *ARGS, "--out", str(tmp_path / "x.csv"),
            stderr=err,
        )  # fmt: skip
    assert stopped.value.returncode == 1
    assert err.getvalue().strip() == (
        f"{broken}: line 25: column 4, “Minutes”, type: "
        "Choose one of: text, integer, decimal, date, code."
    )


def test_a_mapping_file_is_read_from_disk(known, tmp_path: Path) -> None:
    mapping = tmp_path / "sessions.toml"
    mapping.write_text(MEETINGS.replace("min = 40", "min = 1"), encoding="utf-8")
    target = tmp_path / "sessions.xlsx"
    out, _err = run("--mapping", str(mapping), *ARGS, "--out", str(target))
    assert out.strip() == f"wrote 3 rows for 2 people to {target}"
    assert target.read_bytes()[:2] == b"PK"


def test_an_unknown_mapping_or_agency_is_named(known, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no mapping nope-v1; this agency has: icare-"):
        run("--mapping", "nope-v1", *ARGS, "--out", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="no agency has the short name nowhere"):
        run("--mapping", "icare-client-profile-v1", "--agency", "nowhere", "--from",
            "2026-03-01", "--to", "2026-03-31", "--out", str(tmp_path / "x.csv"))  # fmt: skip
