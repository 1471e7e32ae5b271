"""The dashboard as a PDF (WeasyPrint, tagged PDF/UA-1 like the agreement copies): the same
tables and charts, in the reader's language and time zone.

WeasyPrint is imported inside the function: it needs Pango, and the rest of the app starts
without it."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from bridgeway.core.pdf import pdf_html
from bridgeway.reports.charts import chart_for
from bridgeway.reports.report import Report

PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}


def report_html(*, report: Report, filters: list[tuple[str, str]]) -> str:
    return render_to_string(
        "reports/pdf.html",
        {
            "report": report,
            "sections": [(table, chart_for(table)) for table in report.tables],
            "filters": filters,
            "language": translation.get_language(),
            "bidi": translation.get_language_bidi(),
        },
    )


def report_pdf(*, report: Report, filters: list[tuple[str, str]]) -> bytes:
    html = report_html(report=report, filters=filters)
    pdf: bytes = pdf_html(html).render(**PDF_OPTIONS).write_pdf(**PDF_OPTIONS)
    return pdf
