"""Figures through the XLSX template: the Elbasan police download their template, fill it
and upload it; a wrong file says which row and why and changes nothing."""

import io
import zipfile
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook

from tryeza.reporting import selectors, services
from tryeza.reporting.models import DataReturn, ReturnStatus
from tryeza.reporting.tests.conftest import PERIOD, fill, victims
from tryeza.reporting.validation import known_cells
from tryeza.reporting.views.xlsx import XLSX_TYPE

pytestmark = pytest.mark.django_db

ELBASAN = "AL-03"
VALUE = 8  # the value column of the sheet Figures
ANSWER = 4  # the answer column of the sheet Texts


def url(name: str, region: str = ELBASAN) -> str:
    return reverse(f"reporting:{name}", kwargs={"region": region, "period": PERIOD})


def download(client: Any, user: Any, **headers: str) -> Workbook:
    client.force_login(user)
    response = client.get(url("template"), **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "private" in response["Cache-Control"]
    return load_workbook(io.BytesIO(response.content))


def row_of(sheet: Any, element: str, period: str, dimension: str = "", category: str = "") -> int:
    for row in sheet.iter_rows(min_row=2):
        codes = tuple(c.value or "" for c in row[:4])
        if codes == (element, period, dimension, category):
            return int(row[0].row)
    raise AssertionError(f"no row for {element} {period} {dimension} {category}")


def answer_row(sheet: Any, element: str) -> int:
    for row in sheet.iter_rows(min_row=2):
        if (row[0].value, row[1].value) == (element, PERIOD):
            return int(row[0].row)
    raise AssertionError(f"no row for {element}")


def value(sheet: Any, *cell: str) -> object:
    return sheet.cell(row=row_of(sheet, *cell), column=VALUE).value


def put(sheet: Any, value: object, *cell: str) -> int:
    row = row_of(sheet, *cell)
    sheet.cell(row=row, column=VALUE).value = value
    return row


def upload(client: Any, workbook: Workbook | bytes, **headers: str) -> Any:
    if isinstance(workbook, Workbook):
        buffer = io.BytesIO()
        workbook.save(buffer)
        workbook = buffer.getvalue()
    file = SimpleUploadedFile("figures.xlsx", workbook, content_type=XLSX_TYPE)
    return client.post(url("upload"), {"file": file}, **headers)


def figures(data_return: DataReturn) -> dict[Any, Any]:
    return {
        "numbers": selectors.numbers_of([data_return])[data_return.pk],
        "texts": selectors.texts_of(data_return),
    }


def problems(response: Any) -> list[str]:
    assert response.status_code == 200, response.status_code
    return [str(p) for p in response.context["problems"]]


def test_the_template_holds_every_cell_and_what_was_entered(
    client: Any, network: Any, committee_member: Any
) -> None:
    fill(
        committee_member,
        network["police_el"],
        victims(3, 4, female_q1=2),
        submit=False,
        texts={("justice_notes", PERIOD): '=HYPERLINK("http://x")'},
    )
    workbook = download(client, committee_member)
    assert workbook.sheetnames == ["Figures", "Texts", "Instructions"]
    sheet = workbook["Figures"]
    municipalities = selectors.municipalities_of(network["elbasan"].pk)
    cells = {
        tuple(c or "" for c in row[:4]) for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert cells == known_cells(PERIOD, municipalities)
    assert sheet.max_row - 1 == len(cells)
    assert value(sheet, "victims_identified", "2026Q1", "sex", "female") == 2
    assert value(sheet, "victims_identified", "2026Q2") == 4
    assert value(sheet, "projects_done", PERIOD) is None
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    assert sheet.protection.sheet and sheet["A2"].protection.locked
    assert not sheet.cell(row=2, column=VALUE).protection.locked
    answers = {
        row[0]: row[ANSWER - 1] for row in workbook["Texts"].iter_rows(min_row=2, values_only=True)
    }
    # A text that looks like a formula is written so that it stays text.
    assert answers["justice_notes"] == '\'=HYPERLINK("http://x")'
    assert "migration_notes" in answers and "victims_identified" not in answers


def test_the_template_speaks_the_users_language(client: Any, committee_member: Any) -> None:
    workbook = download(client, committee_member, HTTP_ACCEPT_LANGUAGE="sq")
    sheet = workbook["Figures"]
    row = row_of(sheet, "victims_identified", "2026Q1", "sex", "female")
    assert sheet.cell(row=row, column=7).value == "Femër"
    with translation.override("sq"):
        assert workbook.sheetnames[2] == gettext("Instructions")[:31]


def test_round_trip_saves_the_figures_and_keeps_them_a_draft(
    client: Any, network: Any, committee_member: Any
) -> None:
    workbook = download(client, committee_member)
    sheet = workbook["Figures"]
    put(sheet, 5, "victims_identified", "2026Q1")
    put(sheet, 3, "victims_identified", "2026Q1", "sex", "female")
    put(sheet, 2.0, "victims_identified", "2026Q1", "sex", "male")  # how spreadsheets store 2
    put(sheet, " 4 ", "victims_identified", "2026Q2")  # a number typed as text
    put(sheet, 0, "projects_done", PERIOD)
    texts = workbook["Texts"]
    texts.cell(row=answer_row(texts, "justice_notes"), column=ANSWER).value = "'=2+2 cases"
    texts.cell(row=answer_row(texts, "capacity_notes"), column=ANSWER).value = "More training."
    # A formula typed as an answer is kept as the text typed, never run.
    texts.cell(row=answer_row(texts, "projects_notes"), column=ANSWER).value = "=1+1"
    response = upload(client, workbook)
    assert response.status_code == 302
    assert response["Location"] == url("entry")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "5 figures saved (not submitted yet)."
    ]
    data_return = selectors.return_for(network["elbasan"].pk, network["police_el"], PERIOD)
    assert data_return.status == ReturnStatus.DRAFT
    assert figures(data_return) == {
        "numbers": {
            ("victims_identified", "2026Q1", "", ""): 5,
            ("victims_identified", "2026Q1", "sex", "female"): 3,
            ("victims_identified", "2026Q1", "sex", "male"): 2,
            ("victims_identified", "2026Q2", "", ""): 4,
            ("projects_done", PERIOD, "", ""): 0,
        },
        # The apostrophe that kept a formula from running is not part of the answer.
        "texts": {
            ("justice_notes", PERIOD): "=2+2 cases",
            ("capacity_notes", PERIOD): "More training.",
            ("projects_notes", PERIOD): "=1+1",
        },
    }
    # The next template carries the answer as text a spreadsheet will not run.
    texts = download(client, committee_member)["Texts"]
    assert texts.cell(row=answer_row(texts, "projects_notes"), column=ANSWER).value == "'=1+1"
    # The same file again is still right: the version is the return's at upload time.
    assert upload(client, workbook).status_code == 302


def test_a_wrong_file_says_which_row_and_why_and_changes_nothing(
    client: Any, network: Any, committee_member: Any
) -> None:
    data_return = fill(committee_member, network["police_el"], victims(3, 4), submit=False)
    before = figures(data_return)
    workbook = download(client, committee_member)
    sheet = workbook["Figures"]
    wrong = {
        put(sheet, "abc", "victims_identified", "2026Q2", "sex", "female"): "“abc” is not a "
        "whole number.",
        put(sheet, "-3", "victims_identified", "2026Q2", "sex", "male"): "“-3” is below zero.",
        put(sheet, 2.5, "at_risk_identified", "2026Q1"): "“2.5” is not a whole number.",
        put(sheet, "#DIV/0!", "at_risk_identified", "2026Q2"): "“#DIV/0!” is not a whole number.",
        # A formula written by a program that never computed it.
        put(sheet, "=1+1", "trainings_held", PERIOD): "the formula has no result saved: save the "
        "file again in a spreadsheet.",
    }
    unknown = row_of(sheet, "victims_identified", "2026Q1", "age", "18+")
    sheet.cell(row=unknown, column=4).value = "martians"
    wrong[unknown] = "“martians” is not a category of age band."
    wrong_period = row_of(sheet, "projects_done", PERIOD)
    sheet.cell(row=wrong_period, column=2).value = "2025S2"
    wrong[wrong_period] = "“2025S2” is not a period of this return (2026S1)."
    sheet.append(["no_such_element", PERIOD, "", "", "", "", "", 1])
    wrong[sheet.max_row] = "“no_such_element” is not the code of a figure."
    sheet.append(["projects_planned", PERIOD, "", "", "", "", "", 2])
    wrong[sheet.max_row] = f"this row repeats row {row_of(sheet, 'projects_planned', PERIOD)}."
    assert problems(upload(client, workbook)) == [
        f"Sheet Figures, row {row}: {message}" for row, message in sorted(wrong.items())
    ]
    data_return.refresh_from_db()
    assert figures(data_return) == before


def test_totals_that_do_not_add_up_point_at_the_total_row(
    client: Any, network: Any, committee_member: Any
) -> None:
    data_return = fill(committee_member, network["police_el"], victims(3, 4), submit=False)
    before = figures(data_return)
    workbook = download(client, committee_member)
    sheet = workbook["Figures"]
    put(sheet, 9, "victims_identified", "2026Q1", "sex", "female")
    put(sheet, 1, "victims_identified", "2026Q1", "sex", "male")
    total = row_of(sheet, "victims_identified", "2026Q1")
    texts = workbook["Texts"]
    texts.cell(row=answer_row(texts, "justice_notes"), column=ANSWER).value = "New text"
    listed = problems(upload(client, workbook))
    assert listed == [
        f"Sheet Figures, row {total}: Victims of trafficking identified, 2026Q1: the figures "
        "by sex add up to 10, more than the total 3."
    ]
    data_return.refresh_from_db()
    assert figures(data_return) == before


def test_problems_are_in_the_users_language(client: Any, committee_member: Any) -> None:
    workbook = download(client, committee_member)
    row = put(workbook["Figures"], "abc", "victims_identified", "2026Q1")
    response = upload(client, workbook, HTTP_ACCEPT_LANGUAGE="sq")
    with translation.override("sq"):
        expected = gettext("Sheet %(sheet)s, row %(row)s: %(message)s") % {
            "sheet": "Figures",
            "row": row,
            "message": gettext("“%(value)s” is not a whole number.") % {"value": "abc"},
        }
        nothing = gettext("Nothing was saved. Correct the file and upload it again:")
    assert problems(response) == [expected]
    assert 'lang="sq"' in response.content.decode()
    assert nothing in response.content.decode()


def test_a_name_in_an_answer_is_refused(
    client: Any, network: Any, committee_member: Any, cpu_worker: Any
) -> None:
    from tryeza.cases.services import case_register
    from tryeza.cases.tests.conftest import PLANTED_FIRST, elbasan_draft, planted_identity

    case_register(actor=cpu_worker, draft=elbasan_draft(network), identity=planted_identity())
    workbook = download(client, committee_member)
    put(workbook["Figures"], 2, "trainings_held", PERIOD)
    texts = workbook["Texts"]
    row = answer_row(texts, "identification_notes")
    texts.cell(row=row, column=ANSWER).value = f"{PLANTED_FIRST} was found in Peqin."
    listed = problems(upload(client, workbook))
    assert len(listed) == 1 and "name of a person in a case" in listed[0]
    data_return = selectors.return_for(network["elbasan"].pk, network["police_el"], PERIOD)
    assert figures(data_return) == {"numbers": {}, "texts": {}}


def test_each_institution_gets_its_own_template_and_no_other(
    client: Any,
    network: Any,
    police_return: Any,
    ngo_return: Any,
    ngo_worker: Any,
    other_region_officer: Any,
    observer: Any,
    outsider: Any,
) -> None:
    sheet = download(client, ngo_worker)["Figures"]
    # The shelter's 5 victims, never the police's 3.
    assert value(sheet, "victims_identified", "2026Q1") == 5
    for user in (other_region_officer, observer, outsider):
        client.force_login(user)
        assert client.get(url("template")).status_code == 404
        assert client.get(url("upload")).status_code == 404
    client.force_login(ngo_worker)
    assert client.get(url("template", region="AL-12")).status_code == 404
    assert client.get(url("template").replace(PERIOD, "2026Q1")).status_code == 404
    client.logout()
    assert client.get(url("template")).status_code == 302  # to the sign-in page


def test_the_upload_page_offers_the_template(client: Any, committee_member: Any) -> None:
    client.force_login(committee_member)
    page = client.get(url("upload")).content.decode()
    assert url("template") in page and 'enctype="multipart/form-data"' in page


def corrupt_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<nonsense")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"element,period\nvictims_identified,2026Q1\n", "This is not an XLSX file."),
        (corrupt_xlsx(), "This file could not be read as an XLSX workbook."),
        (b"PK" + b"\0" * (2 * 1024 * 1024), "The file is larger than 2 MB."),
    ],
)
def test_a_file_that_is_no_template_is_refused(
    client: Any, network: Any, committee_member: Any, content: bytes, message: str
) -> None:
    data_return = fill(committee_member, network["police_el"], victims(3, 4), submit=False)
    before = figures(data_return)
    client.force_login(committee_member)
    listed = problems(upload(client, content))
    assert len(listed) == 1 and listed[0].startswith(message)
    data_return.refresh_from_db()
    assert figures(data_return) == before


