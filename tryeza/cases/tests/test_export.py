"""The case export: anonymous, scoped to the team, noted in each case's log."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tryeza.cases.models import CaseAccess

from .conftest import PLANTED_VALUES


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_team_exports_codes_and_categories_without_identifiers(
    client, planted_case, ngo_worker
):
    client.force_login(ngo_worker)
    response = client.get(reverse("cases:export"), {"format": "csv"})
    text = body(response)
    assert planted_case.code in text
    assert "9–17" in text
    for value in PLANTED_VALUES:
        assert value not in text
    assert "no-store" in response["Cache-Control"]
    assert CaseAccess.objects.filter(case=planted_case, user=ngo_worker, channel="export").exists()


def test_the_xlsx_export_opens(client, planted_case, cpu_worker):
    client.force_login(cpu_worker)
    response = client.get(reverse("cases:export"), {"format": "xlsx", "status": "registered"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == [planted_case.code]


@pytest.mark.parametrize(
    "persona", ["committee_member", "national_coordinator", "other_region_officer", "outsider"]
)
def test_outsiders_cannot_export(client, request, planted_case, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("cases:export")).status_code == 404


def test_filters_narrow_the_export(client, planted_case, cpu_worker):
    client.force_login(cpu_worker)
    text = body(client.get(reverse("cases:export"), {"status": "closed"}))
    assert planted_case.code not in text
