"""Writes of the funder exports: an agency uploads a mapping file (a new version, never an
edit), and every export is written to the audit log — who, which mapping and version, which
period and program, how many rows."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.core.models import Organization
from bridgeway.core.services import DomainError, audit_record
from bridgeway.reports.funders.mapping import Mapping, mapping_parse
from bridgeway.reports.funders.models import FunderMapping
from bridgeway.reports.funders.rows import Selection
from bridgeway.reports.funders.selectors import shipped_refs


@transaction.atomic
def mapping_upload(
    *, organization: Organization, by: Person, text: str, file_name: str = ""
) -> tuple[FunderMapping, bool]:
    """Keep a new version of a mapping (the caller checked the person is an agency admin).
    Raises MappingInvalid (every problem, with its line) or DomainError. Uploading the same
    file again changes nothing and answers (the mapping, False)."""
    mapping = mapping_parse(text)
    if mapping.ref in shipped_refs():
        raise DomainError(
            _(
                "Bridgeway ships version %(version)d of “%(key)s”: give your file a higher "
                "version, or a key of your own."
            )
            % {"version": mapping.version, "key": mapping.key},
            "file",
        )
    found = FunderMapping.objects.select_for_update().filter(
        organization=organization, key=mapping.key, version=mapping.version
    )
    existing = found.first()
    if existing is not None:
        if existing.text == text:
            return existing, False
        raise DomainError(
            _(
                "Version %(version)d of “%(key)s” is already kept, with other content: give "
                "your file the next version number."
            )
            % {"version": mapping.version, "key": mapping.key},
            "file",
        )
    try:
        with transaction.atomic():
            uploaded = FunderMapping.objects.create(
                organization=organization,
                key=mapping.key,
                version=mapping.version,
                funder=mapping.funder,
                name=mapping.name,
                text=text,
                file_name=file_name[:200],
                uploaded_by=by,
            )
    except IntegrityError:
        # The same version uploaded at the same moment by someone else.
        return FunderMapping.objects.get(
            organization=organization, key=mapping.key, version=mapping.version
        ), False
    audit_record(
        actor=by,
        action="reports.funder_mapping_upload",
        organization=organization,
        target=uploaded,
        data={"mapping": mapping.ref, "name": mapping.name, "funder": mapping.funder},
    )
    return uploaded, True


def export_record(
    *,
    mapping: Mapping,
    selection: Selection,
    by: Person | None,
    rows: int,
    file_format: str,
) -> None:
    """One audit row per export, written before its file goes out."""
    audit_record(
        actor=by,
        action="reports.funder_export",
        organization=selection.organization,
        data={
            "mapping": mapping.ref,
            "name": mapping.name,
            "start": selection.start.isoformat(),
            "end": selection.end.isoformat(),
            "program": selection.program.name if selection.program is not None else "",
            "rows": rows,
            "format": file_format,
        },
    )
