"""Applications, consents and referrals between agencies."""

from django.utils.translation import gettext_lazy as _

from bridgeway.core.personal import LINK_CODE_WHY, NotPersonal, Owner, Personal

DECLARATIONS = [
    NotPersonal("intake.ConsentText", "the consent wording, the same for everyone"),
    Personal(
        "intake.ConsentRecord",
        (Owner("person"),),
        what=_("The consents you gave or withdrew, and when"),
    ),
    Personal(
        "intake.IntakeSubmission",
        (Owner("person", role="applicant"),),
        not_personal={"token": LINK_CODE_WHY},
        what=_("Your applications and the answers you gave in them"),
    ),
    Personal(
        "intake.Referral",
        (
            Owner("from_enrollment__person", role="referred"),
            Owner("to_enrollment__person", role="referred"),
        ),
        not_personal={"token": LINK_CODE_WHY},
        actors=("referred_by", "accepted_by"),
        what=_("Referrals of you to another agency's program, and what was shared"),
    ),
]
