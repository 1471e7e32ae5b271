"""What happens next after someone applies to a program, in the order they will meet it.

Each app that can stand between an application and a match says what it will ask of this
person in this program (screening, the profile, training); the programs app frames it with the
coordinator's review first and the match (or the waiting list) last. Shown on the page after
applying and in the email that confirms the application."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from bridgeway.programs.models import Enrollment


@dataclass(frozen=True)
class NextStep:
    """One step in the person's words, with the page where they take it (a path), if any."""

    text: str
    url: str = ""


NextStepSource = Callable[[Enrollment], list[NextStep]]

# In the order a person meets them; the same apps, in the same order, as the readiness checks
# (BRIDGEWAY_READINESS_CHECKS), named by path because they stand above this app.
NEXT_STEP_SOURCES = [
    "bridgeway.programs.screening.panels.next_steps",
    "bridgeway.programs.questionnaires.panels.next_steps",
    "bridgeway.learning.readiness.next_steps",
]


def next_steps(enrollment: Enrollment) -> list[NextStep]:
    """Every step between this application and a match, in the active language."""
    program = enrollment.program
    steps = [
        NextStep(
            _(
                "A coordinator at %(agency)s reads your application and contacts you if "
                "anything is missing."
            )
            % {"agency": program.organization.name}
        )
    ]
    for path in NEXT_STEP_SOURCES:
        source: NextStepSource = import_string(path)
        steps.extend(source(enrollment))
    if enrollment.role == Enrollment.Role.MENTEE:
        steps.append(
            NextStep(
                _(
                    "Then you are ready to be matched with a mentor. If no mentor is free yet, "
                    "you wait on the program's waiting list, and we write to you when a mentor "
                    "is found."
                )
            )
        )
    else:
        steps.append(
            NextStep(
                _(
                    "Then you are ready to be matched: the coordinator proposes a mentee to you "
                    "and we write to you when they do."
                )
            )
        )
    return steps
