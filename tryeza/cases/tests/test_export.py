"""The case export: anonymous, scoped to the team, noted in each case's log."""

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from tryeza.audit.models import AuditEntry
from tryeza.cases.exports import CASE_COLUMNS
from tryeza.cases.models import Case, CaseAccess
from tryeza.cases.services import Identity, case_register, cases_record_export
from tryeza.spreadsheets import Column, rows, spreadsheet_safe

from .conftest import PLANTED_VALUES, elbasan_draft


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


class _Probe:
    """Remembers the attribute a column reads."""

    def __getattr__(self, name: str) -> None:
        self.read = name


def _field_of(column: Column) -> str:
    probe = _Probe()
    column.value(probe)
    return probe.read


@pytest.mark.parametrize("language", ["sq", "en"])
def test_choice_columns_show_what_get_display_shows(language):
    """The labels an export translates once must be those of get_<field>_display(),
    for every value, a blank and an unknown one."""
    columns = [column for column in CASE_COLUMNS if column.choices is not None]
    assert len(columns) == 13
    for column in columns:
        name = _field_of(column)
        field: Any = Case._meta.get_field(name)
        values = [value for value, _ in field.flatchoices] + ["", "unknown-value"]
        cases = [Case(**{name: value}) for value in values]
        cells = [row[0] for row in rows(cases, [column], language)]
        with translation.override(language):
            shown = [spreadsheet_safe(getattr(case, f"get_{name}_display")()) for case in cases]
        assert cells == shown, name


def test_the_choice_labels_follow_the_language(client, planted_case, cpu_worker):
    client.force_login(cpu_worker)
    lines = {}
    for language in ("sq", "en"):
        response = client.get(
            reverse("cases:export"), {"format": "csv"}, headers={"accept-language": language}
        )
        lines[language] = list(csv.reader(io.StringIO(body(response))))
    with translation.override("en"):
        stage = [str(column.label) for column in CASE_COLUMNS].index("Stage")
        assert lines["en"][1][stage] == planted_case.get_stage_display()
    with translation.override("sq"):
        assert lines["sq"][1][stage] == planted_case.get_stage_display()
    assert lines["sq"][1][stage] != lines["en"][1][stage]


def test_every_exported_case_is_logged_once(client, network, planted_case, cpu_worker):
    for number in range(4):
        case_register(
            actor=cpu_worker,
            draft=elbasan_draft(network),
            identity=Identity(first_name=f"Person{number}", last_name="Batch"),
            team=[network["shelter_el"]],
        )
    client.force_login(cpu_worker)
    before = timezone.now()
    response = client.get(reverse("cases:export"))
    with CaptureQueriesContext(connection) as streaming:
        lines = list(csv.reader(io.StringIO(body(response))))
    # Region, municipality and lead institution come with the rows, not a query each.
    assert len(streaming.captured_queries) == 1
    exported = sorted(line[0] for line in lines[1:])
    assert len(exported) == 5
    logged = CaseAccess.objects.filter(user=cpu_worker, channel="export")
    assert sorted(logged.values_list("case__code", flat=True)) == exported
    assert all(access.fields == [] and access.purpose == "" for access in logged)
    assert all(before <= access.at <= timezone.now() for access in logged)
    entry = AuditEntry.objects.filter(action="case.export").get()
    assert entry.detail == "5"


def test_an_export_of_nothing_is_still_audited(cpu_worker):
    assert cases_record_export(actor=cpu_worker, cases=Case.objects.none()) == 0
    assert not CaseAccess.objects.exists()
    assert AuditEntry.objects.filter(action="case.export").get().detail == "0"


def test_a_filtered_export_logs_only_the_cases_it_holds(client, network, planted_case, cpu_worker):
    """The log is written from the export's own query, filters and their values
    included: a code, a region, an overdue follow-up (a date)."""
    import datetime

    other = case_register(
        actor=cpu_worker,
        draft=elbasan_draft(network),
        identity=Identity(first_name="Other", last_name="Person"),
    )
    Case.objects.filter(pk__in=[planted_case.pk, other.pk]).update(
        next_follow_up=datetime.date(2026, 1, 5)
    )
    client.force_login(cpu_worker)
    filters = {"q": planted_case.code.lower(), "region": "AL-03", "overdue": "on"}
    lines = list(csv.reader(io.StringIO(body(client.get(reverse("cases:export"), filters)))))
    assert [line[0] for line in lines[1:]] == [planted_case.code]
    logged = CaseAccess.objects.filter(user=cpu_worker, channel="export")
    assert list(logged.values_list("case__code", flat=True)) == [planted_case.code]
