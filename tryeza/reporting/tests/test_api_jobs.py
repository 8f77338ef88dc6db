"""The report through the API: ask, poll, download; the same scope as the pages."""

from typing import Any

import pytest

from tryeza.reporting.models import JobStatus, ReportJob
from tryeza.reporting.tasks import build_report
from tryeza.reporting.tests.conftest import PERIOD
from tryeza.reporting.tests.test_report import pdf_text, three_victims

pytestmark = pytest.mark.django_db

API = "/api/v1/reporting/report-jobs/"


def test_ask_poll_download(
    client: Any, network: Any, cpu_worker: Any, secretariat_officer: Any
) -> None:
    three_victims(network, cpu_worker)
    client.force_login(secretariat_officer)
    asked = client.post(
        API,
        {"region": "AL-03", "period": PERIOD, "language": "en", "format": "pdf"},
        content_type="application/json",
    )
    assert asked.status_code == 201
    job = asked.json()
    assert (job["status"], job["download"]) == ("queued", None)
    build_report.call(job["id"])
    done = client.get(f"{API}{job['id']}/").json()
    assert (done["status"], done["progress"]) == (JobStatus.DONE, 100)
    pdf = client.get(done["download"])
    assert pdf["Content-Type"] == "application/pdf"
    assert "<5" in pdf_text(pdf.content)


@pytest.mark.parametrize("persona", ["other_region_officer", "observer", "outsider"])
def test_outsiders_neither_ask_nor_see(
    request: Any, client: Any, network: Any, secretariat_officer: Any, persona: str
) -> None:
    client.force_login(secretariat_officer)
    client.post(
        API,
        {"region": "AL-03", "period": PERIOD, "language": "en", "format": "pdf"},
        content_type="application/json",
    )
    job = ReportJob.objects.get()
    build_report.call(job.pk)
    client.force_login(request.getfixturevalue(persona))
    body = {"region": "AL-03", "period": PERIOD, "language": "en", "format": "pdf"}
    assert client.post(API, body, content_type="application/json").status_code == 404
    assert (
        client.post(API, {**body, "region": None}, content_type="application/json").status_code
        == 404
    )
    assert client.get(f"{API}{job.pk}/").status_code == 404
    assert client.get(f"{API}{job.pk}/download/").status_code == 404
    assert ReportJob.objects.count() == 1
