"""The person's own account."""

from django.utils.translation import gettext_lazy as _

from bridgeway.core.personal import Owner, Personal

DECLARATIONS = [
    Personal(
        "accounts.Person",
        (Owner("", role="you"),),
        not_personal={
            "password": "a one-way hash: nobody can read the password from it, "
            "and a lost file must not help anyone guess it",
            "is_superuser": "a technical flag for the site's operators",
            "is_staff": "a technical flag for the site's operators",
            "session_generation": "a counter that signs out every device",
        },
        what=_("Your account and profile"),
    ),
]
