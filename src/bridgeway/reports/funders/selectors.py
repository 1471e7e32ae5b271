"""The mappings an agency can use: those Bridgeway ships (files in funders/mappings/) and those
the agency uploaded. Another agency's mapping is the same 404 as one that does not exist."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.db.models import QuerySet
from django.http import Http404

from bridgeway.core.models import Organization
from bridgeway.programs.models import Program
from bridgeway.reports.funders.mapping import Mapping, MappingInvalid, MappingProblem, mapping_parse
from bridgeway.reports.funders.models import FunderMapping

SHIPPED = Path(__file__).parent / "mappings"


@dataclass(frozen=True)
class Entry:
    """A mapping as the pages list it. An upload that no longer reads (a source renamed since)
    keeps its problems and cannot be used until a new version is uploaded."""

    ref: str
    mapping: Mapping | None
    uploaded: FunderMapping | None = None
    problems: tuple[MappingProblem, ...] = ()

    @property
    def shipped(self) -> bool:
        return self.uploaded is None

    @property
    def name(self) -> str:
        return self.mapping.name if self.mapping else self._uploaded.name

    @property
    def funder(self) -> str:
        return self.mapping.funder if self.mapping else self._uploaded.funder

    @property
    def version(self) -> int:
        return self.mapping.version if self.mapping else self._uploaded.version

    @property
    def _uploaded(self) -> FunderMapping:
        assert self.uploaded is not None  # an entry has a mapping, an upload, or both
        return self.uploaded

    @property
    def text(self) -> str:
        return self.uploaded.text if self.uploaded is not None else self.usable.text

    @property
    def usable(self) -> Mapping:
        if self.mapping is None:
            raise Http404
        return self.mapping


@lru_cache(maxsize=1)
def shipped_mappings() -> tuple[Mapping, ...]:
    """The mappings shipped with Bridgeway, by file name (a file that does not read fails
    loudly: tests/reports/funders checks every one)."""
    found = []
    for path in sorted(SHIPPED.glob("*.toml")):
        found.append(mapping_parse(path.read_text(encoding="utf-8")))
    return tuple(found)


def shipped_refs() -> set[str]:
    return {mapping.ref for mapping in shipped_mappings()}


def _entry(uploaded: FunderMapping) -> Entry:
    ref = f"{uploaded.key}-v{uploaded.version}"
    try:
        return Entry(ref=ref, mapping=mapping_parse(uploaded.text), uploaded=uploaded)
    except MappingInvalid as error:
        return Entry(ref=ref, mapping=None, uploaded=uploaded, problems=tuple(error.problems))


def uploaded_mappings(organization: Organization) -> QuerySet[FunderMapping]:
    return FunderMapping.objects.filter(organization=organization).select_related("uploaded_by")


def mappings_for(organization: Organization) -> list[Entry]:
    """The agency's uploads (newest version of each key first), then the shipped ones."""
    uploads = [_entry(row) for row in uploaded_mappings(organization)]
    return uploads + [Entry(ref=mapping.ref, mapping=mapping) for mapping in shipped_mappings()]


def mapping_get(*, organization: Organization, ref: str) -> Entry:
    """One mapping by its ref ("icare-client-profile-v1"); 404 for any other agency's."""
    key, _sep, version = ref.rpartition("-v")
    if version.isdigit():
        uploaded = uploaded_mappings(organization).filter(key=key, version=int(version)).first()
        if uploaded is not None:
            return _entry(uploaded)
    for mapping in shipped_mappings():
        if mapping.ref == ref:
            return Entry(ref=ref, mapping=mapping)
    raise Http404


def program_choices(organization: Organization) -> QuerySet[Program]:
    return Program.objects.filter(organization=organization).order_by("name")


def program_by_slug(organization: Organization, slug: str) -> Program | None:
    return Program.objects.filter(organization=organization, slug=slug).first()
