"""Write one person's data into a zip, read from the personal-data registry.

For every model declared personal (privacy/registry.py) the person's rows become one JSON file
and, for every kind but the profile, one CSV file with the same columns; each row holds only the
fields that are this person's (an agreement shows their signature, not the other side's). Links
to other rows are shown as their number ("#12", the "Number" column of the other file), links to
another person as "another person", never a name; links to things that are nobody's (a
program, a question) by their name. Files the person uploaded are copied in, under files/.
README.txt, in the person's language, says what each file holds.

Rows are streamed with `iterator()` and written straight into the zip entry: a person with a
million messages costs the same memory as one with ten.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import BooleanField, Case, Q, Value, When
from django.db.models.fields import AutoFieldMixin
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext, gettext_lazy

from bridgeway.core.audit import action_label
from bridgeway.core.spreadsheets import formula_safe
from bridgeway.privacy.registry import (
    Personal,
    declarations,
    fields_for,
    owner_fields,
    owner_q,
    personal_declarations,
)

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

CHUNK = 2000

# Values that read better in words than as their code (how the export shows them; what is
# personal is the registry's business).
READERS: dict[tuple[str, str], Callable[[Any], Any]] = {
    ("core.AuditEvent", "action"): action_label,
}
# Columns a library's model names only in English (allauth's MFA model has no verbose names).
KEYS: dict[tuple[str, str], Any] = {
    ("mfa.Authenticator", "type"): gettext_lazy("Kind"),
    ("mfa.Authenticator", "created_at"): gettext_lazy("Added"),
    ("mfa.Authenticator", "last_used_at"): gettext_lazy("Last used"),
    ("authtoken.Token", "created"): gettext_lazy("Made"),
    ("accounts.SignedInSession", "expire_date"): gettext_lazy("Signed out automatically on"),
}


# Columns worked out from a row rather than read from one of its fields.
EXTRA_COLUMNS: dict[str, Callable[[Any], dict[str, Any]]] = {}


@dataclass
class Written:
    """What went into the zip, for the README and the request's record."""

    kinds: list[dict[str, Any]] = field(default_factory=list)
    files: int = 0


def export_write(*, person: Person, out: IO[bytes]) -> Written:
    """Write the zip of `person`'s data to `out`, in their language and time zone."""
    written = Written()
    language = person.preferred_language
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with (
        translation.override(language),
        timezone.override(person.time_zone or "UTC"),
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
    ):
        for model, declaration in personal_declarations():
            kind = _Kind(model, declaration, person)
            if not kind.owners or not kind.queryset().exists():
                continue
            count = kind.write_json(archive)
            if model._meta.label != "accounts.Person":
                kind.write_csv(archive)
            written.files += kind.copy_files(archive)
            written.kinds.append(kind.summary(count))
        readme = render_to_string(
            "privacy_exports/README.txt",
            {"person": person, "kinds": written.kinds, "files": written.files},
        )
        archive.writestr("README.txt", readme)
    return written


