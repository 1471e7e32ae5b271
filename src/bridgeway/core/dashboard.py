"""Dashboard panels: each app adds what it has to say about a person, without the dashboard
knowing every app. Apps register panels in their AppConfig.ready().

An enrollment panel answers for all of a person's enrollments at once, so the dashboard reads
the same number of times for one enrollment as for twenty: its `context` takes
`enrollments` (a list) and `person` and returns {enrollment id: context} for the enrollments it
has something to say about, in a fixed number of queries. An agency panel takes `organization`
and `person` and returns one context, or None."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Organization
    from bridgeway.programs.models import Enrollment

# A participant panel is shown inside each of the person's enrollment cards; a staff panel on
# the agency overview page.
PanelKind = Literal["enrollment", "agency"]
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
