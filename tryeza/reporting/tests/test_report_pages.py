"""The pages that ask for a report, show its progress and hand out the file: for people of
the region (observers aside) and ONAC; anyone else gets the 404 of a page that is not
there."""

from typing import Any

import pytest
from django.urls import reverse

from tryeza.audit.models import AuditEntry
from tryeza.reporting.models import JobStatus, ReportJob
from tryeza.reporting.report import jobs
from tryeza.reporting.tests.conftest import PERIOD

pytestmark = pytest.mark.django_db

REQUEST = reverse("reporting:report-request", kwargs={"region": "AL-03", "period": PERIOD})
NATIONAL = reverse("reporting:national-report-request", kwargs={"period": PERIOD})


def finished(user: Any, region: Any) -> ReportJob:
    job = jobs.report_request(user=user, region=region, period=PERIOD, language="en", format="pdf")
    ReportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, progress=100, step="done", file=b"%PDF-1.7 test", filename="r.pdf"
    )
    return job


def test_the_secretariat_asks_for_a_report_and_watches_it(
    client: Any, network: Any, secretariat_officer: Any
) -> None:
    client.force_login(secretariat_officer)
    page = client.get(REQUEST)
    assert page.status_code == 200
    assert 'name="language"' in page.text and 'name="format"' in page.text
    response = client.post(REQUEST, {"language": "sq", "format": "xlsx"})
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:report-job", kwargs={"pk": job.pk})
    assert (job.region, job.period, job.language, job.format, job.requested_by) == (
        network["elbasan"],
        PERIOD,
        "sq",
        "xlsx",
        secretariat_officer,
    )
    assert AuditEntry.objects.filter(action="report.request", object_ref="AL-03 2026S1").exists()
    progress = client.get(response["Location"])
    assert "<progress" in progress.text
    assert 'hx-trigger="every 1s"' in progress.text
    assert "Waiting for the worker" in progress.text
    assert job.pk in [j.pk for j in client.get(REQUEST).context["jobs"]]


def test_a_finished_job_stops_polling_and_offers_the_file(
    client: Any, network: Any, secretariat_officer: Any, committee_member: Any
) -> None:
    job = finished(secretariat_officer, network["elbasan"])
    client.force_login(committee_member)  # same region: may fetch it too
    fragment = client.get(
        reverse("reporting:report-job", kwargs={"pk": job.pk}), headers={"HX-Request": "true"}
    )
    assert "hx-trigger" not in fragment.text
    assert 'value="100"' in fragment.text
    assert "<html" not in fragment.text
    download = client.get(reverse("reporting:report-download", kwargs={"pk": job.pk}))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="r.pdf"'
    assert "private" in download["Cache-Control"]
    assert download.content == b"%PDF-1.7 test"
    assert AuditEntry.objects.filter(action="report.download").exists()


def test_a_job_still_running_has_no_file_to_download(
    client: Any, network: Any, secretariat_officer: Any
) -> None:
    job = jobs.report_request(
        user=secretariat_officer,
        region=network["elbasan"],
        period=PERIOD,
        language="en",
        format="pdf",
    )
    client.force_login(secretariat_officer)
    url = reverse("reporting:report-download", kwargs={"pk": job.pk})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("persona", ["other_region_officer", "observer", "outsider"])
def test_others_get_a_404_everywhere(
    client: Any, network: Any, secretariat_officer: Any, persona: str, request: Any
) -> None:
    job = finished(secretariat_officer, network["elbasan"])
    client.force_login(request.getfixturevalue(persona))
    assert client.get(REQUEST).status_code == 404
    assert client.post(REQUEST, {"language": "en", "format": "pdf"}).status_code == 404
    assert client.get(NATIONAL).status_code == 404
    for name in ("reporting:report-job", "reporting:report-download"):
        assert client.get(reverse(name, kwargs={"pk": job.pk})).status_code == 404
    assert ReportJob.objects.count() == 1


def test_onac_asks_for_the_national_consolidation(
    client: Any, network: Any, national_coordinator: Any, secretariat_officer: Any
) -> None:
    client.force_login(national_coordinator)
    assert client.get(REQUEST).status_code == 200  # any region's report too
    response = client.post(NATIONAL, {"language": "en", "format": "pdf"})
    job = ReportJob.objects.get()
    assert job.region is None
    assert response["Location"] == reverse("reporting:report-job", kwargs={"pk": job.pk})
    # A region's secretariat does not reach ONAC's consolidation.
    client.force_login(secretariat_officer)
    assert client.get(NATIONAL).status_code == 404
    assert client.get(response["Location"]).status_code == 404


def test_unknown_regions_and_periods_are_404(client: Any, secretariat_officer: Any) -> None:
    client.force_login(secretariat_officer)
    for region, period in (("AL-99", PERIOD), ("AL-03", "2026Q1"), ("AL-03", "soon")):
        url = reverse("reporting:report-request", kwargs={"region": region, "period": period})
        assert client.get(url).status_code == 404


def test_the_service_refuses_without_the_page(network: Any, observer: Any) -> None:
    with pytest.raises(jobs.NotAllowed):
        jobs.report_request(
            user=observer, region=network["elbasan"], period=PERIOD, language="en", format="pdf"
        )
