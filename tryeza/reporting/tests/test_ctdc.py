"""The anonymous CTDC export: k-anonymous (no group of fewer than 5 identical rows), no case
code, no person, streamed and audited."""

import csv
import datetime
import io
from collections import Counter
from dataclasses import replace
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from tryeza.audit.models import AuditEntry
from tryeza.cases.choices import AgeBand, Exploitation, RecruiterRelation, Sex, Stage, Where
from tryeza.cases.services import case_register
from tryeza.cases.tests.conftest import PLANTED_VALUES, elbasan_draft, planted_identity
from tryeza.reporting.ctdc import HEADERS, UNKNOWN, k_anonymous
from tryeza.reporting.tests.test_national import add_cases

pytestmark = pytest.mark.django_db

COMMON: dict[str, Any] = {
    "sex": Sex.FEMALE,
    "age_band": AgeBand.A18_20,
    "citizenship": "AL",
    "exploitation": Exploitation.SEXUAL,
    "recruiter_relation": RecruiterRelation.PARTNER,
    "exploited_where": Where.ABROAD,
}


def export(client: Any, user: Any) -> tuple[Any, list[list[str]]]:
    client.force_login(user)
    response = client.get(reverse("reporting:ctdc"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return response, list(csv.reader(io.StringIO(body)))


def test_no_group_is_smaller_than_five_and_no_case_code_leaves(
    client: Any, network: Any, committee_member: Any, national_coordinator: Any
) -> None:
    add_cases(committee_member, "AL-03", 6, means_of_control=["threats", "debt_bondage"], **COMMON)
    # Four like them but from another country: too few, so their citizenship goes.
    add_cases(committee_member, "AL-12", 4, **{**COMMON, "citizenship": "XK"})
    add_cases(committee_member, "AL-12", 1, **{**COMMON, "citizenship": "unknown"})
    # One alone in every way: left out.
    add_cases(
        committee_member,
        "AL-07",
        1,
        sex=Sex.MALE,
        age_band=AgeBand.A48,
        citizenship="GR",
        exploitation=Exploitation.BEGGING,
        recruiter_relation=RecruiterRelation.FAMILY,
        exploited_where=Where.DOMESTIC,
        day=datetime.date(2025, 2, 1),
    )
    add_cases(committee_member, "AL-03", 3, stage=Stage.AT_RISK)  # not victims: not exported
    response, rows = export(client, national_coordinator)
    assert isinstance(response, StreamingHttpResponse)
    assert tuple(rows[0]) == HEADERS
    body = rows[1:]
    groups = Counter(tuple(r) for r in body)
    assert groups and min(groups.values()) >= 5
    assert len(body) == 11
    assert all("XK" not in r and "GR" not in r for r in body)
    assert ("threats" in ";".join(r[HEADERS.index("meansOfControl")] for r in body)) or all(
        r[HEADERS.index("meansOfControl")] == UNKNOWN for r in body
    )
    text = "\n".join(",".join(r) for r in rows)
    assert "AL-2026" not in text and "EL-2026" not in text and "VL-2026" not in text
    assert "Elbasan" not in text and "AL-03" not in text
    entry = AuditEntry.objects.get(action="reporting.ctdc_exported")
    assert entry.detail == "rows=11 left_out=1"


def test_free_values_never_pass(
    client: Any, network: Any, committee_member: Any, national_coordinator: Any
) -> None:
    add_cases(committee_member, "AL-03", 5, means_of_control=["Drita's uncle"], citizenship="Drita")
    _response, rows = export(client, national_coordinator)
    assert len(rows) == 6
    assert "Drita" not in "".join(",".join(r) for r in rows)


def test_generalisation_goes_field_by_field_then_drops() -> None:
    means = HEADERS.index("meansOfControl")
    base = ("2026", "female", "18-20", "AL", "sexual", "threats", "partner", "abroad")
    other_means = (*base[:means], "debt_bondage", *base[means + 1 :])
    groups = {base: 3, other_means: 2, ("2025", "male", "48+", "GR", "begging", "x", "y", "z"): 1}
    released = k_anonymous(groups)
    assert released == Counter({(*base[:means], UNKNOWN, *base[means + 1 :]): 5})


def test_the_planted_person_never_leaves(
    client: Any, network: Any, cpu_worker: Any, national_coordinator: Any
) -> None:
    for _ in range(5):
        draft = replace(elbasan_draft(network, citizenship="AL"), stage=Stage.PRESUMED)
        case_register(actor=cpu_worker, draft=draft, identity=planted_identity())
    _response, rows = export(client, national_coordinator)
    assert len(rows) == 6
    text = "\n".join(",".join(r) for r in rows)
    for value in PLANTED_VALUES:
        assert value not in text
