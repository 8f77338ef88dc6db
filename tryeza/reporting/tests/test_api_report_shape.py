"""The report's answer is built in ``ReportOut``'s shape and sent without passing through
it (api/reports.py): what is sent must be what the schema describes, for a viewer inside
the region and for ONAC beyond it."""

from typing import Any

import pytest
from django.utils.timezone import localtime
from rest_framework import serializers

from tryeza.reporting import selectors
from tryeza.reporting.api.reports import ReportOut
from tryeza.reporting.models import DataReturn
from tryeza.reporting.tests.conftest import PERIOD

pytestmark = pytest.mark.django_db

REPORT = f"/api/v1/reporting/reports/AL-03/{PERIOD}/"


def same_keys(serializer: Any, sent: Any) -> None:
    """Every field of the schema is in the answer and nothing else, at every depth."""
    if isinstance(serializer, serializers.ListSerializer):
        for item in sent:
            same_keys(serializer.child, item)
        return
    if sent is None or not isinstance(serializer, serializers.Serializer):
        return
    assert set(sent) == set(serializer.fields), serializer
    for name, field in serializer.fields.items():
        same_keys(field, sent[name])


def test_the_answer_is_what_report_out_describes(
    client: Any,
    network: Any,
    secretariat_officer: Any,
    national_coordinator: Any,
    police_return: DataReturn,
    ngo_return: DataReturn,
) -> None:
    client.force_login(secretariat_officer)
    for element, period in (("victims_identified", "2026Q1"), ("victims_identified", "2026Q2")):
        client.post(
            f"{REPORT}explanations/",
            {"element": element, "period": period, "text": "The shelter counts more.", "agreed": 3},
            content_type="application/json",
        )
    assert client.post(f"{REPORT}approve/").status_code == 200
    report = selectors.report_for(network["elbasan"].pk, PERIOD)
    for who in (secretariat_officer, national_coordinator):
        client.force_login(who)
        sent = client.get(REPORT).json()
        assert sent["figures"] and sent["totals"] and sent["trail"] and sent["discrepancies"]
        assert all(d["explanation"] for d in sent["discrepancies"])
        same_keys(ReportOut(), sent)
        # Passing it through the serializer changes nothing.
        assert ReportOut(sent).data == sent
        # Times in the server's time zone, as the serializer gave them.
        assert report.approved_at is not None
        assert sent["approved_at"] == localtime(report.approved_at).isoformat()
    # ONAC sees the small counts as "<5" without their number.
    assert {"number": None, "display": "<5"} in [
        {k: f[k] for k in ("number", "display")} for f in sent["figures"]
    ]
