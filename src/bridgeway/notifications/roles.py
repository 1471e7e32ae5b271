"""The roles a person receives notifications in (the preferences page lists their kinds).

Who is a mentee or a mentor is known to the programs app, above this one: it answers through
`BRIDGEWAY_PERSON_ROLES` in config/settings.py, a function of the person returning role names."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from bridgeway.accounts.models import Person
from bridgeway.core.access import holds_staff_role


def person_roles(person: Person) -> set[str]:
    roles = {"person"}
    roles.update(import_string(settings.BRIDGEWAY_PERSON_ROLES)(person))
    if holds_staff_role(person):
        roles.add("staff")
    return roles
