"""A new program follows the same rules as an edited one."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from bridgeway.core.services import DomainError
from bridgeway.programs import services
from bridgeway.programs.models import Program

pytestmark = pytest.mark.django_db

BROKEN_RULES = [
    ({"cohort_start": date(2027, 3, 1), "cohort_end": date(2027, 2, 1)}, "cohort_end"),
    ({"duration_weeks": 0}, "duration_weeks"),
    ({"mentor_capacity_default": 51}, "mentor_capacity_default"),
    ({"content_language": "not a language"}, "content_language"),
    ({"kind": "weekly"}, "kind"),
]


@pytest.mark.parametrize(("settings", "field"), BROKEN_RULES)
def test_it_refuses_the_same_settings_on_a_new_program_and_an_edited_one(
    world: SimpleNamespace, settings: dict[str, Any], field: str
) -> None:
    with pytest.raises(DomainError) as on_create:
        services.program_create(
            organization=world.agency_a,
            by=world.alice,
            name="Trades",
            slug="trades",
            summary="Tradespeople mentor newcomers.",
            **settings,
        )
    with pytest.raises(DomainError) as on_update:
        services.program_update(program=world.program_a, by=world.alice, **settings)
    assert on_create.value.field == on_update.value.field == field
    assert on_create.value.message == on_update.value.message
    assert not Program.objects.filter(slug="trades").exists()
    world.program_a.refresh_from_db()
    assert all(getattr(world.program_a, name) != value for name, value in settings.items())


def test_an_edit_writes_only_what_it_changes(world: SimpleNamespace) -> None:
    # Another staff member renamed the program after this one's copy was read.
    stale = Program.objects.get(pk=world.program_a.pk)
    Program.objects.filter(pk=stale.pk).update(name="Renamed meanwhile")
    saved = services.program_update(program=stale, by=world.alice, duration_weeks=20)
    assert (saved.name, saved.duration_weeks) == ("Renamed meanwhile", 20)
    stale.refresh_from_db()
    assert (stale.name, stale.duration_weeks) == ("Renamed meanwhile", 20)
