"""`bridgeway funder_export --mapping REF|FILE --agency AGENCY [--program PROGRAM] --from DATE
--to DATE --out FILE.csv|FILE.xlsx`: a funder's rows for a period, written only when nothing is
missing.

The mapping is a shipped or uploaded one by its ref (icare-client-profile-v1), or a mapping
file. Exit status: 0 when the file is written (and the export audited, as the command line);
2 when some fields are missing or invalid — every one is listed, per person, and no file is
written; 1 for a mapping file with errors (each names its line and field) or another mistake."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import translation

from bridgeway.core.models import Organization
from bridgeway.reports.funders import download, selectors, services
from bridgeway.reports.funders.check import export_check, problems_found
from bridgeway.reports.funders.mapping import Mapping, MappingInvalid, mapping_parse
from bridgeway.reports.funders.rows import Selection

MISSING_FIELDS = 2


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text}: give a date such as 2026-03-31") from None


class Command(BaseCommand):
    help = "Write a funder's rows for a period (exit 2 listing what is missing, if anything)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mapping", required=True, help="a mapping's ref, or a .toml file")
        parser.add_argument("--agency", required=True, help="the agency's short name")
        parser.add_argument("--program", default="", help="one program's short name")
        parser.add_argument("--from", dest="start", required=True, help="first day, 2026-03-01")
        parser.add_argument("--to", dest="end", required=True, help="last day, 2026-03-31")
        parser.add_argument("--out", required=True, help="the file to write: .csv or .xlsx")
        parser.add_argument("--language", default="en", help="language of the messages")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self._run(options)

    def _run(self, options: dict[str, Any]) -> None:
        organization = Organization.objects.filter(slug=options["agency"]).first()
        if organization is None:
            raise CommandError(f"no agency has the short name {options['agency']}")
        mapping = self._mapping(options["mapping"], organization)
        program = None
        if options["program"]:
            program = selectors.program_by_slug(organization, options["program"])
            if program is None:
                raise CommandError(f"{organization.slug} has no program {options['program']}")
        start, end = _date(options["start"]), _date(options["end"])
        if end < start:
            raise CommandError("--to comes before --from")
        out = Path(options["out"])
        file_format = out.suffix.lower().lstrip(".")
        if file_format not in download.FORMATS:
            raise CommandError("--out must end in .csv or .xlsx")
        selection = Selection(organization=organization, start=start, end=end, program=program)
        check = export_check(mapping, selection)
        if not check.rows:
            raise CommandError("no rows for this period: nothing to write")
        if not check.ready:
            for problem in problems_found(mapping, selection):
                row = f" · {problem.row}" if problem.row else ""
                self.stderr.write(
                    f"{problem.person} (enrollment {problem.enrollment_id}){row} · "
                    f"{problem.column}: {problem.kind_label}: {problem.message}"
                )
            people = check.people_with_problems
            raise CommandError(
                f"{check.problem_count} missing or invalid fields for {people} "
                f"{'person' if people == 1 else 'people'}: no file was written",
                returncode=MISSING_FIELDS,
            )
        services.export_record(
            mapping=mapping, selection=selection, by=None, rows=check.rows, file_format=file_format
        )
        _write(out, download.export_chunks(mapping, selection, file_format))
        self.stdout.write(f"wrote {check.rows} rows for {check.people} people to {out}")

    def _mapping(self, name: str, organization: Organization) -> Mapping:
        path = Path(name)
        if path.suffix == ".toml" and path.is_file():
            try:
                return mapping_parse(path.read_text(encoding="utf-8"))
            except MappingInvalid as error:
                for problem in error.problems:
                    self.stderr.write(f"{path}: {problem}")
                raise CommandError(f"{path} has {len(error.problems)} problems") from None
            except UnicodeDecodeError:
                raise CommandError(f"{path} is not UTF-8 text") from None
        try:
            return selectors.mapping_get(organization=organization, ref=name).usable
        except Http404:
            known = ", ".join(entry.ref for entry in selectors.mappings_for(organization))
            raise CommandError(f"no mapping {name}; this agency has: {known}") from None


def _write(out: Path, chunks: Any) -> None:
    """Write beside the target, then rename: a failed export leaves no partial file."""
    folder = out.parent if str(out.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=out.suffix)
    try:
        with os.fdopen(handle, "wb") as target:
            for chunk in chunks:
                target.write(chunk)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
