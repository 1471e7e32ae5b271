"""Participants of a program in and out of CSV files. Columns: docs/csv-import.md.

Import is two steps: a dry run that checks every row and reports each problem by row and column,
then a commit that writes all rows or none. People the agency already knows are enrolled; anyone
else is invited by email and enrolled only if they accept (invitations.py). Importing the same
file twice changes nothing the second time (people are matched by email)."""

from __future__ import annotations

import csv
import io
import unicodedata
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError, audit_record
from bridgeway.core.spreadsheets import formula_safe
from bridgeway.programs.invitations import (
    agency_known_emails,
    invitation_create,
    invitations_declined,
    invitations_open,
)
from bridgeway.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus, Program
from bridgeway.programs.questionnaires.codelists import LANGUAGES
from bridgeway.programs.questionnaires.countries import COUNTRIES
from bridgeway.programs.services import enrollment_advance_if_ready

COLUMNS = [
    "email",
    "name",
    "role",
    "status",
    "preferred_language",
    "time_zone",
    "country",
    "languages",
    "arrival_date",
    "capacity",
]
REQUIRED = {"email", "role"}
# "Ready to match" is reached through the screening and training gates, never by import.
IMPORT_STATUSES = {EnrollmentStatus.APPLIED, EnrollmentStatus.SCREENING, EnrollmentStatus.TRAINING}
MAX_ROWS = 5000
MAX_BYTES = 2 * 1024 * 1024
# No column holds more than this; a longer cell is a mistake (a whole paragraph in "email").
MAX_CELL = 320
# How much of a refused value an error quotes back.
SHOWN_VALUE = 40


@dataclass
class ImportRow:
    number: int  # the line in the file, header = 1
    values: dict[str, str]
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column or "", message)
    outcome: str = ""  # what the commit does: enroll, invite, or nothing


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    file_errors: list[str]

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(len(row.errors) for row in self.rows)

    @property
    def is_valid(self) -> bool:
        return self.error_count == 0 and bool(self.rows)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError(_("The file is not text. Save it as CSV (UTF-8) and try again."))


def _unreadable(line: int) -> str:
    return _(
        "Line %(line)s cannot be read: a cell is too long or a quote is not closed. Nothing "
        "was imported."
    ) % {"line": line}


def import_preview(*, program: Program, data: bytes) -> ImportPreview:
    """Check every row without writing anything."""
    if len(data) > MAX_BYTES:
        return ImportPreview([], [_("The file is larger than 2 MB. Split it into smaller files.")])
    try:
        text = _decode(data)
    except DomainError as error:
        return ImportPreview([], [error.message])
    # strict: a quote that is never closed is an error, not the rest of the file in one cell.
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        header = [name.strip().lower() for name in next(reader, [])]
    except csv.Error:
        # Python's reader refuses a cell over 131,072 characters, or a broken quote.
        return ImportPreview([], [_unreadable(1)])
    missing = REQUIRED - set(header)
    if missing:
        return ImportPreview(
            [],
            [
                _("The first line must name the columns; missing: %(columns)s.")
                % {"columns": ", ".join(sorted(missing))}
            ],
        )
    unknown = [name for name in header if name not in COLUMNS]
    file_errors = []
    if unknown:
        file_errors.append(
            _("Unknown columns: %(columns)s. Allowed: %(allowed)s.")
            % {"columns": ", ".join(unknown), "allowed": ", ".join(COLUMNS)}
        )
    rows: list[ImportRow] = []
    seen: dict[tuple[str, str], int] = {}
    while True:
        first_line = reader.line_num + 1  # a quoted cell may run over several lines
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            file_errors.append(_unreadable(first_line))
            break
        if len(rows) >= MAX_ROWS:
            file_errors.append(_("A file may hold at most 5000 rows."))
            break
        values = {
            name: value.strip()
            for name, value in zip(header, cells, strict=False)
            if name in COLUMNS
        }
        if not any(cell.strip() for cell in cells):
            continue
        row = ImportRow(number=first_line, values=values)
        if any(cell.strip() for cell in cells[len(header) :]):
            row.errors.append(
                ("", _("This line has more cells than the first line names columns."))
            )
        _check_row(row)
        key = (values.get("email", "").lower(), values.get("role", "").lower())
        if key in seen and not row.errors:
            row.errors.append(
                ("email", _("Same email and role as line %(line)s.") % {"line": seen[key]})
            )
        seen.setdefault(key, row.number)
        rows.append(row)
    if not rows and not file_errors:
        file_errors.append(_("The file has no participant rows."))
    _describe_outcomes(program, rows)
    return ImportPreview(rows, file_errors)


