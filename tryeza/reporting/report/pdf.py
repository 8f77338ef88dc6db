"""The report as a PDF (WeasyPrint), rendered in the active language. The templates get
protected text and ready SVG charts; they do no arithmetic."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from tryeza.reporting.report.charts import Drawn
from tryeza.reporting.report.content import RegionContent
from tryeza.reporting.report.national import NationalContent


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    # Imported here: WeasyPrint loads its fonts and libraries on import, and only the
    # worker needs it.
    from weasyprint import HTML

    html = render_to_string(
        template,
        {**context, "language": translation.get_language(), "generated": timezone.now()},
    )
    return HTML(string=html).write_pdf() or b""


def region_pdf(content: RegionContent, charts: list[Drawn]) -> bytes:
    return _pdf("reporting/report_pdf.html", {"c": content, "charts": charts})


def national_pdf(content: NationalContent, charts: list[Drawn]) -> bytes:
    return _pdf("reporting/report_national_pdf.html", {"c": content, "charts": charts})
