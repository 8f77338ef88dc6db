"""Institutions' returns: the list the caller may see, their own institution's return
(read, replace, submit) and the secretariat's send-back. Every write through ``services``.

``mine/`` is always the caller's institution: nobody can name another institution's
return to read or change it. In the list, figures come only with submitted returns of the
caller's own region (and their own draft); ONAC sees the institutions' statuses, and their
figures only through the region report, under disclosure control."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tryeza.api import MAX_ID, query_params
from tryeza.geography.api import RegionCodeField
from tryeza.geography.models import Region
from tryeza.reporting import rules, selectors, services
from tryeza.reporting.api.base import (
    MAX_COUNT,
    MAX_VERSION,
    HalfYearField,
    actor,
    half_in_path,
    refusals,
    return_for_user,
    returns_visible_to,
    sees_exact,
)
from tryeza.reporting.catalogue import BY_CODE, TEXT, value_periods
from tryeza.reporting.models import DataReturn, RegionReport, ReportStatus, ReturnStatus, Value
from tryeza.reporting.validation import Cell, known_cells

# The largest return has a few hundred cells; this only stops an absurd body early.
MAX_CELLS = 5000


class ReturnValueOut(serializers.Serializer[Any]):
    element = serializers.CharField()
    period = serializers.CharField()
    dimension = serializers.CharField(help_text=gettext_lazy("Empty for the total."))
    category = serializers.CharField(help_text=gettext_lazy("Empty for the total."))
    number = serializers.IntegerField()


class ReturnTextOut(serializers.Serializer[Any]):
    element = serializers.CharField()
    period = serializers.CharField()
    text = serializers.CharField()


class ReturnOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region.code")
    institution = serializers.IntegerField(source="institution_id")
    institution_name = serializers.CharField(source="institution.display_name")
    period = serializers.CharField()
    status = serializers.ChoiceField(choices=ReturnStatus.choices)
    comment = serializers.CharField(help_text=gettext_lazy("Why the secretariat returned it."))
    version = serializers.IntegerField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    values = ReturnValueOut(
        many=True, allow_null=True, help_text=gettext_lazy("Null when not shown.")
    )
    texts = ReturnTextOut(
        many=True, allow_null=True, help_text=gettext_lazy("Null when not shown.")
    )
    locked = serializers.BooleanField(
        help_text=gettext_lazy("The committee approved the period: nothing can change.")
    )


def _contents(returns: list[DataReturn]) -> dict[int, tuple[list[Any], list[Any]]]:
    """Values and texts of these returns, in one query."""
    found: dict[int, tuple[list[Any], list[Any]]] = defaultdict(lambda: ([], []))
    rows = (
        Value.objects.filter(data_return__in=returns)
        .order_by("element", "period", "dimension", "category")
        .values_list(
            "data_return_id", "element", "period", "dimension", "category", "number", "text"
        )
    )
    for return_id, element, period, dimension, category, number, text in rows:
        numbers, texts = found[return_id]
        if number is not None:
            numbers.append(
                {
                    "element": element,
                    "period": period,
                    "dimension": dimension,
                    "category": category,
                    "number": number,
                }
            )
        elif text:
            texts.append({"element": element, "period": period, "text": text})
    return {r.pk: found[r.pk] for r in returns}


def _locked(returns: list[DataReturn]) -> set[tuple[int, str]]:
    """(region, period) of these returns whose report is approved, in one query."""
    reports = RegionReport.objects.filter(
        region_id__in={r.region_id for r in returns}, period__in={r.period for r in returns}
    ).exclude(status=ReportStatus.OPEN)
    return set(reports.values_list("region_id", "period"))


def _out(
    data_return: DataReturn, contents: tuple[list[Any], list[Any]] | None, *, locked: bool
) -> dict[str, Any]:
    return {
        **{name: getattr(data_return, name) for name in ("id", "period", "status", "comment")},
        "region": data_return.region,
        "institution_id": data_return.institution_id,
        "institution": data_return.institution,
        "version": data_return.version,
        "submitted_at": data_return.submitted_at,
        "values": contents[0] if contents else None,
        "texts": contents[1] if contents else None,
        "locked": locked,
    }


class ReturnFilter(serializers.Serializer[Any]):
    region = RegionCodeField(required=False, help_text=gettext_lazy("Only this region."))
    period = HalfYearField(required=False, help_text=gettext_lazy("Only this half-year."))


class ReturnList(GenericAPIView[DataReturn]):
    """Returns the caller may see, with their status: their own region's, or every
    region's for ONAC. Figures only for submitted returns of the caller's region."""

    serializer_class = ReturnOut

    @extend_schema(
        operation_id="reporting_returns_list",
        parameters=[ReturnFilter],
        responses=ReturnOut(many=True),
    )
    def get(self, request: Request) -> Response:
        given = query_params(ReturnFilter, request)
        returns = returns_visible_to(request.user).order_by(
            "region__code", "-period", "institution__name", "pk"
        )
        if "region" in given:
            returns = returns.filter(region=given["region"])
        if "period" in given:
            returns = returns.filter(period=given["period"])
        page = list(self.paginate_queryset(returns) or [])
        own = getattr(request.user, "institution_id", None)
        shown = [
            r
            for r in page
            if sees_exact(request.user, r.region_id)
            and (r.status == ReturnStatus.SUBMITTED or r.institution_id == own)
        ]
        contents = _contents(shown)
        locked = _locked(page)
        data = [_out(r, contents.get(r.pk), locked=(r.region_id, r.period) in locked) for r in page]
        return self.get_paginated_response(ReturnOut(data, many=True).data)


class ReturnValueIn(serializers.Serializer[Any]):
    element = serializers.CharField(max_length=40)
    period = serializers.CharField(max_length=7)
    dimension = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    category = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    number = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, allow_null=True)


class ReturnTextIn(serializers.Serializer[Any]):
    element = serializers.CharField(max_length=40)
    period = serializers.CharField(max_length=7)
    text = serializers.CharField(max_length=10000, allow_blank=True, trim_whitespace=False)


class ReturnIn(serializers.Serializer[Any]):
    """The whole return: every figure and text it is to hold (what is left out is
    removed). Totals have an empty dimension and category."""

    version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_VERSION,
        help_text=gettext_lazy("The return's version the change starts from."),
    )
    values = serializers.ListField(child=ReturnValueIn(), max_length=MAX_CELLS)
    texts = serializers.ListField(
        child=ReturnTextIn(), max_length=200, required=False, default=list
    )

    def validate_values(self, items: list[dict[str, Any]]) -> dict[Cell, int | None]:
        known: set[Cell] = self.context["known"]
        numbers: dict[Cell, int | None] = {}
        problems = []
        for index, item in enumerate(items, start=1):
            cell: Cell = (item["element"], item["period"], item["dimension"], item["category"])
            part = f" {cell[2]}:{cell[3]}" if cell[2] or cell[3] else ""
            named = {"index": index, "cell": f"{cell[0]} {cell[1]}{part}"}
            if cell not in known:
                problems.append(
                    _("Item %(index)d: %(cell)s is not a figure of this return.") % named
                )
            elif cell in numbers:
                problems.append(_("Item %(index)d: %(cell)s is given twice.") % named)
            else:
                numbers[cell] = item["number"]
        if problems:
            raise ValidationError(problems)
        return numbers

    def validate_texts(self, items: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
        half: str = self.context["half"]
        texts: dict[tuple[str, str], str] = {}
        problems = []
        for index, item in enumerate(items, start=1):
            element = BY_CODE.get(item["element"])
            key = (item["element"], item["period"])
            named = {"index": index, "cell": " ".join(key)}
            if (
                element is None
                or element.kind != TEXT
                or key[1] not in value_periods(element, half)
            ):
                problems.append(_("Item %(index)d: %(cell)s is not a text of this return.") % named)
            elif key in texts:
                problems.append(_("Item %(index)d: %(cell)s is given twice.") % named)
            else:
                texts[key] = item["text"]
        if problems:
            raise ValidationError(problems)
        return texts


def my_return(request: Request, region: str, period: str) -> DataReturn:
    """The caller's institution's return for a region and half-year: a 404 unless they
    may enter its figures."""
    half = half_in_path(period)
    institution = getattr(request.user, "institution", None)
    found = Region.objects.filter(code=region).first()
    if (
        found is None
        or institution is None
        or not rules.may_enter(request.user, institution, found.pk)
    ):
        raise Http404
    return selectors.return_for(found.pk, institution, half.code)


def _mine(data_return: DataReturn) -> dict[str, Any]:
    contents = _contents([data_return])[data_return.pk]
    locked = selectors.report_locked(data_return.region_id, data_return.period)
    return _out(data_return, contents, locked=locked)


class MyReturn(APIView):
    """GET: my institution's return for a region and half-year, with its figures and
    version. PUT: replace its figures and texts; figures that break a rule are listed
    under ``values`` and nothing is saved; a stale ``version`` answers 409."""

    @extend_schema(operation_id="reporting_returns_mine", responses=ReturnOut)
    def get(self, request: Request, region: str, period: str) -> Response:
        return Response(ReturnOut(_mine(my_return(request, region, period))).data)

    @extend_schema(
        operation_id="reporting_returns_mine_update", request=ReturnIn, responses=ReturnOut
    )
    def put(self, request: Request, region: str, period: str) -> Response:
        data_return = my_return(request, region, period)
        municipalities = selectors.municipalities_of(data_return.region_id)
        given = ReturnIn(
            data=request.data,
            context={
                "half": data_return.period,
                "known": known_cells(data_return.period, municipalities),
            },
        )
        given.is_valid(raise_exception=True)
        with refusals():
            data_return = services.return_save(
                user=actor(request),
                data_return=data_return,
                numbers=given.validated_data["values"],
                texts=given.validated_data["texts"],
                version=given.validated_data["version"],
            )
        return Response(ReturnOut(_mine(data_return)).data)


class MyReturnSubmit(APIView):
    """Submit my institution's return to the committee's secretariat."""

    @extend_schema(operation_id="reporting_returns_mine_submit", request=None, responses=ReturnOut)
    def post(self, request: Request, region: str, period: str) -> Response:
        data_return = my_return(request, region, period)
        with refusals():
            data_return = services.return_submit(user=actor(request), data_return=data_return)
        return Response(ReturnOut(_mine(data_return)).data)


class ReportingCommentIn(serializers.Serializer[Any]):
    comment = serializers.CharField(
        max_length=2000, help_text=gettext_lazy("What should be corrected.")
    )


class ReturnSendBack(APIView):
    """The committee's secretariat returns submitted figures to their institution."""

    @extend_schema(
        operation_id="reporting_returns_send_back", request=ReportingCommentIn, responses=ReturnOut
    )
    def post(self, request: Request, pk: int) -> Response:
        if pk > MAX_ID:
            raise Http404
        data_return = return_for_user(request.user, pk)
        given = ReportingCommentIn(data=request.data)
        given.is_valid(raise_exception=True)
        with refusals():
            data_return = services.return_send_back(
                user=actor(request),
                data_return=data_return,
                comment=given.validated_data["comment"],
            )
        locked = selectors.report_locked(data_return.region_id, data_return.period)
        return Response(ReturnOut(_out(data_return, None, locked=locked)).data)
