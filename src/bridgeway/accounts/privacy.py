"""The person's own account, and the libraries' records of it: addresses, two-step
verification and API tokens (privacy/registry.py, LIBRARY_MODELS), and the signed-in sessions,
kept in the project's own table."""

from django.utils.translation import gettext_lazy as _

from bridgeway.core.personal import Owner, Personal

SECRET_WHY = "a secret: anyone holding the file could sign in or verify as the person with it"  # noqa: S105 - a reason in words, not a password

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
    Personal(
        "account.EmailAddress",
        (Owner("user", role="you"),),
        what=_("Your email addresses, whether each is confirmed and which one we write to"),
    ),
    Personal(
        "mfa.Authenticator",
        (Owner("user", role="you"),),
        # The kind of each method and when it was added and last used; never its secret.
        not_personal={"data": SECRET_WHY + " (the authenticator's key or the recovery codes)"},
        what=_("Your two-step verification methods: which kind, when added and last used"),
    ),
    Personal(
        "authtoken.Token",
        (Owner("user", role="you"),),
        # The key is the row's primary key: the export numbers these rows instead.
        what=_("Your API token: when it was made (the key itself is not in this copy)"),
    ),
    Personal(
        "accounts.SignedInSession",
        (
            Owner(
                "person",
                role="you",
                # The live ones only: a session past its end is deleted by the daily job.
                finder="bridgeway.accounts.sessions.sessions_of",
            ),
        ),
        not_personal={
            "session_data": SECRET_WHY + " (the signed session); what it says about the "
            "device and its times is in the other columns",
        },
        what=_(
            "The devices signed in to your account now: the browser and device, when each "
            "signed in, was last seen and will be signed out (the session's key is not in "
            "this copy)"
        ),
    ),
]
