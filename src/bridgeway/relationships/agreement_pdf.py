"""The signed agreement as a PDF, one copy per reader: in the reader's language, with every
time in the reader's time zone, and the agreement's own text in the version and the language
each person signed. Tagged (PDF/UA-1) so that screen readers follow its structure, with the
document language set and Noto fonts for right-to-left and other scripts.

WeasyPrint is imported inside the functions that render: it needs Pango, and the rest of the
app starts without it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.core.pdf import pdf_html
from bridgeway.core.time_zones import time_zone_label
from bridgeway.relationships.agreements import agreement_text, channel_labels, text_language
from bridgeway.relationships.models import Agreement

if TYPE_CHECKING:
    from weasyprint import Document

logger = logging.getLogger(__name__)

PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}  # tagged, with its title shown


def _language_name(code: str) -> str:
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _reader_language(reader: Person) -> str:
    language = reader.preferred_language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _texts(agreement: Agreement, reader_language: str) -> list[dict[str, Any]]:
    """The agreement's text in each language it was signed in (the reader's language for a
    copy signed before the language was kept, or started by staff without signatures)."""
    signed = [agreement.mentee_signed_language, agreement.mentor_signed_language]
    codes = list(dict.fromkeys(code for code in signed if code)) or [
        text_language(agreement, reader_language)
    ]
    return [
        {
            "language": code,
            "language_name": _language_name(code),
            "bidi": code.split("-")[0] in settings.LANGUAGES_BIDI,
            "paragraphs": [p.strip() for p in agreement_text(agreement, code).split("\n\n")],
        }
        for code in codes
    ]


def _context(agreement: Agreement, reader: Person) -> dict[str, Any]:
    relationship = agreement.relationship
    language = translation.get_language()
    return {
        "agreement": agreement,
        "relationship": relationship,
        "program": relationship.program,
        "channels": channel_labels(agreement),
        "version": str(agreement.version) if agreement.version else _("the default text"),
        "texts": _texts(agreement, language),
        "reader": reader,
        "zone": time_zone_label(reader.time_zone),
        "now": timezone.now(),
        "language": language,
        "bidi": translation.get_language_bidi(),
    }


def agreement_html(*, agreement: Agreement, reader: Person) -> str:
    """The copy's HTML, in the reader's language and time zone."""
    if not agreement.complete:
        raise ValueError("only an agreement in force has a copy")
    with translation.override(_reader_language(reader)), timezone.override(reader.time_zone):
        return render_to_string("relationships/agreement_pdf.html", _context(agreement, reader))


def agreement_document(*, agreement: Agreement, reader: Person) -> Document:
    """The laid-out copy (its pages hold the text as drawn: the tests read it there)."""
    html = agreement_html(agreement=agreement, reader=reader)
    return pdf_html(html).render(**PDF_OPTIONS)


def agreement_pdf(*, agreement: Agreement, reader: Person) -> bytes:
    pdf: bytes = agreement_document(agreement=agreement, reader=reader).write_pdf(**PDF_OPTIONS)
    return pdf


def filename(agreement: Agreement) -> str:
    return f"agreement-{agreement.relationship_id}.pdf"


def attachment(params: dict[str, Any], recipient: Any) -> list[tuple[str, bytes, str]]:
    """The copy for the email that says the agreement is in force. Without Pango (or any
    failure to draw it) the email goes without it: the copy stays on the mentorship page."""
    agreement = (
        Agreement.objects.select_related(
            "relationship__mentee__person",
            "relationship__mentor__person",
            "relationship__program__organization",
            "template",
            "waived_by",
        )
        .filter(relationship_id=int(params.get("relationship") or 0))
        .first()
    )
    if agreement is None or not agreement.complete or not isinstance(recipient, Person):
        return []
    try:
        content = agreement_pdf(agreement=agreement, reader=recipient)
    except (ImportError, OSError):
        logger.exception("could not draw the agreement of relationship %s", agreement.pk)
        return []
    return [(filename(agreement), content, "application/pdf")]
