"""Partners' notifications (BRIDGEWAY_NOTIFICATION_KINDS): the invitation to a partner's
contact (to an address, before any account), what happens to a mentor's link to their
employer (to the mentor), and a recognition letter delivered to the partner's contacts, in each
contact's language, with the letter's PDF attached."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bridgeway.notifications.kinds import Kind
from bridgeway.reports.partners.models import EmployerLink, PartnerContact, SharedLetter
from bridgeway.reports.recognition.pdf import attachment


def owner_name(partner: Any) -> str:
    """Who the partner works with: its agency, or the network."""
    return partner.organization.name if partner.organization_id else partner.network.name


def _invitation(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    contact = PartnerContact.objects.select_related(
        "partner__organization", "partner__network"
    ).get(pk=params["contact"])
    return {
        "contact": contact,
        "partner": contact.partner.name,
        "agency": owner_name(contact.partner),
    }


def shared_in_words(link: EmployerLink) -> str:
    """What the mentor shares with the partner, in the reader's language."""
    if link.share_figures and link.share_letters:
        return gettext("your mentoring counts in its figures, and your letters go to it")
    if link.share_letters:
        return gettext("your recognition letters go to it")
    return gettext("your mentoring counts in its figures")


def _link(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    link = EmployerLink.objects.select_related("partner", "organization").get(pk=params["link"])
    return {
        "partner": link.partner.name,
        "agency": link.organization.name,
        "shared": shared_in_words(link),
        "reason": link.end_reason or gettext("none given"),
    }


def _letter(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    shared = SharedLetter.objects.select_related("partner", "certificate").get(pk=params["shared"])
    certificate = shared.certificate
    return {
        "partner": shared.partner.name,
        "agency": certificate.agency_name,
        "mentor": certificate.name,
        "program": certificate.program_name,
        "code": certificate.code_shown,
    }


INVITATION = Kind(
    code="partners.invitation",
    label=_("Invitations to read a partner employer's figures"),
    subject=_("%(agency)s invites you to see the mentoring of the employees of %(partner)s"),
    summary=_(
        "%(agency)s invites you to read the figures of the employees of %(partner)s who "
        "volunteer as mentors."
    ),
    template="reports/partners/email/invitation.txt",
    context=_invitation,
    mandatory=True,
    roles=(),  # sent to an address, before any account: nothing to choose
    texts=False,
)

LINK_PROPOSED = Kind(
    code="partners.link_proposed",
    label=_("The program asks whether a partner employer is yours"),
    subject=_("Do you work for %(partner)s?"),
    summary=_(
        "%(agency)s thinks you may work for %(partner)s, one of its partner employers. Choose "
        "whether to share your mentoring with them: nothing is shared until you agree."
    ),
    context=_link,
    roles=("mentor",),
    email_defaults={"mentor": "immediate"},
)

LINK_CONFIRMED = Kind(
    code="partners.link_confirmed",
    label=_("Your link to your employer is confirmed"),
    subject=_("Your mentoring and %(partner)s"),
    summary=_("%(agency)s confirmed that you work for %(partner)s: %(shared)s."),
    context=_link,
    roles=("mentor",),
    email_defaults={"mentor": "immediate"},
)

LINK_ENDED = Kind(
    code="partners.link_ended",
    label=_("The program ended your link to your employer"),
    subject=_("Your link to %(partner)s has ended"),
    summary=_(
        "%(agency)s ended your link to %(partner)s: nothing more of your mentoring is shared "
        "with them. The reason: %(reason)s"
    ),
    context=_link,
    roles=("mentor",),
    email_defaults={"mentor": "immediate"},
)

LETTER = Kind(
    code="partners.letter",
    label=_("A letter recognizing one of your employees who mentors"),
    subject=_("%(agency)s: a letter recognizing the mentoring of %(mentor)s"),
    summary=_(
        "%(agency)s sends %(partner)s a letter recognizing the volunteer mentoring of "
        "%(mentor)s in %(program)s."
    ),
    template="reports/partners/email/letter.txt",
    context=_letter,
    roles=("person",),
    email_defaults={"person": "immediate"},
    texts=False,
    attachments=attachment,
)
