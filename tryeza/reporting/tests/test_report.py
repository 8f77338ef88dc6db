"""The bi-annual report as files: a real PDF and XLSX in Albanian and English, every count
through disclosure control ("<5"), and never a person's name, even with a planted one in
the cases counted."""

import datetime
import io
import logging
import re
import shutil
import subprocess
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from tryeza.cases.choices import (
    AgeBand,
    Exploitation,
    IdentificationKind,
    IdentifiedBy,
    Sex,
    Stage,
    Where,
)
from tryeza.cases.services import CaseDraft, Identity, case_register
from tryeza.cases.tests.conftest import PLANTED_VALUES, planted_identity
from tryeza.reporting import selectors, services
from tryeza.reporting.models import JobStatus, ReportJob
from tryeza.reporting.report import jobs
from tryeza.reporting.report.charts import bar_chart
from tryeza.reporting.report.tables import Bars
from tryeza.reporting.tasks import build_report
from tryeza.reporting.tests.conftest import PERIOD, fill

pytestmark = pytest.mark.django_db


def three_victims(network: dict[str, Any], cpu_worker: Any) -> None:
    """Three women identified in Elbasan in the first quarter of 2026, the planted person
    among them: case work counts 3, which leaves the region as "<5"."""
    identities = [planted_identity(), Identity(first_name="Mira"), Identity(first_name="Lule")]
    for day, identity in zip((10, 17, 24), identities, strict=True):
        draft = CaseDraft(
            region_id=network["elbasan"].pk,
            stage=Stage.IDENTIFIED,
            identification_kind=IdentificationKind.FORMAL,
            identified_by=IdentifiedBy.POLICE,
            identified_on=datetime.date(2026, 2, day),
            municipality=network["elbasan"].municipalities.get(name="Elbasan"),
            profile={
                "sex": Sex.FEMALE,
                "age_band": AgeBand.A9_17,
                "exploitation": Exploitation.SEXUAL,
                "exploited_where": Where.ABROAD,
            },
        )
        case_register(actor=cpu_worker, draft=draft, identity=identity, team=[network["police_el"]])


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) is needed to read the PDF"
    # A fixed program with fixed arguments, reading the PDF from stdin.
    done = subprocess.run(  # noqa: S603
        [pdftotext, "-", "-"], input=data, capture_output=True, check=True
    )
    # Table cells wrap over lines: compare words, not layout.
    return " ".join(done.stdout.decode().split())


def built(user: Any, region: Any, *, language: str = "en", format: str = "pdf") -> ReportJob:
    """Ask for a report and run the task in this process (the worker test runs it for
    real)."""
    job = jobs.report_request(
        user=user, region=region, period=PERIOD, language=language, format=format
    )
    build_report.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    return job


def file_of(job: ReportJob) -> bytes:
    assert job.file is not None
    return bytes(job.file)


def xlsx_values(data: bytes, sheet: int | None = None) -> list[object]:
    workbook = load_workbook(io.BytesIO(data))
    sheets = workbook.worksheets if sheet is None else [workbook.worksheets[sheet]]
    return [c for s in sheets for row in s.iter_rows(values_only=True) for c in row]


def test_open_report_shows_sources_protected_and_no_name(
    network: Any, cpu_worker: Any, police_return: Any, secretariat_officer: Any
) -> None:
    three_victims(network, cpu_worker)
    job = built(secretariat_officer, network["elbasan"])
    text = pdf_text(file_of(job))
    assert "Elbasan" in text
    # The first quarter: case work's 3, one institution reporting, whose figure (the
    # police's 3) is both the lowest and the highest; and case work's breakdowns.
    assert "Victims of trafficking identified 2026Q1 <5 1 <5 <5" in text
    assert "Total <5" in text
    assert "not approved this half-year's figures yet" in text
    for value in PLANTED_VALUES:
        assert value not in text
    assert "EL-2026" not in text  # not even a case code
    assert job.filename == "tryeza-report-AL-03-2026S1-en.pdf"
    assert job.progress == 100