def _check_row(row: ImportRow) -> None:
    values = row.values
    email = values.get("email", "")
    try:
        validate_email(email)
    except ValidationError:
        row.errors.append(
            ("email", _("“%(value)s” is not an email address.") % {"value": _short(email)})
        )
    role = values.get("role", "").lower()
    if role not in EnrollmentRole.values:
        row.errors.append(("role", _("Role must be “mentee” or “mentor”.")))
    status = values.get("status", "").lower()
    if status and status not in IMPORT_STATUSES:
        row.errors.append(
            (
                "status",
                _("Status must be one of: %(allowed)s.")
                % {"allowed": ", ".join(sorted(IMPORT_STATUSES))},
            )
        )
    language = values.get("preferred_language", "")
    if language and language not in dict(settings.LANGUAGES):
        row.errors.append(
            (
                "preferred_language",
                _("Language must be one of: %(allowed)s.")
                % {"allowed": ", ".join(dict(settings.LANGUAGES))},
            )
        )
    time_zone = values.get("time_zone", "")
    if time_zone and time_zone not in zoneinfo.available_timezones():
        row.errors.append(
            (
                "time_zone",
                _("“%(value)s” is not a time zone such as America/Toronto.")
                % {"value": _short(time_zone)},
            )
        )
    country = values.get("country", "")
    if country and country.upper() not in COUNTRIES:
        row.errors.append(
            (
                "country",
                _("“%(value)s” is not a country code. Use the two-letter code, such as SY or CO.")
                % {"value": _short(country)},
            )
        )
    unknown = [code for code in _languages(values.get("languages", "")) if code not in LANGUAGES]
    if unknown:
        row.errors.append(
            (
                "languages",
                _(
                    "Unknown language codes: %(codes)s. Use the codes of the language list, "
                    "separated by “;”, such as ar;en."
                )
                % {"codes": ", ".join(_short(code) for code in unknown[:5])},
            )
        )
    arrival = values.get("arrival_date", "")
    if arrival:
        try:
            date.fromisoformat(arrival)
        except ValueError:
            row.errors.append(("arrival_date", _("Write the date as YYYY-MM-DD.")))
    capacity = values.get("capacity", "")
    if capacity:
        if role != EnrollmentRole.MENTOR:
            row.errors.append(("capacity", _("Only mentors have a capacity.")))
        elif not capacity.isdigit() or not 1 <= int(capacity) <= 50:
            row.errors.append(("capacity", _("Capacity must be a whole number from 1 to 50.")))
    if len(values.get("name", "")) > 150:
        row.errors.append(("name", _("The name is longer than 150 characters.")))
    for column, value in values.items():
        if len(value) > MAX_CELL and column != "name":
            row.errors.append(
                (
                    column,
                    ngettext(
                        "This cell is longer than %(count)s character.",
                        "This cell is longer than %(count)s characters.",
                        MAX_CELL,
                    )
                    % {"count": MAX_CELL},
                )
            )
        # A line break, tab or NUL byte inside a cell is a mistake of the file, and the
        # database would refuse a NUL.
        if any(unicodedata.category(char) == "Cc" for char in value):
            row.errors.append(
                (column, _("This cell holds a control character, such as a line break."))
            )


def _short(value: str) -> str:
    """A bad value quoted back in an error, cut so that a long cell cannot flood the page."""
    return value if len(value) <= SHOWN_VALUE else value[: SHOWN_VALUE - 1] + "…"


