"""Assessments, certificates, letters, partners and report subscriptions."""

from django.utils.translation import gettext_lazy as _

from bridgeway.core.personal import LINK_CODE_WHY, NotPersonal, Owner, Personal

DECLARATIONS = [
    NotPersonal("reports.Instrument", "an assessment's wording, written by the program"),
    NotPersonal("reports.InstrumentQuestion", "an assessment question's wording"),
    Personal(
        "reports.Assessment",
        (Owner("enrollment__person"),),
        what=_("The assessments you were asked to fill in"),
    ),
    Personal(
        "reports.AssessmentAnswer",
        (Owner("assessment__enrollment__person"),),
        what=_("Your answers to assessments"),
    ),
    Personal(
        "reports.MonthlyReportSubscription",
        (Owner("person"),),
        what=_("Your monthly report emails"),
    ),
    NotPersonal(
        "reports.FunderMapping",
        "an agency's mapping of its figures to a funder's report",
        actors=("uploaded_by",),
    ),
    Personal(
        "reports.Certificate",
        (Owner("enrollment__person", role="recipient"),),
        not_personal={
            "signer_name": "the signing staff member's name, printed on your certificate",
            "signer_title": "the signing staff member's title, printed on your certificate",
        },
        actors=("signed_by", "revoked_by"),
        what=_("Your certificates and letters"),
    ),
    Personal(
        "reports.LetterRequest",
        (Owner("enrollment__person", role="who asked"),),
        actors=("handled_by",),
        what=_("The reference letters you asked for, and for whom"),
    ),
    NotPersonal(
        "reports.Partner",
        "an employer or partner organization's name and domains",
        actors=("created_by",),
    ),
    Personal(
        "reports.PartnerContact",
        (Owner("person", role="contact"), Owner("email", by_email=True, role="contact")),
        not_personal={"token": LINK_CODE_WHY},
        actors=("invited_by",),
        what=_("Your role as a partner organization's contact"),
    ),
    Personal(
        "reports.EmployerLink",
        (Owner("person"),),
        actors=("proposed_by", "confirmed_by"),
        what=_("Your link with an employer partner and what you agreed to share"),
    ),
    Personal(
        "reports.SharedLetter",
        (Owner("link__person"),),
        what=_("Letters of yours shared with an employer partner"),
    ),
]
