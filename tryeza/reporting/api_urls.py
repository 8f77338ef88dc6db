"""Reporting routes, relative: ``tryeza/api_urls.py`` mounts them under /api/v1/."""

from django.urls import path

from tryeza.reporting.api import jobs, national, reference, reports, returns

REPORT = "reporting/reports/<str:region>/<str:period>/"
MINE = "reporting/returns/mine/<str:region>/<str:period>/"

urlpatterns = [
    path("reporting/periods/", reference.Periods.as_view(), name="api-reporting-periods"),
    path("reporting/elements/", reference.Elements.as_view(), name="api-reporting-elements"),
    path("reporting/returns/", returns.ReturnList.as_view(), name="api-reporting-returns"),
    path(MINE, returns.MyReturn.as_view(), name="api-reporting-return-mine"),
    path(f"{MINE}submit/", returns.MyReturnSubmit.as_view(), name="api-reporting-return-submit"),
    path(
        "reporting/returns/<int:pk>/send-back/",
        returns.ReturnSendBack.as_view(),
        name="api-reporting-return-send-back",
    ),
    path(REPORT, reports.Report.as_view(), name="api-reporting-report"),
    path(
        f"{REPORT}explanations/",
        reports.Explanations.as_view(),
        name="api-reporting-report-explanations",
    ),
    path(f"{REPORT}approve/", reports.ReportApprove.as_view(), name="api-reporting-report-approve"),
    path(
        f"{REPORT}send-back/",
        reports.ReportSendBack.as_view(),
        name="api-reporting-report-send-back",
    ),
    path(f"{REPORT}accept/", reports.ReportAccept.as_view(), name="api-reporting-report-accept"),
    path("reporting/report-jobs/", jobs.Jobs.as_view(), name="api-reporting-jobs"),
    path("reporting/report-jobs/<int:pk>/", jobs.Job.as_view(), name="api-reporting-job"),
    path(
        "reporting/report-jobs/<int:pk>/download/",
        jobs.JobDownload.as_view(),
        name="api-reporting-job-download",
    ),
    path("reporting/national/", national.National.as_view(), name="api-reporting-national"),
    path(
        "reporting/completeness/",
        national.Completeness.as_view(),
        name="api-reporting-completeness",
    ),
    path(
        "reporting/dhis2/dataValueSets.json",
        national.DataValueSet.as_view(),
        name="api-reporting-dhis2",
    ),
]
