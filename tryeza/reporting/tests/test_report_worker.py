"""The real path of a report: the page's request commits, the job is queued on commit, the
database worker (``manage.py db_worker``) runs it and the file is stored with the progress
at 100. Real transactions, so this runs after the other tests (see the root conftest)."""

from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tryeza.reporting.models import JobStatus, ReportJob
from tryeza.reporting.tests.conftest import PERIOD
from tryeza.reporting.tests.test_report import file_of, pdf_text, three_victims


@pytest.mark.django_db(transaction=True)
def test_the_worker_builds_the_requested_pdf(
    live_geography: None,
    client: Any,
    network: Any,
    cpu_worker: Any,
    secretariat_officer: Any,
    worker_signals: None,
) -> None:
    three_victims(network, cpu_worker)
    client.force_login(secretariat_officer)
    url = reverse("reporting:report-request", kwargs={"region": "AL-03", "period": PERIOD})
    response = client.post(url, {"language": "en", "format": "pdf"})
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert DBTaskResult.objects.filter(task_path__endswith="build_report").count() == 1

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    job.refresh_from_db()
    assert (job.status, job.progress, job.step) == (JobStatus.DONE, 100, "done")
    assert job.finished_at is not None
    assert "<5" in pdf_text(file_of(job))
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    page = client.get(reverse("reporting:report-job", kwargs={"pk": job.pk}))
    assert reverse("reporting:report-download", kwargs={"pk": job.pk}) in page.text
    download = client.get(reverse("reporting:report-download", kwargs={"pk": job.pk}))
    assert download.content.startswith(b"%PDF")
