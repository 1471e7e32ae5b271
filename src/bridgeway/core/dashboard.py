"""Dashboard panels: each app adds what it has to say about a person, without the dashboard
knowing every app. The panels are listed in one place, `BRIDGEWAY_PANELS` in config/settings.py,
in the order they are shown: (kind, template, dotted path of the context function).

An enrollment panel answers for all of a person's enrollments at once, so the dashboard reads
the same number of times for one enrollment as for twenty: its `context` takes
`enrollments` (a list) and `person` and returns {enrollment id: context} for the enrollments it
has something to say about, in a fixed number of queries. Its module may also offer
`dashboard_hints()`: columns the dashboard reads with the person's enrollments in the same
statement (`enrollment_hints`, dashboard/reads.py), each a subquery on the enrollment saying
whether the panel has anything to read for it; a panel given enrollments without them reads as
before. An agency panel takes `organization`
and `person` and returns one context, or None. A staff enrollment panel is shown on the staff
page of one enrollment (the caller resolved it for the agency's staff): it takes `enrollment`
and `person` and returns one context, or None.

The coordinator's to-do list is made the same way: `BRIDGEWAY_TODO_SOURCES` lists, in order,
what waits for staff in each app, as functions of `organization` that return TodoItems in a
fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Any, Literal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Organization
    from bridgeway.programs.models import Enrollment

# A participant panel is shown inside each of the person's enrollment cards; an agency panel on
# the agency overview page; a staff enrollment panel on the staff page of one enrollment.
PanelKind = Literal["enrollment", "agency", "staff_enrollment"]
PanelContext = dict[str, Any]
EnrollmentContexts = Mapping[int, PanelContext]


@dataclass(frozen=True)
class Panel:
    kind: PanelKind
    template: str
    context: Callable[..., Any]


PANEL_KINDS = ("enrollment", "agency", "staff_enrollment")


def panels() -> list[Panel]:
    """The panels of BRIDGEWAY_PANELS, in their order."""
    return _load_panels(tuple(tuple(entry) for entry in settings.BRIDGEWAY_PANELS))


@cache
def _load_panels(entries: tuple[tuple[str, ...], ...]) -> list[Panel]:
    loaded = []
    for kind, template, path in entries:
        if kind not in PANEL_KINDS:
            raise ImproperlyConfigured(f"BRIDGEWAY_PANELS: unknown panel kind {kind!r}")
        loaded.append(Panel(kind=kind, template=template, context=import_string(path)))  # type: ignore[arg-type]
    return loaded


def enrollment_hints() -> dict[str, Any]:
    """The columns the enrollment panels ask to have read with the person's enrollments: each
    panel module's `dashboard_hints()`, once per module, in the registry's order."""
    found: dict[str, Any] = {}
    modules: list[str] = []
    for panel in panels():
        if panel.kind == "enrollment" and panel.context.__module__ not in modules:
            modules.append(panel.context.__module__)
    for name in modules:
        hints = getattr(import_module(name), "dashboard_hints", None)
        if hints is not None:
            found.update(hints())
    return found


@dataclass(frozen=True)
class TodoItem:
    """Something waiting for an agency's staff: a sentence that says how many, and the page
    where it is handled."""

    count: int
    text: str
    url: str
    # The program it concerns, when it concerns one: named in its own language on the page.
    program: Any = None


TodoSource = Callable[..., list[TodoItem]]


def todo_sources() -> list[TodoSource]:
    """The sources of BRIDGEWAY_TODO_SOURCES, in their order."""
    return [import_string(path) for path in settings.BRIDGEWAY_TODO_SOURCES]


def agency_todo(*, organization: Organization) -> list[TodoItem]:
    """What waits for the agency's staff, in the apps' order; only what has a count."""
    return [
        item
        for source in todo_sources()
        for item in source(organization=organization)
        if item.count
    ]


def enrollment_panels(
    *, enrollments: Sequence[Enrollment], person: Person
) -> dict[int, list[tuple[str, PanelContext]]]:
    """(template, context) for each panel with something to say, per enrollment id."""
    shown: dict[int, list[tuple[str, PanelContext]]] = {e.pk: [] for e in enrollments}
    if not enrollments:
        return shown
    for panel in panels():
        if panel.kind != "enrollment":
            continue
        contexts: EnrollmentContexts = panel.context(enrollments=list(enrollments), person=person)
        for enrollment in enrollments:
            context = contexts.get(enrollment.pk)
            if context is not None:
                shown[enrollment.pk].append((panel.template, context))
    return shown


def agency_panels(*, organization: Organization, person: Person) -> list[tuple[str, PanelContext]]:
    shown = []
    for panel in panels():
        if panel.kind == "agency":
            context = panel.context(organization=organization, person=person)
            if context is not None:
                shown.append((panel.template, context))
    return shown


def staff_enrollment_panels(
    *, enrollment: Enrollment, person: Person
) -> list[tuple[str, PanelContext]]:
    """(template, context) for each panel with something to tell staff about this enrollment."""
    shown = []
    for panel in panels():
        if panel.kind == "staff_enrollment":
            context = panel.context(enrollment=enrollment, person=person)
            if context is not None:
                shown.append((panel.template, context))
    return shown
