"""The reference of the situational analysis: its periods and its catalogue of data
elements. Code, not data: the same for every signed-in caller (municipalities, like the
geography, for members of the network only)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tryeza.accounts.reach import reach_of
from tryeza.api import query_params
from tryeza.geography.api import RegionCodeField
from tryeza.reporting.catalogue import ELEMENTS, SECTIONS, categories
from tryeza.reporting.periods import Period, current_half, half_years
from tryeza.reporting.selectors import municipalities_of

RECENT_HALVES = 6


# Fields named like a Field attribute ("label", "source", "context") are fine at run
# time (DRF's metaclass takes declared fields out of the class); only the stubs object.


class ReportingQuarterOut(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    start = serializers.DateField()
    end = serializers.DateField()


class ReportingPeriodOut(ReportingQuarterOut):
    due = serializers.DateField(help_text=_("When the committee's report is due at ONAC."))
    is_current = serializers.BooleanField(help_text=_("The half-year being reported on now."))
    quarters = ReportingQuarterOut(many=True)


def _period(period: Period, current: Period) -> dict[str, Any]:
    def brief(p: Period) -> dict[str, Any]:
        return {"code": p.code, "label": p.label(), "start": p.start, "end": p.end}

    return {
        **brief(period),
        "due": period.due,
        "is_current": period == current,
        "quarters": [brief(q) for q in period.quarters],
    }


class Periods(APIView):
    """The recent half-years, newest first, each with its quarters."""

    @extend_schema(operation_id="reporting_periods", responses=ReportingPeriodOut(many=True))
    def get(self, request: Request) -> Response:
        current = current_half()
        halves = reversed(half_years(current, RECENT_HALVES))
        return Response(ReportingPeriodOut([_period(p, current) for p in halves], many=True).data)


class ElementCategoryOut(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]


class ElementDimensionOut(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    categories = ElementCategoryOut(many=True)


class DataElementOut(serializers.Serializer[Any]):
    code = serializers.CharField()
    section = serializers.CharField()
    section_label = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    kind = serializers.CharField(help_text=_("“count” or “text” (a narrative answer)."))
    period_type = serializers.CharField(
        help_text=_("“S”: one figure per half-year; “Q”: one per quarter of it.")
    )
    help = serializers.CharField()
    dimensions = ElementDimensionOut(many=True)


class ElementFilter(serializers.Serializer[Any]):
    region = RegionCodeField(
        required=False, help_text=_("List this region's municipalities as categories.")
    )


class Elements(APIView):
    """The catalogue of data elements with their dimensions and categories. Municipality
    categories are a region's: ask with ``?region=``."""

    @extend_schema(
        operation_id="reporting_elements",
        parameters=[ElementFilter],
        responses=DataElementOut(many=True),
    )
    def get(self, request: Request) -> Response:
        given = query_params(ElementFilter, request)
        region = given.get("region")
        municipalities = (
            municipalities_of(region.pk) if region and reach_of(request.user) is not None else []
        )
        sections = {s.code: str(s.label) for s in SECTIONS}
        elements = [
            {
                "code": e.code,
                "section": e.section,
                "section_label": sections.get(e.section, ""),
                "label": str(e.label),
                "kind": e.kind,
                "period_type": e.period_type,
                "help": str(e.help),
                "dimensions": [
                    {
                        "code": d.code,
                        "label": str(d.label),
                        "categories": [
                            {"code": code, "label": label}
                            for code, label in categories(d, municipalities)
                        ],
                    }
                    for d in e.dimensions
                ],
            }
            for e in ELEMENTS
        ]
        return Response(DataElementOut(elements, many=True).data)