def test_a_workbook_without_the_sheet_figures_is_refused(
    client: Any, committee_member: Any
) -> None:
    client.force_login(committee_member)
    listed = problems(upload(client, Workbook()))
    assert listed == ["The file has no sheet “Figures”. Start again from the template."]


def test_a_submitted_return_refuses_the_upload(
    client: Any, network: Any, police_return: Any, committee_member: Any
) -> None:
    before = figures(police_return)
    workbook = download(client, committee_member)
    put(workbook["Figures"], 9, "projects_done", PERIOD)
    listed = problems(upload(client, workbook))
    assert listed == ["These figures were submitted; ask the secretariat to return them."]
    police_return.refresh_from_db()
    assert figures(police_return) == before


def test_a_locked_period_refuses_the_upload(
    client: Any, network: Any, ngo_return: Any, committee_member: Any, secretariat_officer: Any
) -> None:
    draft = fill(committee_member, network["police_el"], victims(3, 4), submit=False)
    workbook = download(client, committee_member)
    report = selectors.report_for(network["elbasan"].pk, PERIOD)
    services.report_approve(user=secretariat_officer, report=report)
    put(workbook["Figures"], 9, "projects_done", PERIOD)
    listed = problems(upload(client, workbook))
    assert listed == ["The committee has approved this period's report: its figures are locked."]
    draft.refresh_from_db()
    assert figures(draft)["numbers"] == victims(3, 4)