def _describe_outcomes(program: Program, rows: Iterable[ImportRow]) -> None:
    """What the commit will do with each row. A person outside the agency is described exactly
    like an address nobody uses: the preview reveals nothing about other agencies' people."""
    rows = [row for row in rows if not row.errors]
    emails = {row.values["email"].lower() for row in rows}
    known = agency_known_emails(organization=program.organization, emails=emails)
    enrolled = set(
        Enrollment.objects.filter(program=program, person__email__in=known).values_list(
            "person__email", "role"
        )
    )
    invited = invitations_open(program=program, emails=emails - known)
    declined = invitations_declined(program=program, emails=emails - known)
    for row in rows:
        email, role = row.values["email"].lower(), row.values["role"].lower()
        if (email, role) in enrolled:
            row.outcome = _("Already enrolled: unchanged")
        elif email in known:
            row.outcome = _("Known to your agency: new enrollment")
        elif (email, role) in invited:
            row.outcome = _("Already invited: waiting for their answer")
        elif (email, role) in declined:
            row.outcome = _("Declined an earlier invitation: not invited again")
        else:
            row.outcome = _("Invited by email: enrolled when they accept")


@dataclass(frozen=True)
class ImportResult:
    enrolled: int  # new enrollments of people the agency knows
    invited: int  # invitations sent


def _details(values: dict[str, str]) -> dict[str, Any]:
    """What an invitation keeps from the file, applied on acceptance to blank profile fields."""
    return {
        "name": values.get("name", ""),
        "preferred_language": values.get("preferred_language", ""),
        "time_zone": values.get("time_zone", ""),
        "country": values.get("country", "").upper(),
        "languages": _languages(values.get("languages", "")),
        "arrival_date": values.get("arrival_date", ""),
        "status": values.get("status", "").lower(),
        "capacity": int(values["capacity"]) if values.get("capacity") else None,
    }


@transaction.atomic
def import_commit(*, program: Program, data: bytes, by: Person) -> ImportResult:
    """Write every row, or none if any row has a problem: people the agency knows are enrolled,
    anyone else is invited by email and enrolled when they accept."""
    preview = import_preview(program=program, data=data)
    if not preview.is_valid:
        raise DomainError(_("The file has problems; nothing was imported."))
    emails = {row.values["email"].lower() for row in preview.rows}
    known = agency_known_emails(organization=program.organization, emails=emails)
    people = {p.email.lower(): p for p in Person.objects.filter(email__in=known)}
    enrolled = invited = 0
    for row in preview.rows:
        values = row.values
        email, role = values["email"].lower(), values["role"].lower()
        if email not in known:
            invited += (
                invitation_create(
                    program=program, email=email, role=role, details=_details(values), by=by
                )
                is not None
            )
            continue
        enrollment, created = Enrollment.objects.get_or_create(
            program=program,
            person=people[email],
            role=role,
            defaults={
                "status": values.get("status", "").lower() or EnrollmentStatus.APPLIED,
                "capacity": int(values["capacity"])
                if values.get("capacity")
                else (program.mentor_capacity_default if role == EnrollmentRole.MENTOR else None),
            },
        )
        enrolled += created
        if created and enrollment.status == EnrollmentStatus.TRAINING:
            enrollment_advance_if_ready(enrollment=enrollment)
    audit_record(
        actor=by,
        organization=program.organization,
        action="participants.import",
        target=program,
        summary=", ".join(
            (
                ngettext("%(count)s row", "%(count)s rows", len(preview.rows))
                % {"count": len(preview.rows)},
                ngettext("%(count)s new enrollment", "%(count)s new enrollments", enrolled)
                % {"count": enrolled},
                ngettext("%(count)s invitation", "%(count)s invitations", invited)
                % {"count": invited},
            )
        ),
    )
    return ImportResult(enrolled=enrolled, invited=invited)


def _languages(value: str) -> list[str]:
    return [code.strip().lower() for code in value.replace(",", ";").split(";") if code.strip()]


def _cell(value: object) -> str:
    """Spreadsheets run cells that start like a formula; a leading apostrophe keeps them text."""
    return formula_safe("" if value is None else str(value))


def export_rows(*, program: Program) -> Iterable[list[str]]:
    yield [*COLUMNS, "applied_at"]
    enrollments = Enrollment.objects.filter(program=program).select_related("person").order_by("id")
    for enrollment in enrollments.iterator(chunk_size=500):
        person = enrollment.person
        yield [
            _cell(value)
            for value in (
                person.email,
                person.display_name,
                enrollment.role,
                enrollment.status,
                person.preferred_language,
                person.time_zone,
                person.country,
                ";".join(person.spoken_languages or []),
                person.arrival_date.isoformat() if person.arrival_date else "",
                enrollment.capacity or "",
                enrollment.created_at.date().isoformat(),
            )
        ]
