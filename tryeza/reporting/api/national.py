"""ONAC's endpoints: the national view's figures, completeness and timeliness per region,
and the DHIS2 export of accepted figures. National viewers only; anyone else gets a 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tryeza.api import query_params
from tryeza.reporting import reporters, rules
from tryeza.reporting.api.base import HalfYearFilter, actor, half_or_current
from tryeza.reporting.dhis2 import dhis2_export
from tryeza.reporting.models import ReportStatus
from tryeza.reporting.national import Breakdowns, national_view


def national_only(request: Request) -> None:
    if not rules.may_view_national(request.user):
        raise Http404


class CompletenessOut(serializers.Serializer[Any]):
    region = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.display_name")
    expected = serializers.IntegerField(help_text=gettext_lazy("Institutions expected to report."))
    submitted = serializers.IntegerField(help_text=gettext_lazy("Returns submitted."))
    report_status = serializers.ChoiceField(source="status", choices=ReportStatus.choices)
    approved_on_time = serializers.BooleanField(
        allow_null=True, help_text=gettext_lazy("Null while the report is not approved.")
    )


class Completeness(APIView):
    """Per region: returns expected and submitted, the report's status, and whether it
    was approved by the due date."""

    @extend_schema(
        operation_id="reporting_completeness",
        parameters=[HalfYearFilter],
        responses=CompletenessOut(many=True),
    )
    def get(self, request: Request) -> Response:
        national_only(request)
        half = half_or_current(query_params(HalfYearFilter, request))
        return Response(CompletenessOut(reporters.completeness(half.code), many=True).data)


class NationalFilter(HalfYearFilter):
    span = serializers.ChoiceField(
        choices=[4, 5, 6], default=4, help_text=gettext_lazy("Half-years shown, up to period.")
    )


class LineOut(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField(source="label")
    cells = serializers.ListField(
        child=serializers.CharField(),
        help_text=gettext_lazy('Per half-year: a number, "<5" or "x".'),
    )
    committee = serializers.ListField(
        child=serializers.BooleanField(),
        help_text=gettext_lazy("Per half-year: the figure of the committee's approved report."),
    )


class BreakdownsOut(serializers.Serializer[Any]):
    lines = LineOut(many=True)
    total = serializers.ListField(child=serializers.CharField())


class NationalOut(serializers.Serializer[Any]):
    halves = serializers.ListField(child=serializers.CharField())
    victims = BreakdownsOut()
    at_risk = BreakdownsOut()
    clusters_victims = BreakdownsOut()
    clusters_at_risk = BreakdownsOut()
    destination = BreakdownsOut()


class National(APIView):
    """The twelve regions and the cluster groups side by side over half-years, as the
    national page shows them: disclosure-controlled ("<5", "x")."""

    @extend_schema(
        operation_id="reporting_national", parameters=[NationalFilter], responses=NationalOut
    )
    def get(self, request: Request) -> Response:
        national_only(request)
        given = query_params(NationalFilter, request)
        view = national_view(half_or_current(given), int(given.get("span", 4)))
        tables: dict[str, Breakdowns] = {
            name: getattr(view, name)
            for name in (
                "victims",
                "at_risk",
                "clusters_victims",
                "clusters_at_risk",
                "destination",
            )
        }
        data = {"halves": [h.code for h in view.halves], **{n: vars(t) for n, t in tables.items()}}
        return Response(NationalOut(data).data)


class DataValueOut(serializers.Serializer[Any]):
    dataElement = serializers.CharField()
    period = serializers.CharField()
    orgUnit = serializers.CharField()
    categoryOptionCombo = serializers.CharField()
    attributeOptionCombo = serializers.CharField()
    value = serializers.CharField()


class DataValueSetOut(serializers.Serializer[Any]):
    dataValues = DataValueOut(many=True)


class DataValueSet(APIView):
    """DHIS2 ``dataValueSets`` JSON of the figures of reports ONAC accepted for a
    half-year: institutions' submitted figures (``attributeOptionCombo`` "inst-<id>") and
    case work ("casework"), per region (``orgUnit``). Counts of 1–4, and cells disclosure
    control hides, are left out: DHIS2 has no "<5". Each export is registered and
    audited."""

    @extend_schema(
        operation_id="reporting_dhis2_data_value_set",
        parameters=[HalfYearFilter],
        responses=DataValueSetOut,
    )
    def get(self, request: Request) -> Response:
        national_only(request)
        half = half_or_current(query_params(HalfYearFilter, request))
        return Response(dhis2_export(user=actor(request), half=half))
