"""CSV and XLSX files of the directory: the filtered rows only, and never a formula."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from tryeza.directory.models import InstitutionType, ServiceType
from tryeza.factories import InstitutionFactory, ServiceOfferingFactory
from tryeza.spreadsheets import spreadsheet_safe

INSTITUTIONS = reverse("directory:institutions-export")
SERVICES = reverse("directory:services-export")
LIST = reverse("directory:institutions")
CATALOGUE = reverse("directory:services")
PLANTED = '=HYPERLINK("http://x")'
HEADER = [
    "Name",
    "Type",
    "Sector",
    "Region",
    "Municipality",
    "Address",
    "Phone",
    "E-mail",
    "Website",
    "Services",
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+355 54 400 100", "'+355 54 400 100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Another Vision", "Another Vision"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (42, "42"),
        (-1, "'-1"),
    ],
)
def test_spreadsheet_safe_makes_formulas_plain_text(value, expected):
    assert spreadsheet_safe(value) == expected


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def read_xlsx(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    return sheet, [[cell.value or "" for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def planted(network):
    """An institution whose name is a formula, in Vlorë."""
    institution = InstitutionFactory(
        name=PLANTED, type=InstitutionType.NGO, region=network["vlore"], phone="+355 33 1"
    )
    ServiceOfferingFactory(institution=institution, service=ServiceType.LEGAL)
    return institution


def test_the_csv_has_the_filtered_rows_only_and_a_dated_name(client, planted, secretariat_officer):
    client.force_login(secretariat_officer)
    response = client.get(INSTITUTIONS, {"format": "csv", "region": "AL-12"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="tryeza-institutions-{today}.csv"'
    )
    assert "private" in response["Cache-Control"]
    header, *rows = read_csv(response)
    assert header == HEADER
    assert [row[0] for row in rows] == [f"'{PLANTED}", "Prefektura Vlorë"]
    planted_row = rows[0]
    assert planted_row[1:5] == ["Non-governmental organisation", "Civil society", "Vlora", ""]
    assert planted_row[6] == "'+355 33 1"
    assert planted_row[9] == "Legal assistance"


def test_the_xlsx_has_the_filtered_rows_only_and_no_formula(client, planted, secretariat_officer):
    client.force_login(secretariat_officer)
    response = client.get(INSTITUTIONS, {"format": "xlsx", "region": "AL-12"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith(f'-{timezone.localdate().isoformat()}.xlsx"')
    sheet, (header, *rows) = read_xlsx(response)
    assert header == HEADER
    assert [row[0] for row in rows] == [f"'{PLANTED}", "Prefektura Vlorë"]
    assert sheet["A2"].data_type == "s"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_export_applies_the_search_and_every_filter(client, network, secretariat_officer):
    client.force_login(secretariat_officer)
    response = client.get(
        INSTITUTIONS, {"format": "csv", "q": "vision", "service": "safe_accommodation"}
    )
    _, *rows = read_csv(response)
    assert [(row[0], row[3], row[9]) for row in rows] == [
        ("Another Vision", "Elbasan", "Safe accommodation")
    ]


def test_the_export_is_not_cut_to_a_page(client, network, secretariat_officer):
    InstitutionFactory.create_batch(30, region=network["vlore"])
    client.force_login(secretariat_officer)
    response = client.get(INSTITUTIONS, {"format": "xlsx", "region": "AL-12"})
    _, rows = read_xlsx(response)
    assert len(rows) == 1 + 31


def test_csv_is_the_default_format(client, network, secretariat_officer):
    client.force_login(secretariat_officer)
    response = client.get(INSTITUTIONS)
    assert response["Content-Disposition"].endswith('.csv"')


def test_an_account_without_a_role_exports_only_the_header(client, network, outsider):
    client.force_login(outsider)
    assert read_csv(client.get(INSTITUTIONS, {"format": "csv"})) == [HEADER]


def test_the_services_export_has_the_filtered_catalogue(client, planted, secretariat_officer):
    national = InstitutionFactory(name="Linja Kombëtare", region=None, email="@evil")
    ServiceOfferingFactory(institution=national, service=ServiceType.LEGAL, region=None)
    client.force_login(secretariat_officer)
    response = client.get(SERVICES, {"format": "xlsx", "service": "legal", "region": "AL-12"})
    assert response.status_code == 200
    assert "tryeza-services-" in response["Content-Disposition"]
    _, (header, *rows) = read_xlsx(response)
    assert header[:6] == ["Service", "Institution", "Type", "Sector", "Region", "Municipality"]
    assert [(row[1], row[4]) for row in rows] == [
        (f"'{PLANTED}", "Vlora"),
        ("Linja Kombëtare", "Nationwide"),
    ]
    assert rows[1][9] == "'@evil"


def test_the_services_csv_export(client, network, secretariat_officer):
    client.force_login(secretariat_officer)
    response = client.get(SERVICES, {"format": "csv", "service": "safe_accommodation"})
    header, *rows = read_csv(response)
    assert header[0] == "Service"
    assert [(row[0], row[1], row[4]) for row in rows] == [
        ("Safe accommodation", "Another Vision", "Elbasan")
    ]


@pytest.mark.parametrize(
    ("url", "query", "back"),
    [
        (
            INSTITUTIONS,
            {"format": "pdf", "region": "AL-03"},
            "/directory/institutions/?region=AL-03",
        ),
        (
            INSTITUTIONS,
            {"format": "xlsx", "region": "AL-99"},
            "/directory/institutions/?region=AL-99",
        ),
        (SERVICES, {"format": "csv", "service": "bogus"}, "/directory/services/?service=bogus"),
    ],
)
def test_a_bad_format_or_filter_goes_back_to_the_list_which_says_why(
    client, network, secretariat_officer, url, query, back
):
    client.force_login(secretariat_officer)
    response = client.get(url, query)
    assert response.status_code == 302
    assert response["Location"] == back
    page = client.get(back)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Choose a CSV or an XLSX file." in body or "Some filters could not be used" in body


def test_control_characters_do_not_break_the_workbook(client, network, secretariat_officer):
    InstitutionFactory(name="\x01=1+1 Broken\x0b", region=network["vlore"])
    client.force_login(secretariat_officer)
    response = client.get(INSTITUTIONS, {"format": "xlsx", "region": "AL-12"})
    _, (_, *rows) = read_xlsx(response)
    assert rows[0][0] == "'=1+1 Broken"


def test_the_file_name_carries_the_date(client, network, secretariat_officer, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 3, 8))
    client.force_login(secretariat_officer)
    response = client.get(SERVICES, {"format": "xlsx"})
    assert response["Content-Disposition"] == (
        'attachment; filename="tryeza-services-2026-03-08.xlsx"'
    )
