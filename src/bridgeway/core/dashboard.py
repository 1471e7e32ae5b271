"""Dashboard panels: each app adds what it has to say about a person, without the dashboard
knowing every app. Apps register panels in their AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Organization
    from bridgeway.programs.models import Enrollment

# A participant panel is shown inside each of the person's enrollment cards; a staff panel on
# the agency overview page.
PanelKind = Literal["enrollment", "agency"]


@dataclass(frozen=True)
class Panel:
    kind: PanelKind
    template: str
    context: Callable[..., dict[str, Any] | None]
    order: int = 100


_panels: list[Panel] = []


def register_panel(panel: Panel) -> None:
    if panel not in _panels:
        _panels.append(panel)
        _panels.sort(key=lambda p: p.order)


def enrollment_panels(
    *, enrollment: Enrollment, person: Person
) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) for each panel with something to say about this enrollment."""
    shown = []
    for panel in _panels:
        if panel.kind == "enrollment":
            context = panel.context(enrollment=enrollment, person=person)
            if context is not None:
                shown.append((panel.template, context))
    return shown


def agency_panels(
    *, organization: Organization, person: Person
) -> list[tuple[str, dict[str, Any]]]:
    shown = []
    for panel in _panels:
        if panel.kind == "agency":
            context = panel.context(organization=organization, person=person)
            if context is not None:
                shown.append((panel.template, context))
    return shown