class _Kind:
    """One model's rows of one person, as records with readable keys."""

    def __init__(self, model: type[models.Model], declaration: Personal, person: Person):
        self.model = model
        self.declaration = declaration
        self.person = person
        self._labels: dict[tuple[type, Any], str] = {}
        self._keys: dict[str, str] = {}
        opts = model._meta
        with translation.override("en"):
            plural = slugify(str(opts.verbose_name_plural)) or opts.model_name
        self.path = f"{opts.app_label}/{plural}"
        self.links = [f for f in opts.concrete_fields if f.is_relation]
        # Owners with nothing of theirs in the row (the person a concern is about) get no rows.
        self.owners = [o for o in declaration.owners if owner_fields(model, declaration, o)]

    def queryset(self) -> models.QuerySet[Any]:
        owned = {
            f"_owner_{i}": Case(
                When(owner_q(owner, self.person), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
            for i, owner in enumerate(self.owners)
        }
        mine = Q(pk__in=[])
        for owner in self.owners:
            mine |= owner_q(owner, self.person)
        return self.model._base_manager.filter(mine).annotate(**owned).order_by("pk")

    def records(self) -> Iterator[dict[str, Any]]:
        """The rows as records; the words and field lists are worked out once per kind (a
        person may have many thousands of messages)."""
        number, in_archive = gettext("Number"), gettext("File in this archive")
        you, another = gettext("you"), gettext("another person")
        layouts: dict[tuple[bool, ...], list[tuple[str, Any, Any, Any]]] = {}
        links = [(self._key(link), link.attname, self._link_kind(link)) for link in self.links]
        read_more = EXTRA_COLUMNS.get(self.model._meta.label)
        # A row is numbered by its id; a key that is a secret (an API token's, a session's)
        # is not shown: such rows are numbered 1, 2, 3 in the file.
        by_count = not isinstance(self.model._meta.pk, AutoFieldMixin)
        for counted, row in enumerate(self.queryset().iterator(chunk_size=CHUNK), start=1):
            mask = tuple(bool(getattr(row, f"_owner_{i}")) for i in range(len(self.owners)))
            if mask not in layouts:
                layouts[mask] = self._layout(
                    [o for o, own in zip(self.owners, mask, strict=True) if own]
                )
            record: dict[str, Any] = {number: counted if by_count else row.pk}
            for key, attname, choices, reader in layouts[mask]:
                value = _value(getattr(row, attname), choices)
                record[key] = reader(value) if reader and value else value
            for key, attname, kind in links:
                value = getattr(row, attname)
                if value is None:
                    record[key] = ""
                elif kind == "person":
                    record[key] = you if value == self.person.pk else another
                elif kind == "personal":
                    record[key] = f"#{value}"
                else:
                    record[key] = self._label(kind, value)
            for stored in self.declaration.files:
                record[in_archive] = self._file_path(row, stored)
            if read_more is not None:
                record.update(read_more(row))
            yield record

    def _layout(self, owners: list[Any]) -> list[tuple[str, Any, Any, Any]]:
        """(key, attribute, choice labels, reader) of the fields these owners see."""
        layout = []
        for name in fields_for(self.model, self.declaration, owners):
            model_field: Any = self.model._meta.get_field(name)
            choices = (
                {k: str(v) for k, v in model_field.flatchoices} if model_field.choices else None
            )
            reader = READERS.get((self.model._meta.label, name))
            layout.append((self._key(model_field), model_field.attname, choices, reader))
        return layout

    def _link_kind(self, link: Any) -> Any:
        """ "person", "personal" (shown as its number) or the model to name the row by."""
        related = link.related_model
        if related._meta.label == "accounts.Person":
            return "person"
        if isinstance(declarations().get(related._meta.label), Personal):
            return "personal"
        return related

    def _key(self, model_field: Any) -> str:
        """The field's name in the person's language; the code name too when two fields of
        the model read the same (a certificate's program and its printed program name)."""
        named = KEYS.get((self.model._meta.label, model_field.name))
        if named is not None:
            return str(named)
        if not self._keys:
            seen: dict[str, int] = {}
            for each in self.model._meta.concrete_fields:
                label = str(each.verbose_name)
                seen[label] = seen.get(label, 0) + 1
            for each in self.model._meta.concrete_fields:
                label = str(each.verbose_name)
                label = label[:1].upper() + label[1:]
                self._keys[each.name] = (
                    label if seen[str(each.verbose_name)] == 1 else f"{label} ({each.name})"
                )
        return self._keys[model_field.name]

    def _label(self, related: Any, value: Any) -> str:
        """A row that is nobody's (a program, a question) by its name, read once."""
        key = (related, value)
        if key not in self._labels:
            found = related._base_manager.filter(pk=value).first()
            self._labels[key] = str(found) if found is not None else f"#{value}"
        return self._labels[key]

    def _file_path(self, row: models.Model, stored: Any) -> str:
        stored_name = getattr(row, stored.field)
        if not stored_name:
            return ""
        given = getattr(row, stored.name_field, "") if stored.name_field else stored_name
        safe = get_valid_filename(str(given).rsplit("/", 1)[-1]) or "file"
        return f"files/{self.path}/{row.pk}-{safe}"

    def write_json(self, archive: zipfile.ZipFile) -> int:
        count = 0
        with archive.open(f"{self.path}.json", "w", force_zip64=True) as raw:
            out = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
            title = json.dumps(self.title(), ensure_ascii=False)
            out.write(f'{{\n  "{gettext("Title")}": {title},\n  "{gettext("Records")}": [')
            for record in self.records():
                text = json.dumps(record, ensure_ascii=False, indent=2, default=str)
                out.write(("\n" if count == 0 else ",\n") + _indent(text, 4))
                count += 1
            out.write("\n  ]\n}\n")
            out.flush()
            out.detach()
        return count

    def write_csv(self, archive: zipfile.ZipFile) -> None:
        with archive.open(f"{self.path}.csv", "w", force_zip64=True) as raw:
            out = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            writer: Any = None
            yes, no = gettext("yes"), gettext("no")
            for record in self.records():
                if writer is None:
                    writer = csv.DictWriter(out, fieldnames=list(record), extrasaction="ignore")
                    writer.writeheader()
                writer.writerow({k: _cell(v, yes, no) for k, v in record.items()})
            out.flush()
            out.detach()

    def copy_files(self, archive: zipfile.ZipFile) -> int:
        copied = 0
        if not self.declaration.files:
            return 0
        for row in self.queryset().iterator(chunk_size=CHUNK):
            for stored in self.declaration.files:
                name = getattr(row, stored.field)
                storage = storages[stored.storage]
                if not name or not storage.exists(name):
                    continue
                with (
                    storage.open(name, "rb") as source,
                    archive.open(self._file_path(row, stored), "w", force_zip64=True) as target,
                ):
                    for chunk in iter(lambda: source.read(1 << 20), b""):
                        target.write(chunk)
                copied += 1
        return copied

    def title(self) -> str:
        return str(self.declaration.what or self.model._meta.verbose_name_plural)

    def summary(self, count: int) -> dict[str, Any]:
        return {
            "json": f"{self.path}.json",
            "csv": f"{self.path}.csv" if self.model._meta.label != "accounts.Person" else "",
            "title": self.title(),
            "count": count,
        }


def _value(value: Any, choices: dict[Any, str] | None) -> Any:
    if value is None:
        return None
    if choices is not None:
        return choices.get(value, value)
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


def _cell(value: Any, yes: str, no: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes if value else no
    if isinstance(value, dict | list):
        return formula_safe(json.dumps(value, ensure_ascii=False))
    return formula_safe(str(value))


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line for line in text.splitlines())
