"""Consents by purpose: the texts are everyone's; a person's consents are theirs."""

from django.utils.translation import gettext_lazy as _

from bridgeway.core.personal import NotPersonal, Owner, Personal

DECLARATIONS = [
    NotPersonal(
        "privacy_consent.PurposeText",
        "a purpose's consent wording, the same for everyone",
        actors=("published_by",),
    ),
    Personal(
        "privacy_consent.Consent",
        (Owner("person"),),
        what=_("The consents you gave or withdrew, purpose by purpose, and when"),
    ),
]
