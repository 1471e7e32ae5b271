"""Rows of every personal kind for one person, each text field holding a unique marker.

Driven by the registry, so a model added tomorrow is planted too: for every owner of every
personal model, one row whose path leads to the person. Fields personal to that owner hold a
MINE marker (must be in the export), fields personal only to the row's other owners an OTHR
marker, fields declared not personal a NOTP marker (neither may be in it). Rows the planted row
needs (a program, the other side of a pair) are made too; their people and text hold OTHR
markers: they are someone else's.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.privacy.registry import Owner, Personal, owner_fields, personal_declarations
from tests.factories import PersonFactory

TEXT = (models.CharField, models.TextField)
MARKER_LENGTH = 9
# Optional links some rows need by a constraint of their model (a follow is of a space or a topic).
NEEDED_LINKS = {
    "community.Follow": ("space",),
    "reports.MonthlyReportSubscription": ("organization",),
}


def _sessions(planter: Planter) -> None:
    """A session signed in as the person, and one of someone else, each with its browser
    (found live by their person column)."""
    from bridgeway.accounts.session_engines.db import SessionStore
    from bridgeway.accounts.sessions import AGENT, GENERATION, SEEN_AT, SIGNED_IN_AT

    now = int(timezone.now().timestamp())
    for person, book, prefix in (
        (planter.person, planter.mine, "MINE"),
        (planter.other_person(), planter.others, "OTHR"),
    ):
        store = SessionStore()
        store["_auth_user_id"] = str(person.pk)
        store[SIGNED_IN_AT], store[SEEN_AT] = now - 3600, now - 60
        store[GENERATION] = person.session_generation
        store[AGENT] = planter._remember(prefix, "accounts.SignedInSession.user_agent", book)
        store.create()


# Rows planted by hand (their owner has a `finder`), by model.
FOUND = {"accounts.SignedInSession": _sessions}


class Planter:
    def __init__(self, person: Person) -> None:
        self.person = person
        self.count = 0
        self.mine: dict[str, str] = {}  # marker -> "label.field"
        self.others: dict[str, str] = {}
        self.kinds: set[str] = set()

    def _next(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count:04d}x"

    def other_person(self) -> Person:
        return PersonFactory(
            display_name=self._remember("OTHR", "accounts.Person.display_name", self.others),
            email=f"{self._next('o')}@example.org",
        )

    def _remember(self, prefix: str, where: str, book: dict[str, str]) -> str:
        marker = self._next(prefix)
        book[marker] = where
        return marker

    def plant_all(self) -> None:
        for model, declaration in personal_declarations():
            for owner in declaration.owners:
                if not owner_fields(model, declaration, owner):
                    # Nothing of theirs in such a row (a concern about them): the row is made
                    # and everything in it is someone else's.
                    self.make(
                        model, path=owner.path, owner=owner, declaration=declaration, role="other"
                    )
                    continue
                if owner.finder:
                    FOUND[model._meta.label](self)
                elif model is Person:
                    self._plant_person(declaration, owner)
                else:
                    self.make(model, path=owner.path, owner=owner, declaration=declaration)
                self.kinds.add(model._meta.label)

    def _plant_person(self, declaration: Personal, owner: Owner) -> None:
        for name in owner_fields(Person, declaration, owner):
            field = Person._meta.get_field(name)
            text = isinstance(field, TEXT) and not field.choices
            long_enough = (getattr(field, "max_length", None) or 999) >= MARKER_LENGTH
            if text and long_enough and name not in {"time_zone", "email"}:
                setattr(self.person, name, self._remember("MINE", f"Person.{name}", self.mine))
        self.person.save()

    def make(
        self,
        model: type[models.Model],
        *,
        path: str | None = None,
        owner: Owner | None = None,
        declaration: Personal | None = None,
        role: str = "",
    ) -> models.Model:
        """A row of `model`; when `path` is given it leads from the row to the person."""
        values: dict[str, Any] = {}
        first, _sep, rest = (path or "").partition("__")
        label = model._meta.label
        decls = {m._meta.label: d for m, d in personal_declarations()}
        declaration = declaration or decls.get(label)
        mine_fields: set[str] = set()
        other_fields: set[str] = set()
        not_personal: set[str] = set()
        if isinstance(declaration, Personal) and owner is None and path is not None:
            # A row on the way to the person (the enrollment of an answer) is theirs too.
            owner = next((o for o in declaration.owners if o.path == path), None)
        if isinstance(declaration, Personal):
            not_personal = set(declaration.not_personal)
            if owner is not None and role != "other":
                mine_fields = set(owner_fields(model, declaration, owner))
            for each in declaration.owners:
                other_fields |= set(owner_fields(model, declaration, each))
            other_fields -= mine_fields
            if path is not None and owner is None:
                other_fields = set()  # on the way to the person, but not by an owner's path
            if path is None:  # a row someone else needs: all of it is theirs
                other_fields |= {f.name for f in model._meta.concrete_fields if not f.is_relation}
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            name = field.name
            if path is not None and name == first:
                if owner is not None and owner.by_email and not rest:
                    values[name] = self.person.email
                elif not rest:
                    values[name] = self.person
                else:
                    values[name] = self.make(field.related_model, path=rest)  # type: ignore[arg-type]
                continue
            if field.is_relation:
                if field.null and name not in NEEDED_LINKS.get(label, ()):
                    continue
                related: Any = field.related_model
                values[name] = self.other_person() if related is Person else self.make(related)
                continue
            values[name] = self._value(
                model,
                field,
                mine=name in mine_fields,
                other=name in other_fields,
                hidden=name in not_personal,
            )
        if owner is not None and owner.where:
            for condition, wanted in owner.where.items():
                if condition.endswith("__isnull") and wanted:
                    values.pop(condition.removesuffix("__isnull"), None)
        row = model(**values)
        self._files(row, declaration, mine=bool(mine_fields))
        if path is None and not isinstance(declaration, Personal):
            # Something that is nobody's and unique by kind (a purpose's consent text, which
            # the migrations already wrote): the existing row does.
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                existing = model._base_manager.first()
                assert existing is not None
                return existing
            return row
        row.save()
        return row

    def _files(self, row: models.Model, declaration: Any, *, mine: bool) -> None:
        for stored in getattr(declaration, "files", ()):
            content = self._remember(
                "MINE" if mine else "OTHR",
                f"{row._meta.label} file",
                self.mine if mine else self.others,
            )
            name = storages[stored.storage].save(
                f"planted/{uuid.uuid4().hex}.txt", ContentFile(content.encode())
            )
            setattr(row, stored.field, name)

    def _value(
        self, model: type[models.Model], field: Any, *, mine: bool, other: bool, hidden: bool
    ) -> Any:
        where = f"{model._meta.label}.{field.name}"
        if field.choices:
            return field.choices[0][0]
        if isinstance(field, models.EmailField):
            prefix = "MINE" if mine else "OTHR" if other else "NOTP"
            marker = self._next(prefix)
            if mine:
                self.mine[marker] = where
            elif other or hidden:
                self.others[marker] = where
            return f"{marker}@example.org"
        if isinstance(field, models.URLField):
            return f"https://example.org/{self._next('u')}"
        if isinstance(field, models.JSONField):
            if mine:
                return [self._remember("MINE", where, self.mine)]
            if other or hidden:
                return [self._remember("OTHR", where, self.others)]
            return field.get_default() if field.has_default() else []
        if isinstance(field, TEXT):
            if "time_zone" in field.name:
                return "America/Toronto"
            if (field.max_length or 999) < MARKER_LENGTH:
                return "en" if (field.max_length or 2) >= 2 else "x"
            if mine:
                return self._remember("MINE", where, self.mine)
            if other or hidden:
                return self._remember("OTHR", where, self.others)
            return self._next("n")
        if isinstance(field, models.DateTimeField):
            return timezone.now()
        if isinstance(field, models.DateField):
            return dt.date(2026, 11, 1)
        if isinstance(field, models.TimeField):
            return dt.time(9, 0)
        if isinstance(field, models.UUIDField):
            return uuid.uuid4()
        if isinstance(field, models.DecimalField):
            return Decimal("1")
        if isinstance(field, models.BooleanField):
            return field.get_default() if field.has_default() else False
        if isinstance(field, models.IntegerField):
            if field.unique:
                self.count += 1
                return self.count
            default = field.get_default() if field.has_default() else None
            return default if isinstance(default, int) and default > 0 else 1
        return field.get_default()
