"""Asking for a report and fetching it: the one door to ``ReportJob`` rows. A region's
report is for the people who work in that region (observers aside) and for ONAC; the
national consolidation is for ONAC. A job outside the user's reach looks like no job."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tryeza.audit.services import audit_record
from tryeza.reporting import rules
from tryeza.reporting.models import JobStatus, ReportJob
from tryeza.reporting.report import build
from tryeza.reporting.services import NotAllowed
from tryeza.reporting.tasks import build_report

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tryeza.accounts.models import User
    from tryeza.geography.models import Region

STEPS = {
    "": gettext_lazy("Waiting for the worker"),
    build.FIGURES: gettext_lazy("Gathering the figures"),
    build.CHARTS: gettext_lazy("Drawing the charts"),
    build.RENDERING: gettext_lazy("Writing the file"),
    build.DONE: gettext_lazy("Ready"),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def may_request(user: User | AnonymousUser, region_id: int | None) -> bool:
    if region_id is None:
        return rules.may_view_national(user)
    return rules.may_view_region(user, region_id)


def _ref(job: ReportJob) -> str:
    return f"{job.region.code if job.region else 'national'} {job.period}"


def report_request(
    *, user: User, region: Region | None, period: str, language: str, format: str
) -> ReportJob:
    """Queue the building of a report; the worker starts once this transaction commits."""
    if not may_request(user, region.pk if region else None):
        raise NotAllowed(_("You cannot ask for this report."))
    with transaction.atomic():
        job = ReportJob.objects.create(
            region=region, period=period, language=language, format=format, requested_by=user
        )
        audit_record(
            actor=user,
            action="report.request",
            object_type="report",
            object_ref=_ref(job),
            detail=f"{format} {language}",
        )
        transaction.on_commit(partial(build_report.enqueue, job.pk))
    return job


def report_download(*, user: User, job: ReportJob) -> bytes:
    """The file of a finished job (fetched with ``job_for_user``), noted in the audit."""
    audit_record(
        actor=user,
        action="report.download",
        object_type="report",
        object_ref=_ref(job),
        detail=job.format,
    )
    return bytes(job.file or b"")


def job_for_user(
    user: User | AnonymousUser, pk: int, *, with_file: bool = False
) -> ReportJob | None:
    jobs = ReportJob.objects.select_related("region")
    job = (jobs if with_file else jobs.defer("file")).filter(pk=pk).first()
    if job is None or not may_request(user, job.region_id):
        return None
    return job


def recent_jobs(user: User, region: Region | None, period: str) -> QuerySet[ReportJob]:
    mine = ReportJob.objects.defer("file").filter(requested_by=user, region=region)
    return mine.filter(period=period)[:10]


def is_finished(job: ReportJob) -> bool:
    return job.status in (JobStatus.DONE, JobStatus.FAILED)
