"""The bi-annual report: asked for per region and half-year (or nationally by ONAC),
built by the worker, watched and downloaded. Region is its ISO code (AL-03), period a
half-year (2026S1)."""

from django.urls import path

from tryeza.reporting.views import report

urlpatterns = [
    path(
        "report/national/<str:period>/",
        report.national_report_request_view,
        name="national-report-request",
    ),
    path(
        "report/jobs/<int:pk>/",
        report.report_job_view,
        name="report-job",
    ),
    path(
        "report/jobs/<int:pk>/download/",
        report.report_download_view,
        name="report-download",
    ),
    path(
        "report/<str:region>/<str:period>/",
        report.report_request_view,
        name="report-request",
    ),
]
