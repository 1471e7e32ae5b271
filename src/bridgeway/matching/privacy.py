"""Match proposals: a mentee and a mentor suggested to each other."""

from django.utils.translation import gettext_lazy as _

from bridgeway.core.personal import Owner, Personal

DECLARATIONS = [
    Personal(
        "matching.MatchProposal",
        (
            Owner("mentee__person", fields=(), role="mentee"),
            Owner("mentor__person", fields=(), role="mentor"),
        ),
        shared=(
            "score",
            "breaks_hard_rule",
            "source",
            "status",
            "decline_reason",
            "created_at",
            "closed_at",
        ),
        not_personal={
            "reasons": "the explanation compares both people's profiles: "
            "it would show the other person's answers",
            "override_reason": "a staff member's working reason; it can be about the other person",
        },
        actors=("created_by",),
        what=_("The matches proposed to you"),
    ),
]
