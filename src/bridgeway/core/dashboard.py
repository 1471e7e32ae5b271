"""Dashboard panels: each app adds what it has to say about a person, without the dashboard
knowing every app. Apps register panels in their AppConfig.ready().

An enrollment panel answers for all of a person's enrollments at once, so the dashboard reads
the same number of times for one enrollment as for twenty: its `context` takes
`enrollments` (a list) and `person` and returns {enrollment id: context} for the enrollments it
has something to say about, in a fixed number of queries. An agency panel takes `organization`
and `person` and returns one context, or None. A staff enrollment panel is shown on the staff
page of one enrollment (the caller resolved it for the agency's staff): it takes `enrollment`
and `person` and returns one context, or None.

The coordinator's to-do list is made the same way: each app registers what waits for staff in
its part (`register_todo`), as a function of `organization` that returns TodoItems in a fixed
number of queries."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

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
    order: int = 100


_panels: list[Panel] = []


def register_panel(panel: Panel) -> None:
    if panel not in _panels:
        _panels.append(panel)
        _panels.sort(key=lambda p: p.order)


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
_todo_sources: list[tuple[int, TodoSource]] = []


def register_todo(source: TodoSource, order: int = 100) -> None:
    if all(existing is not source for _order, existing in _todo_sources):
        _todo_sources.append((order, source))
        _todo_sources.sort(key=lambda entry: entry[0])


def agency_todo(*, organization: Organization) -> list[TodoItem]:
    """What waits for the agency's staff, in the apps' order; only what has a count."""
    return [
        item
        for _order, source in _todo_sources
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
    for panel in _panels:
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
    for panel in _panels:
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
    for panel in _panels:
        if panel.kind == "staff_enrollment":
            context = panel.context(enrollment=enrollment, person=person)
            if context is not None:
                shown.append((panel.template, context))
    return shown
