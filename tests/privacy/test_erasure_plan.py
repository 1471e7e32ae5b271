"""Every kind of record linked to a person has a planned action in the erasure plan: a model
added later with a link to a person (directly, or through a record of theirs such as an
enrollment or a message) fails here until someone decides what erasing a person does to it."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db.models import Model

from bridgeway.privacy.erasure.plan import ACTIONS, PLAN, STEPS


def _ours() -> list[type[Model]]:
    return [model for model in apps.get_models() if model.__module__.startswith("bridgeway.")]


def _linked() -> set[str]:
    person = apps.get_model(settings.AUTH_USER_MODEL)
    direct = {
        model
        for model in _ours()
        if any(
            field.is_relation and field.related_model is person
            for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        )
    }
    through = {
        model
        for model in _ours()
        if any(
            field.is_relation and field.related_model in direct
            for field in model._meta.concrete_fields
        )
    }
    return {model._meta.label for model in direct | through} | {person._meta.label}


def test_every_model_linked_to_a_person_has_a_planned_action() -> None:
    missing = sorted(_linked() - set(PLAN))
    assert not missing, "no erasure plan for: " + ", ".join(missing)


def test_the_plan_names_real_models_actions_and_steps() -> None:
    steps = {name for name, _step in STEPS}
    for label, planned in PLAN.items():
        apps.get_model(label)  # raises for a model that no longer exists
        assert planned.action in ACTIONS, label
        assert planned.why, label
        if planned.action in ("delete", "blank"):
            assert planned.step in steps, label
        else:
            assert planned.step in steps | {""}, label
    assert steps <= {planned.step for planned in PLAN.values()} | {"mentions"}