def test_approved_report_in_both_languages(
    network: Any,
    cpu_worker: Any,
    police_return: Any,
    ngo_return: Any,
    secretariat_officer: Any,
) -> None:
    three_victims(network, cpu_worker)
    report = selectors.report_for(network["elbasan"].pk, PERIOD)
    for d, _explanation in selectors.discrepancies(report):
        services.explanation_record(
            user=secretariat_officer,
            report=report,
            element=d.element,
            period=d.period,
            text="The shelter counts people who never went to the police.",
            agreed=d.high,
        )
    services.report_approve(user=secretariat_officer, report=report)
    texts = {}
    for language in ("sq", "en"):
        job = built(secretariat_officer, network["elbasan"], language=language)
        texts[language] = pdf_text(file_of(job))
        with translation.override(language):
            assert gettext("Bi-annual report") in texts[language]
            assert gettext("Output indicators (National Strategy 2008–2010)") in texts[language]
    assert "Qarku" in texts["sq"] and "Region" in texts["en"]
    assert "never went to the police" in texts["en"]
    for text in texts.values():
        # Case work's 3; two institutions, the police's 3 the lowest, the shelter's 5 the
        # highest; the committee's explanation and the figure it agreed.
        assert "2026Q1 <5 2 <5 5 The shelter counts" in text
        assert not any(value in text for value in PLANTED_VALUES)


def test_the_pdf_sums_the_sources_up_and_the_xlsx_has_each(
    network: Any, police_return: Any, ngo_return: Any, secretariat_officer: Any
) -> None:
    """A region with many reporting institutions cannot print a column each: the PDF says
    how many reported and their range; the spreadsheet has every institution's figure."""
    police, shelter = (network[key].display_name for key in ("police_el", "shelter_el"))
    text = pdf_text(file_of(built(secretariat_officer, network["elbasan"])))
    assert "Institutions reporting" in text
    assert police not in text and shelter not in text
    assert "Each institution's figure is in the spreadsheet" in text
    cells = xlsx_values(file_of(built(secretariat_officer, network["elbasan"], format="xlsx")))
    assert police in cells and shelter in cells


def test_xlsx_has_the_protected_counts(
    network: Any, cpu_worker: Any, secretariat_officer: Any
) -> None:
    three_victims(network, cpu_worker)
    job = built(secretariat_officer, network["elbasan"], format="xlsx")
    assert job.filename.endswith(".xlsx")
    figures = xlsx_values(file_of(job), sheet=1)
    assert "<5" in figures
    assert 3 not in figures  # the raw count never reaches a cell
    values = xlsx_values(file_of(job))
    assert not any(value in str(v) for v in values for value in PLANTED_VALUES)


def test_national_consolidation(
    network: Any, committee_member: Any, secretariat_officer: Any, national_coordinator: Any
) -> None:
    fill(committee_member, network["police_el"], {("trainings_held", PERIOD, "", ""): 2})
    services.report_approve(
        user=secretariat_officer, report=selectors.report_for(network["elbasan"].pk, PERIOD)
    )
    pdf = built(national_coordinator, None)
    text = pdf_text(file_of(pdf))
    assert "National consolidation" in text and "Vlora" in text
    # Elbasan's 2 trainings, and the national total they make, among regions with none.
    assert re.search(r"Trainings for committee and table members( —)+ <5( —)+ <5", text)
    assert pdf.filename == "tryeza-report-national-2026S1-en.pdf"
    data = file_of(built(national_coordinator, None, format="xlsx"))
    assert "Completeness and timeliness" in xlsx_values(data)
    regions = xlsx_values(data, sheet=0)
    assert "<5" in regions and 2 not in regions


def test_a_failure_says_nothing_of_the_data(
    network: Any, secretariat_officer: Any, monkeypatch: Any, caplog: Any
) -> None:
    def broken(*args: Any) -> bytes:
        raise ValueError(f"cannot draw {PLANTED_VALUES[0]}")

    monkeypatch.setattr("tryeza.reporting.tasks.build", broken)
    job = jobs.report_request(
        user=secretariat_officer,
        region=network["elbasan"],
        period=PERIOD,
        language="en",
        format="pdf",
    )
    with caplog.at_level(logging.ERROR):
        build_report.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "The report could not be built. Please ask for it again."
    assert job.file is None
    assert "ValueError" in caplog.text
    assert PLANTED_VALUES[0] not in caplog.text


def test_charts_draw_only_published_figures() -> None:
    svg = bar_chart(Bars("Victims", (("<Female>", "12"), ("Male", "<5"), ("Other", "x"))))
    assert svg.count("<rect") == 1  # only the published 12 has a bar
    assert "&lt;Female&gt;" in svg and "&lt;5" in svg
