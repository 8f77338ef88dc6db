"""Background tasks of the reporting app (django-tasks; the worker is ``manage.py
db_worker``). A report takes seconds to build, longer for the national consolidation, so
the page that asks for it only watches the job's progress."""

from __future__ import annotations

import logging

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from tryeza.log import without_message
from tryeza.reporting.models import JobStatus, ReportJob
from tryeza.reporting.report.build import DONE, build, filename

logger = logging.getLogger(__name__)


def _update(job_id: int, **fields: object) -> None:
    # Each update commits on its own, so the progress page sees it while the task runs.
    ReportJob.objects.filter(pk=job_id).update(**fields)


@task()
def build_report(job_id: int) -> None:
    """Build the file of a requested report and store it on the job. A failure marks the
    job failed with a plain message: an exception's text may quote data, so it reaches
    neither the job nor the log (nor the task result, since nothing is re-raised)."""
    job = ReportJob.objects.defer("file").select_related("region").filter(pk=job_id).first()
    if job is None or job.status != JobStatus.QUEUED:
        return
    _update(job_id, status=JobStatus.RUNNING, progress=0, step="")
    with translation.override(job.language):
        try:
            data = build(job, lambda percent, step: _update(job_id, progress=percent, step=step))
        except Exception as exc:
            # The type and the code path help; the message may quote data and is dropped.
            logger.error("Report job %s failed: %s", job_id, without_message(exc))
            _update(
                job_id,
                status=JobStatus.FAILED,
                error=_("The report could not be built. Please ask for it again."),
                finished_at=timezone.now(),
            )
            return
    _update(
        job_id,
        status=JobStatus.DONE,
        progress=100,
        step=DONE,
        file=data,
        filename=filename(job),
        finished_at=timezone.now(),
    )
