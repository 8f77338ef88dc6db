"""Building one requested report: gather the protected content, draw the charts, lay it
out as PDF or XLSX. The task (``reporting.tasks``) runs this and records the progress."""

from __future__ import annotations

from collections.abc import Callable

from tryeza.reporting.models import ReportFormat, ReportJob
from tryeza.reporting.periods import Period
from tryeza.reporting.report import charts, pdf, xlsx
from tryeza.reporting.report.content import region_content
from tryeza.reporting.report.national import national_content
from tryeza.reporting.report.tables import Bars

# Step codes stored on the job; the pages say them in the reader's language (jobs.STEPS).
FIGURES, CHARTS, RENDERING, DONE = "figures", "charts", "rendering", "done"

Progress = Callable[[int, str], None]


def filename(job: ReportJob) -> str:
    scope = job.region.code if job.region else "national"
    return f"tryeza-report-{scope}-{job.period}-{job.language}.{job.format}"


def _charts(bars: tuple[Bars, ...], progress: Progress) -> list[charts.Drawn]:
    progress(40, CHARTS)
    drawn = charts.render(bars)
    progress(70, RENDERING)
    return drawn


def build(job: ReportJob, progress: Progress) -> bytes:
    """The file's bytes, in the active language (the caller sets the job's)."""
    period = Period.parse(job.period)
    as_xlsx = job.format == ReportFormat.XLSX
    progress(10, FIGURES)
    if job.region is None:
        national = national_content(period)
        if as_xlsx:
            progress(70, RENDERING)
            return xlsx.national_xlsx(national)
        return pdf.national_pdf(national, _charts(national.charts, progress))
    content = region_content(job.region, period)
    if as_xlsx:
        progress(70, RENDERING)
        return xlsx.region_xlsx(content)
    return pdf.region_pdf(content, _charts(content.charts, progress))
