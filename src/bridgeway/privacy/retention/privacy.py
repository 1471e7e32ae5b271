"""Retention policies: an agency's periods, nothing about a person."""

from bridgeway.core.personal import NotPersonal

DECLARATIONS = [
    NotPersonal(
        "privacy_retention.RetentionPolicy",
        "an agency's retention periods, set by its admins",
        actors=("updated_by",),
    ),
]
