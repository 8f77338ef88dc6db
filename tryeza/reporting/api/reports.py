"""The committee's report for a region and half-year: status, situational analysis,
figures per source, differences and their explanations, the review trail; and the
workflow over it (secretariat: analysis, explanations, approval; ONAC: return, accept).

Counts are exact for the region's own people; for national viewers every count passes
disclosure control (``display_count``: 1–4 as "<5", the number left out)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tryeza.geography.models import Region
from tryeza.reporting import figures_cache, reporters, rules, selectors, services
from tryeza.reporting.api.base import (
    MAX_COUNT,
    MAX_VERSION,
    ReportCountOut,
    actor,
    half_in_path,
    refusals,
    region_for,
    sees_exact,
    shown,
)
from tryeza.reporting.api.returns import ReportingCommentIn
from tryeza.reporting.catalogue import BY_CODE, ELEMENTS, value_periods
from tryeza.reporting.models import (
    Explanation,
    RegionReport,
    ReportStatus,
    ReviewAction,
)
from tryeza.reporting.periods import Period

# "source", "label" and "context" are output names; as in reference.py, only the stubs
# object to fields named like Field attributes.
SOURCE_HELP = gettext_lazy("The institution, or case work.")


class SourceCountOut(ReportCountOut):
    source = serializers.CharField(help_text=SOURCE_HELP)  # type: ignore[assignment]


class ReportFigureOut(ReportCountOut):
    element = serializers.CharField()
    period = serializers.CharField()


class SourceFigureOut(ReportFigureOut):
    source = serializers.CharField(help_text=SOURCE_HELP)  # type: ignore[assignment]


class DiscrepancyExplanationOut(serializers.Serializer[Any]):
    element = serializers.CharField()
    period = serializers.CharField()
    text = serializers.CharField()
    agreed = ReportCountOut(
        allow_null=True, help_text=gettext_lazy("The figure the committee stands by.")
    )
    at = serializers.DateTimeField()


class DiscrepancyOut(serializers.Serializer[Any]):
    element = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    period = serializers.CharField()
    figures = SourceCountOut(many=True)
    explanation = DiscrepancyExplanationOut(allow_null=True)


class ReviewEventOut(serializers.Serializer[Any]):
    at = serializers.DateTimeField()
    action = serializers.ChoiceField(choices=ReviewAction.choices)
    institution = serializers.CharField(allow_null=True)
    comment = serializers.CharField()
    by = serializers.CharField(help_text=gettext_lazy("The colleague's username."))


class ReportOut(serializers.Serializer[Any]):
    region = serializers.CharField()
    region_name = serializers.CharField()
    period = serializers.CharField()
    status = serializers.ChoiceField(choices=ReportStatus.choices)
    is_baseline = serializers.BooleanField()
    summary = serializers.CharField()
    context = serializers.CharField()  # type: ignore[assignment]
    response = serializers.CharField()
    action_plan = serializers.CharField()
    comment = serializers.CharField(help_text=gettext_lazy("ONAC's comment when returned."))
    version = serializers.IntegerField()
    approved_at = serializers.DateTimeField(allow_null=True)
    accepted_at = serializers.DateTimeField(allow_null=True)
    exact = serializers.BooleanField(
        help_text=gettext_lazy("Counts are exact (inside the region) or disclosure-controlled.")
    )
    may_review = serializers.BooleanField()
    may_accept = serializers.BooleanField()
    figures = SourceFigureOut(many=True, help_text=gettext_lazy("Submitted totals per source."))
    totals = ReportFigureOut(
        many=True, help_text=gettext_lazy("The figures the region stands by, once approved.")
    )
    discrepancies = DiscrepancyOut(many=True)
    trail = ReviewEventOut(many=True)


# The answer is built in ReportOut's shape and sent as it is: passing ~400 figures
# through nested serializers took longer than reading them (tests/test_api_report_shape.py
# checks that ReportOut gives the same answer).
_when = serializers.DateTimeField().to_representation


def _explanation(explanation: Explanation | None, exact: bool) -> dict[str, Any] | None:
    if explanation is None:
        return None
    return {
        "element": explanation.element,
        "period": explanation.period,
        "text": explanation.text,
        "agreed": shown(explanation.agreed, exact) if explanation.agreed is not None else None,
        "at": _when(explanation.at),
    }


def report_data(request: Request, region: Region, report: RegionReport) -> dict[str, Any]:
    exact = sees_exact(request.user, region.pk)
    # Both kept until the data under them changes (figures_cache), as on the page.
    by_source = selectors.sources(region.pk, report.period)
    figures = []
    for element in ELEMENTS:
        for period in value_periods(element, report.period) if element.is_count else []:
            for source, cells in by_source.items():
                number = cells.get((element.code, period, "", ""))
                if number is not None:
                    figures.append(
                        {"source": source, "element": element.code, "period": period}
                        | shown(number, exact)
                    )
    totals = selectors.region_totals([region.pk], report.period).get(region.pk, {})
    _count, events = reporters.trail(region.pk, report.period, None)  # kept, newest first
    return {
        "region": region.code,
        "region_name": str(region.display_name),
        "period": report.period,
        "status": str(report.status),
        **{
            name: getattr(report, name)
            for name in ("is_baseline", "summary", "context", "response", "action_plan")
        },
        "comment": report.comment,
        "version": report.version,
        "approved_at": _when(report.approved_at) if report.approved_at else None,
        "accepted_at": _when(report.accepted_at) if report.accepted_at else None,
        "exact": exact,
        "may_review": rules.may_review(request.user, region.pk),
        "may_accept": rules.may_accept(request.user),
        "figures": figures,
        "totals": [
            {"element": element, "period": period} | shown(number, exact)
            for (element, period), number in sorted(totals.items())
        ],
        "discrepancies": [
            {
                "element": d.element,
                "label": str(d.label),
                "period": d.period,
                "figures": [{"source": s} | shown(n, exact) for s, n in d.figures],
                "explanation": _explanation(e, exact),
            }
            for d, e in selectors.discrepancies(report)
        ],
        "trail": [
            {
                "at": _when(event.at),
                "action": event.action,
                "institution": event.figures_of or None,
                "comment": event.comment,
                "by": event.by_username,
            }
            for event in reversed(events)  # oldest first, as the answer always gave it
        ],
    }


def _report(request: Request, region: str, period: str) -> tuple[Region, RegionReport]:
    half: Period = half_in_path(period)
    place = region_for(request.user, region)
    return place, selectors.report_for(place.pk, half.code)


def _answer(request: Request, place: Region, report: RegionReport, code: int = 200) -> Response:
    with figures_cache.one_version():  # only reads from here
        return Response(report_data(request, place, report), status=code)


class AnalysisIn(serializers.Serializer[Any]):
    """The committee's situational analysis: every text it is to hold."""

    version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_VERSION,
        help_text=gettext_lazy("The report's version the change starts from."),
    )
    summary = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    context = serializers.CharField(max_length=20000, required=False, allow_blank=True)  # type: ignore[assignment]
    response = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    action_plan = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    is_baseline = serializers.BooleanField(required=False, default=False)


