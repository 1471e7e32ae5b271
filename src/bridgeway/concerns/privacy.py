"""Concerns: what the person raised is theirs; a concern about them would show who raised it."""

from django.utils.translation import gettext_lazy as _

from bridgeway.core.personal import Owner, Personal

DECLARATIONS = [
    Personal(
        "concerns.Concern",
        (
            Owner("reporter", role="who raised it"),
            # Nothing exported to the person a concern is about: it would tell them who raised
            # it. Their agency's privacy officer answers such requests (docs/privacy.md).
            Owner("about", fields=(), role="the person it is about"),
        ),
        not_personal={
            "outcome_note": "a staff member's working note; it can speak of the other person",
            "client_key": "a technical key against double sends",
            "priority": "the staff's triage",
            "staff_touched_at": "the staff's own bookkeeping",
            "escalations": "the staff's own bookkeeping",
            "escalated_at": "the staff's own bookkeeping",
        },
        actors=("assignee",),
        what=_("Concerns you raised and what came of them"),
    ),
    Personal(
        "concerns.ConcernEvent",
        (Owner("author"),),
        not_personal={"data": "technical details of the change"},
        what=_("What you wrote on a concern's record"),
    ),
    Personal(
        "concerns.Block",
        (Owner("blocker", role="who blocked"), Owner("blocked", fields=(), role="who was blocked")),
        actors=("lifted_by",),
        what=_("People you blocked"),
    ),
]
