"""Erasure requests: the person's request to delete their account and data is theirs."""

from django.utils.translation import gettext_lazy as _

from bridgeway.core.personal import Owner, Personal

DECLARATIONS = [
    Personal(
        "privacy_erasure.ErasureRequest",
        (Owner("person"),),
        not_personal={
            "steps_done": "the erasure's own bookkeeping: which steps have run",
            "pending_files": "random names of stored files still to remove",
            "last_error": "the kind of error that stopped a run, for operators",
            "counts": "how many rows each step removed",
        },
        actors=("requested_by", "approved_by"),
        what=_("Your requests to delete your account and data"),
    ),
]
