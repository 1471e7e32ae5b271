"""Every model of the project says what of it is personal and whose (privacy/registry.py)."""

from __future__ import annotations

from typing import Any

from django.db import models

from bridgeway.accounts.models import Person
from bridgeway.privacy.registry import (
    ALL,
    NotPersonal,
    Personal,
    declarations,
    owner_fields,
    project_models,
    value_fields,
)

# Field types whose values can say something about a person: a model related to a person must
# declare each of them personal, or not personal with a reason.
LOOKS_PERSONAL = (
    models.CharField,
    models.TextField,
    models.JSONField,
    models.FileField,
    models.DateField,  # DateTimeField too
    models.TimeField,
    models.GenericIPAddressField,
)


def _model_fields(model: type[models.Model]) -> dict[str, Any]:
    return {f.name: f for f in model._meta.concrete_fields}


def _resolve(model: type[models.Model], path: str) -> Any:
    """The last field of an ORM path of forward links; raises LookupError when one is missing."""
    field: Any = None
    current = model
    for part in path.split("__"):
        fields = _model_fields(current)
        if part not in fields:
            raise LookupError(f"{current._meta.label} has no field {part!r}")
        field = fields[part]
        if field.is_relation:
            current = field.related_model
    return field


def _person_links(model: type[models.Model]) -> set[str]:
    return {
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is Person  # type: ignore[misc]
    }


def test_every_model_is_declared() -> None:
    labels = {m._meta.label for m in project_models()}
    missing = sorted(labels - set(declarations()))
    assert not missing, "declare these in their app's privacy.py: " + ", ".join(missing)
    unknown = sorted(set(declarations()) - labels)
    assert not unknown, "declared but not a model of the project: " + ", ".join(unknown)


def test_every_declared_owner_path_reaches_a_person() -> None:
    wrong = []
    for model in project_models():
        declaration = declarations().get(model._meta.label)
        if declaration is None:
            continue  # test_every_model_is_declared names it
        if not isinstance(declaration, Personal):
            continue
        assert declaration.owners, f"{model._meta.label} is personal but has no owner"
        for owner in declaration.owners:
            if owner.finder:
                continue  # found by a function (a session keeps its person in its data)
            if owner.path == "":
                if model is not Person:
                    wrong.append(f"{model._meta.label}: only the person's own row has path ''")
                continue
            try:
                field = _resolve(model, owner.path)
            except LookupError as error:
                wrong.append(f"{model._meta.label}.{owner.path}: {error}")
                continue
            if owner.by_email:
                if not isinstance(field, models.CharField):
                    wrong.append(f"{model._meta.label}.{owner.path} holds no address")
            elif getattr(field, "related_model", None) is not Person:
                wrong.append(f"{model._meta.label}.{owner.path} does not reach a person")
            for condition in owner.where:
                try:
                    str(model._default_manager.filter(**{condition: owner.where[condition]}).query)
                except Exception as error:
                    wrong.append(f"{model._meta.label} where {condition}: {error}")
    assert not wrong, "\n".join(wrong)


def test_every_declared_field_exists_and_holds_a_value() -> None:
    wrong = []
    for model in project_models():
        declaration = declarations().get(model._meta.label)
        if declaration is None:
            continue  # test_every_model_is_declared names it
        names = {f.name for f in value_fields(model)}
        links = _person_links(model)
        if isinstance(declaration, Personal):
            listed = [*declaration.shared, *declaration.not_personal]
            for owner in declaration.owners:
                if owner.fields != ALL:
                    listed.extend(owner.fields)
            listed.extend(stored.field for stored in declaration.files)
            listed.extend(stored.name_field for stored in declaration.files if stored.name_field)
            wrong.extend(f"{model._meta.label}.{n}" for n in listed if n not in names)
            for why in declaration.not_personal.values():
                if not why.strip():
                    wrong.append(f"{model._meta.label}: a not-personal field without a reason")
        else:
            assert isinstance(declaration, NotPersonal)
            if not declaration.reason.strip():
                wrong.append(f"{model._meta.label}: not personal, without a reason")
        wrong.extend(
            f"{model._meta.label}.{n} is not a link to a person"
            for n in declaration.actors
            if n not in links
        )
    assert not wrong, "declared but not fields of the model:\n" + "\n".join(wrong)


def test_every_link_to_a_person_is_an_owner_or_an_actor() -> None:
    """Erasure reads the same declarations: a link to a person nobody declared would keep them."""
    undeclared = []
    for model in project_models():
        declaration = declarations().get(model._meta.label)
        if declaration is None:
            continue  # test_every_model_is_declared names it
        declared = set(declaration.actors)
        if isinstance(declaration, Personal):
            declared |= {o.path.split("__")[0] for o in declaration.owners if not o.by_email}
        undeclared.extend(
            f"{model._meta.label}.{name}" for name in sorted(_person_links(model) - declared)
        )
    assert not undeclared, "declare as an owner or an actor:\n" + "\n".join(undeclared)


def test_every_field_that_looks_personal_is_declared_one_way_or_the_other() -> None:
    undeclared = []
    for model in project_models():
        declaration = declarations().get(model._meta.label)
        if declaration is None:
            continue  # test_every_model_is_declared names it
        if not isinstance(declaration, Personal):
            continue
        declared = set(declaration.not_personal)
        for owner in declaration.owners:
            declared.update(owner_fields(model, declaration, owner))
        undeclared.extend(
            f"{model._meta.label}.{f.name}"
            for f in value_fields(model)
            if isinstance(f, LOOKS_PERSONAL) and f.name not in declared
        )
    assert not undeclared, (
        "declare each personal (an owner's fields or `shared`) or not personal with a reason:\n"
        + "\n".join(undeclared)
    )
