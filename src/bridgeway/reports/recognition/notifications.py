"""Recognition's notifications (BRIDGEWAY_NOTIFICATION_KINDS): a certificate or letter is ready
(to its holder), a letter request was declined (to the mentor, with the reason), and the letter
itself, emailed to the employer or manager the mentor named, in the language the mentor chose
for it, with the PDF attached."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bridgeway.notifications.kinds import Kind
from bridgeway.reports.recognition.models import Certificate
from bridgeway.reports.recognition.pdf import attachment


def _issued(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    letter = params.get("kind") == Certificate.Kind.EMPLOYER_LETTER
    return {"document": _("your letter to your employer") if letter else _("your certificate")}


ISSUED = Kind(
    code="recognition.issued",
    label=_("A certificate or a letter to your employer is ready"),
    subject=_("Bridgeway: %(document)s is ready"),
    summary=_("The program issued %(document)s: download it from your recognition page."),
    context=_issued,
    roles=("mentee", "mentor"),
    email_defaults={"mentor": "immediate"},
)

LETTER_DECLINED = Kind(
    code="recognition.letter_declined",
    label=_("The program answered your request for a letter to your employer"),
    subject=_("Bridgeway: your request for a letter to your employer"),
    summary=_("The program did not issue the letter you asked for. The reason: %(reason)s"),
    roles=("mentor",),
    email_defaults={"mentor": "immediate"},
)

EMPLOYER_LETTER = Kind(
    code="recognition.employer_letter",
    label=_("A letter recognizing a mentor, to their employer"),
    subject=_("%(agency)s: recognition of the volunteer mentoring of %(mentor)s"),
    summary=_("%(agency)s sends you a letter recognizing the volunteer mentoring of %(mentor)s."),
    template="reports/recognition/email/employer_letter.txt",
    mandatory=True,
    roles=(),  # sent to an address the mentor gave: nothing to choose
    texts=False,
    attachments=attachment,
)
