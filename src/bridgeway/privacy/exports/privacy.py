"""The export requests themselves."""

from django.utils.translation import gettext_lazy as _

from bridgeway.core.personal import Owner, Personal

DECLARATIONS = [
    Personal(
        "privacy_exports.ExportRequest",
        (Owner("person"),),
        not_personal={"stored_name": "the file's random name in storage"},
        actors=("asked_by",),
        what=_("Your requests for a copy of your data"),
    ),
]
