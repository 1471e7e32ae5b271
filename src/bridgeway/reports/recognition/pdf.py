"""A certificate or an employer letter as a PDF, in the certificate's language, with the
agreement copies' setup (relationships/agreement_pdf.py): tagged PDF/UA-1 with its title and
language, Noto fonts for every script (templates/pdf/fonts.css), names in their own direction.

WeasyPrint is imported inside the functions that render: it needs Pango, and the rest of the
app starts without it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from bridgeway.core.pdf import pdf_html
from bridgeway.relationships.agreement_pdf import PDF_OPTIONS
from bridgeway.reports.recognition.models import Certificate

if TYPE_CHECKING:
    from weasyprint import Document

logger = logging.getLogger(__name__)


def certificate_language(certificate: Certificate) -> str:
    code = certificate.language
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def certificate_html(*, certificate: Certificate) -> str:
    with translation.override(certificate_language(certificate)):
        return render_to_string(
            "reports/recognition/certificate_pdf.html",
            {
                "certificate": certificate,
                "letter": certificate.kind == Certificate.Kind.EMPLOYER_LETTER,
                "mentor": certificate.role == "mentor",
                "verify_url": settings.SITE_URL
                + reverse("reports:verify_code", args=[certificate.code]),
                "verify_page": settings.SITE_URL + reverse("reports:verify"),
                "language": translation.get_language(),
                "bidi": translation.get_language_bidi(),
            },
        )


def certificate_document(*, certificate: Certificate) -> Document:
    """The laid-out document (its pages hold the text as drawn: the tests read it there)."""
    return pdf_html(certificate_html(certificate=certificate)).render(**PDF_OPTIONS)


def certificate_pdf(*, certificate: Certificate) -> bytes:
    pdf: bytes = certificate_document(certificate=certificate).write_pdf(**PDF_OPTIONS)
    return pdf


def filename(certificate: Certificate) -> str:
    stem = "letter" if certificate.kind == Certificate.Kind.EMPLOYER_LETTER else "certificate"
    return f"{stem}-{certificate.code_shown}.pdf"


def attachment(params: dict[str, Any], recipient: Any) -> list[tuple[str, bytes, str]]:
    """The letter for the email to the employer. A letter that could not be drawn is not sent
    without its PDF: the send fails and is retried, and staff see it on the failed-jobs page."""
    certificate = Certificate.objects.filter(pk=int(params.get("certificate") or 0)).first()
    if certificate is None:
        return []
    return [(filename(certificate), certificate_pdf(certificate=certificate), "application/pdf")]
