"""The personal-data registry: every model of the project, declared by its own app.

Each app lists its models in `<app>/privacy.py` (``DECLARATIONS``, in the words of
core/personal.py); this module collects them and answers the questions the export and erasure
both ask: which rows are a person's (`rows_of`), which of a row's fields are theirs
(`fields_for`), which stored files go with them. tests/privacy/test_registry.py walks every model
and fails when one is not declared, when a declared field does not exist, or when a field that
looks personal is neither declared personal nor declared not personal with a reason.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.utils.module_loading import import_string

from bridgeway.core.personal import ALL, Declaration, NotPersonal, Owner, Personal, StoredFile

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

__all__ = [
    "ALL",
    "LIBRARY_MODELS",
    "Declaration",
    "NotPersonal",
    "Owner",
    "Personal",
    "StoredFile",
    "declarations",
    "fields_for",
    "owner_fields",
    "owner_q",
    "personal_declarations",
    "project_models",
    "rows_of",
    "value_fields",
]


# Models of the libraries that hold a person's own account records: declared (by the accounts
# app) and exported like the project's own; erasure deletes them (privacy/erasure/records.py).
# Sessions are not among them: they live in the project's own `accounts.SignedInSession`
# (settings.SESSION_ENGINE), and Django's session table stays empty.
LIBRARY_MODELS = (
    "account.EmailAddress",
    "mfa.Authenticator",
    "authtoken.Token",
)


def project_models() -> list[type[models.Model]]:
    """Every concrete model of the project's own apps, and the libraries' account records."""
    ours = [m for m in apps.get_models() if m.__module__.startswith("bridgeway.")]
    installed = {m._meta.label: m for m in apps.get_models()}
    return ours + [installed[label] for label in LIBRARY_MODELS if label in installed]


@cache
def declarations() -> dict[str, Declaration]:
    """Model label -> its declaration, read from every project app's `privacy.py`."""
    found: dict[str, Declaration] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("bridgeway."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.privacy")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.privacy":
                raise
            continue
        for declaration in getattr(module, "DECLARATIONS", []):
            if declaration.model in found:
                raise ImproperlyConfigured(f"{declaration.model} is declared twice")
            found[declaration.model] = declaration
    return found


def personal_declarations() -> list[tuple[type[models.Model], Personal]]:
    """(model, declaration) for every model holding personal data, in the apps' order."""
    found = []
    for model in project_models():
        declaration = declarations().get(model._meta.label)
        if isinstance(declaration, Personal):
            found.append((model, declaration))
    return found


def value_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The model's concrete fields that hold a value rather than a link (no primary key)."""
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and not f.is_relation  # type: ignore[union-attr]
    ]


def owner_fields(model: type[models.Model], declaration: Personal, owner: Owner) -> list[str]:
    """The names of the fields personal to `owner`, `shared` ones included, in model order."""
    if owner.fields == ALL:
        others = {
            name
            for other in declaration.owners
            if other is not owner and other.fields != ALL
            for name in other.fields
        }
        skipped = others | set(declaration.not_personal)
        chosen = {f.name for f in value_fields(model) if f.name not in skipped}
    else:
        chosen = set(owner.fields)
    chosen |= set(declaration.shared)
    return [f.name for f in value_fields(model) if f.name in chosen]


def owner_q(owner: Owner, person: Person) -> Q:
    """The rows `owner` makes theirs for `person`."""
    if owner.finder:
        condition = import_string(owner.finder)(person)
    elif owner.path == "":
        condition = Q(pk=person.pk)
    elif owner.by_email:
        condition = Q(**{f"{owner.path}__iexact": person.email})
    else:
        condition = Q(**{owner.path: person.pk})
    return condition & Q(**owner.where) if owner.where else condition


def rows_of(model: type[models.Model], declaration: Personal, person: Person) -> Q:
    """Every row of the model that is the person's under any of its owners."""
    condition = Q(pk__in=[])
    for owner in declaration.owners:
        condition |= owner_q(owner, person)
    return condition


def fields_for(model: type[models.Model], declaration: Personal, owners: list[Owner]) -> list[str]:
    """The fields of a row personal to a person who owns it as each of `owners`."""
    chosen: set[str] = set()
    for owner in owners:
        chosen.update(owner_fields(model, declaration, owner))
    return [f.name for f in value_fields(model) if f.name in chosen]
