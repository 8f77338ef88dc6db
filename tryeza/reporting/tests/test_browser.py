"""The half-year in a real browser: the police and an NGO report different victim counts
for Elbasan 2026S1, the secretariat records why and approves, ONAC accepts and sees Elbasan
beside the other regions; the bi-annual report, built by the real worker, opens as a PDF
and shows "<5" for the police's three victims."""

import re

import pytest
from django.core.management import call_command

from tryeza.meetings.tests.test_browser import sign_in, sign_out
from tryeza.reporting.models import RegionReport, ReportStatus
from tryeza.reporting.tests.test_national import add_cases
from tryeza.reporting.tests.test_report import pdf_text

pytestmark = pytest.mark.browser

PERIOD = "2026S1"


def enter_victims(page, live_server, q1: int, q2: int) -> None:
    page.goto(f"{live_server.url}/reports/AL-03/{PERIOD}/figures/")
    element = "Victims of trafficking identified"
    page.get_by_label(f"{element}, Total, 2026Q1", exact=True).fill(str(q1))
    page.get_by_label(f"{element}, Total, 2026Q2", exact=True).fill(str(q2))
    page.get_by_role("button", name="Save and submit to the secretariat").click()
    page.get_by_text("Submitted on").wait_for()


def test_two_sources_explained_approved_accepted_and_reported(
    live_geography,
    live_server,
    page,
    network,
    committee_member,
    ngo_worker,
    secretariat_officer,
    national_coordinator,
    worker_signals,
    tmp_path,
):
    # Vlorë's case work: without a second region, "all the victims were in Elbasan" would
    # itself be disclosive and ONAC would see "x".
    add_cases(national_coordinator, "AL-12", 6)
    sign_in(page, live_server, committee_member.username)  # the Elbasan police
    enter_victims(page, live_server, 3, 4)
    sign_out(page)
    sign_in(page, live_server, ngo_worker.username)  # the shelter, an NGO
    enter_victims(page, live_server, 5, 9)
    sign_out(page)

    sign_in(page, live_server, secretariat_officer.username)
    page.goto(f"{live_server.url}/reports/AL-03/{PERIOD}/")
    approve = page.get_by_role("button", name="Approve the report")
    approve.click()
    page.get_by_text("Explain why the figures differ before approving").wait_for()
    for quarter, agreed in (("2026Q1", "5"), ("2026Q2", "9")):
        block = page.locator(".discrepancy", has_text=quarter)
        block.get_by_label("Why the figures differ").fill(
            "The shelter counts people who were never interviewed by the police."
        )
        block.get_by_label("The figure the committee stands by").fill(agreed)
        block.get_by_role("button", name="Record the explanation").click()
        block.get_by_role("button", name="Change the explanation").wait_for()
    page.get_by_role("button", name="Approve the report").click()
    page.get_by_text("Approved by the committee").first.wait_for()
    sign_out(page)

    sign_in(page, live_server, national_coordinator.username)
    page.goto(f"{live_server.url}/reports/AL-03/{PERIOD}/")
    page.get_by_role("button", name="Accept the report").click()
    page.get_by_text("Accepted by ONAC").first.wait_for()
    report = RegionReport.objects.get(region=network["elbasan"], period=PERIOD)
    assert report.status == ReportStatus.ACCEPTED

    page.goto(f"{live_server.url}/reports/national/?period={PERIOD}")
    table = page.locator("table", has_text="National total").first
    for region in ("Elbasan", "Vlora", "Tirana", "Shkodra"):
        table.get_by_text(region, exact=True).first.wait_for()
    assert "14" in table.locator("tr", has_text="Elbasan").first.inner_text()

    page.goto(f"{live_server.url}/reports/report/AL-03/{PERIOD}/")
    page.get_by_role("button", name="Build the report").click()
    page.wait_for_url(re.compile(r".*/reports/report/jobs/\d+/$"))
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Download ")).click()
    pdf = tmp_path / "report.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = pdf_text(pdf.read_bytes())
    assert "Elbasan" in text
    # The first quarter in the sources summed up: case work, two institutions, the
    # police's 3 the lowest (shown "<5"), the shelter's 5 the highest.
    assert re.search(r"2026Q1 \S+ 2 <5 5 ", text), text
