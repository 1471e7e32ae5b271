"""Programs, enrollments and what the person did to join them."""

from django.utils.translation import gettext_lazy as _

from bridgeway.core.personal import LINK_CODE_WHY, NotPersonal, Owner, Personal

DECLARATIONS = [
    NotPersonal("programs.Program", "a program's description, written by its agency"),
    Personal(
        "programs.Enrollment",
        (Owner("person", role="participant"),),
        what=_("The programs you joined, in which role and where you are in them"),
    ),
    Personal(
        "programs.StatusChange",
        (Owner("enrollment__person"),),
        actors=("changed_by",),
        what=_("Each change of your place in a program, and why"),
    ),
    Personal(
        "programs.WaitlistEntry",
        (Owner("enrollment__person"),),
        what=_("Your place on waiting lists"),
    ),
    Personal(
        "programs.ProgramInvitation",
        (
            Owner("accepted_by", role="invited"),
            Owner("enrollment__person", role="invited"),
            Owner("email", by_email=True, role="invited"),
        ),
        not_personal={"token": LINK_CODE_WHY},
        actors=("invited_by",),
        what=_("Invitations to programs sent to you"),
    ),
    Personal(
        "programs.ReferralLink",
        (Owner("person", role="referrer"),),
        not_personal={"token": LINK_CODE_WHY},
        what=_("Your links for inviting colleagues to a program"),
    ),
    Personal(
        "programs.Referral",
        (
            Owner("referrer", fields=(), role="referrer"),
            Owner("applicant", fields=(), role="applicant"),
        ),
        shared=("created_at",),
        what=_("Colleagues who joined through your link, or the link you joined through"),
    ),
]
