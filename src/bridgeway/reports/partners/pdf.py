"""A partner's figures as a PDF (WeasyPrint, tagged PDF/UA-1 like the dashboards): the same
tables and charts as the page, in the reader's language, with the period in words.

WeasyPrint is imported inside the function: it needs Pango, and the rest of the app starts
without it."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from bridgeway.core.pdf import pdf_html
from bridgeway.reports.charts import chart_for
from bridgeway.reports.partners.report import PartnerReport
from bridgeway.reports.pdf import PDF_OPTIONS


def partner_html(*, report: PartnerReport) -> str:
    return render_to_string(
        "reports/partners/pdf.html",
        {
            "report": report,
            "partner": report.partner,
            "sections": [(table, chart_for(table)) for table in report.tables],
            "language": translation.get_language(),
            "bidi": translation.get_language_bidi(),
            "pdf": True,
        },
    )


def partner_pdf(*, report: PartnerReport) -> bytes:
    html = partner_html(report=report)
    pdf: bytes = pdf_html(html).render(**PDF_OPTIONS).write_pdf(**PDF_OPTIONS)
    return pdf
