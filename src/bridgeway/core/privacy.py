"""What of the agencies' and staff's records is personal (core/personal.py explains the words)."""

from django.utils.translation import gettext_lazy as _

from bridgeway.core.personal import LINK_CODE_WHY, NotPersonal, Owner, Personal

DECLARATIONS = [
    NotPersonal("core.Network", "a network's name, chosen by its agencies"),
    NotPersonal(
        "core.Organization", "an agency's public details; its contact address is the agency's"
    ),
    Personal(
        "core.Membership",
        (Owner("person", role="staff member"),),
        what=_("Your staff roles in agencies"),
    ),
    Personal(
        "core.NetworkAdmin",
        (Owner("person", role="network admin"),),
        what=_("Your network admin roles"),
    ),
    Personal(
        "core.Invitation",
        (Owner("email", by_email=True, role="invited"),),
        not_personal={"token": LINK_CODE_WHY},
        actors=("invited_by",),
        what=_("Invitations to join an agency's staff sent to your email address"),
    ),
    Personal(
        "core.AuditEvent",
        (Owner("subject", fields=("action", "target_type", "created_at"), role="subject"),),
        not_personal={
            "summary": "written for staff; it can name other people "
            "(the staff member, the other side of a pair)",
            "data": "details written for staff; they can name other people",
            "target_id": "an internal row number",
        },
        actors=("actor",),
        what=_("What staff did with your records (the kind of action and when)"),
    ),
]
