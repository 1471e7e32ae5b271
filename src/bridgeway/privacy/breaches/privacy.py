"""The breach register: an agency's record of what happened, never a list of the people."""

from bridgeway.core.personal import NotPersonal

DECLARATIONS = [
    NotPersonal(
        "privacy_breaches.Breach",
        "an agency's record of a breach: what happened, the kinds of information and how many "
        "people, never who they are",
        actors=("recorded_by",),
    ),
    NotPersonal(
        "privacy_breaches.BreachChange",
        "a correction to a breach record, kept for accountability",
        actors=("changed_by",),
    ),
]