class Report(APIView):
    """GET: the region's report for a half-year. PUT: the secretariat replaces its
    situational analysis; a stale ``version`` answers 409."""

    @extend_schema(operation_id="reporting_report", responses=ReportOut)
    def get(self, request: Request, region: str, period: str) -> Response:
        return _answer(request, *_report(request, region, period))

    @extend_schema(operation_id="reporting_report_update", request=AnalysisIn, responses=ReportOut)
    def put(self, request: Request, region: str, period: str) -> Response:
        place, report = _report(request, region, period)
        given = AnalysisIn(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        with refusals():
            report = services.report_save(
                user=actor(request),
                report=report,
                texts={name: data.get(name, "") for name in services.REPORT_TEXTS},
                is_baseline=data["is_baseline"],
                version=data["version"],
            )
        return _answer(request, place, report)


class DiscrepancyExplanationIn(serializers.Serializer[Any]):
    element = serializers.CharField(max_length=40)
    period = serializers.CharField(max_length=7)
    text = serializers.CharField(max_length=5000)
    agreed = serializers.IntegerField(
        min_value=0,
        max_value=MAX_COUNT,
        required=False,
        allow_null=True,
        help_text=gettext_lazy("The figure the committee stands by, if it agreed one."),
    )


class Explanations(APIView):
    """The secretariat records why the sources' figures for an element differ."""

    @extend_schema(
        operation_id="reporting_report_explain",
        request=DiscrepancyExplanationIn,
        responses={201: DiscrepancyExplanationOut},
    )
    def post(self, request: Request, region: str, period: str) -> Response:
        place, report = _report(request, region, period)
        given = DiscrepancyExplanationIn(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        element = BY_CODE.get(data["element"])
        if element is None or not element.is_count:
            raise ValidationError({"element": [_("Not a figure of the situational analysis.")]})
        if data["period"] not in value_periods(element, report.period):
            raise ValidationError({"period": [_("Not a period of this report.")]})
        with refusals():
            explanation = services.explanation_record(
                user=actor(request),
                report=report,
                element=element.code,
                period=data["period"],
                text=data["text"],
                agreed=data.get("agreed"),
            )
        exact = sees_exact(request.user, place.pk)
        return Response(
            DiscrepancyExplanationOut(_explanation(explanation, exact)).data,
            status=status.HTTP_201_CREATED,
        )


class ReportApprove(APIView):
    """The secretariat approves the report; every difference must be explained first."""

    @extend_schema(operation_id="reporting_report_approve", request=None, responses=ReportOut)
    def post(self, request: Request, region: str, period: str) -> Response:
        place, report = _report(request, region, period)
        with refusals():
            report = services.report_approve(user=actor(request), report=report)
        return _answer(request, place, report)


class ReportSendBack(APIView):
    """ONAC returns an approved report to the committee, saying why."""

    @extend_schema(
        operation_id="reporting_report_send_back", request=ReportingCommentIn, responses=ReportOut
    )
    def post(self, request: Request, region: str, period: str) -> Response:
        place, report = _report(request, region, period)
        given = ReportingCommentIn(data=request.data)
        given.is_valid(raise_exception=True)
        with refusals():
            report = services.report_send_back(
                user=actor(request), report=report, comment=given.validated_data["comment"]
            )
        return _answer(request, place, report)


class ReportAccept(APIView):
    """ONAC accepts an approved report."""

    @extend_schema(operation_id="reporting_report_accept", request=None, responses=ReportOut)
    def post(self, request: Request, region: str, period: str) -> Response:
        place, report = _report(request, region, period)
        with refusals():
            report = services.report_accept(user=actor(request), report=report)
        return _answer(request, place, report)
