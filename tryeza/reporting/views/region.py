"""The reporting start page and ONAC's side (expected ranges, accepting or returning a
region's report), plus the lookups every region page shares: a region and half-year the
user may view, or 404 (never 403: a region outside the user's reach looks the same as one
that does not exist)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tryeza.accounts.models import User
from tryeza.accounts.reach import home_region_id
from tryeza.geography.models import Region
from tryeza.reporting import reporters, rules, selectors, services
from tryeza.reporting.forms import CommentForm, RangesForm
from tryeza.reporting.models import (
    DataReturn,
    ElementBounds,
    RegionReport,
    ReportStatus,
    ReturnStatus,
)
from tryeza.reporting.periods import Period, PeriodError, current_half, half_years


def user_of(request: HttpRequest) -> User:
    """The signed-in user (the views are behind ``login_required``)."""
    return cast(User, request.user)


def viewable_region(request: HttpRequest, code: str, period_code: str) -> tuple[Region, Period]:
    """The region and half-year of a page, if the user may view the region; else 404."""
    try:
        period = Period.parse(period_code)
    except PeriodError:
        raise Http404 from None
    # Pages create their return and report rows on first visit: none for years ahead.
    if period.kind != "S" or period > Period.half_of(datetime.date.today()):
        raise Http404
    region = Region.objects.filter(code=code).first()
    if region is None or not rules.may_view_region(request.user, region.pk):
        raise Http404
    return region, period


def reviewer_region(request: HttpRequest, region: str, period: str) -> tuple[Region, Period]:
    """A region the user may view and whose secretariat they are; else 404."""
    place, half = viewable_region(request, region, period)
    if not rules.may_review(request.user, place.pk):
        raise Http404
    return place, half


def back_to_region(place: Region, half: Period, anchor: str = "") -> HttpResponse:
    url = reverse("reporting:region", kwargs={"region": place.code, "period": half.code})
    return redirect(f"{url}#{anchor}" if anchor else url)


@dataclass(frozen=True)
class HalfYear:
    period: Period
    report_status: str
    expected: int
    submitted: int
    own_status: str | None  # None: the institution has not started a return

    @property
    def report_label(self) -> str:
        return str(ReportStatus(self.report_status).label)

    @property
    def is_open(self) -> bool:
        """The institution may still change its figures."""
        return self.report_status == ReportStatus.OPEN and self.own_status != ReturnStatus.SUBMITTED

    @property
    def own_label(self) -> str:
        return str(ReturnStatus(self.own_status).label) if self.own_status else ""


def _half_years(user: User, region_id: int, today: datetime.date) -> list[HalfYear]:
    """The half-year in progress, the one being reported on and the three before, newest
    first. Three queries, whatever the number of institutions."""
    periods = [Period.half_of(today), *reversed(half_years(current_half(today), 4))]
    codes = [p.code for p in periods]
    reports = dict(
        RegionReport.objects.filter(region_id=region_id, period__in=codes).values_list(
            "period", "status"
        )
    )
    expected = {i.pk for i in reporters.expected_reporters(region_id)}
    submitted: dict[str, int] = {}
    own: dict[str, str] = {}
    for institution_id, period, status in DataReturn.objects.filter(
        region_id=region_id, period__in=codes
    ).values_list("institution_id", "period", "status"):
        if status == ReturnStatus.SUBMITTED and institution_id in expected:
            submitted[period] = submitted.get(period, 0) + 1
        if institution_id == user.institution_id:
            own[period] = status
    return [
        HalfYear(
            period=p,
            report_status=reports.get(p.code, ReportStatus.OPEN),
            expected=len(expected),
            submitted=submitted.get(p.code, 0),
            own_status=own.get(p.code),
        )
        for p in periods
    ]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Regional and institutional users: their region's half-years. National users: the
    twelve regions for the half-year being reported on."""
    user = user_of(request)
    today = datetime.date.today()
    if rules.may_view_national(user):
        period = current_half(today)
        return render(
            request,
            "reporting/index.html",
            {
                "national": True,
                "period": period,
                "regions": [
                    (row, ReportStatus(row.status).label)
                    for row in reporters.completeness(period.code)
                ],
            },
        )
    region_id = home_region_id(user)
    if region_id is None or not rules.may_view_region(user, region_id):
        raise Http404
    region = Region.objects.get(pk=region_id)
    may_enter = user.institution is not None and rules.may_enter(user, user.institution, region_id)
    context = {
        "national": False,
        "region": region,
        "half_years": _half_years(user, region_id, today),
        "may_enter": may_enter,
    }
    return render(request, "reporting/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def ranges(request: HttpRequest) -> HttpResponse:
    """ONAC's expected range and tolerance of each count element."""
    user = user_of(request)
    if not rules.may_accept(user):
        raise Http404
    bounds = {b.element: b for b in ElementBounds.objects.all()}
    form = RangesForm(request.POST or None, bounds=bounds)
    if request.method == "POST" and form.is_valid():
        try:
            # All rows or none: a refused row leaves the ranges as they were.
            with transaction.atomic():
                for element, minimum, maximum, tolerance in form.changed_elements():
                    services.bounds_set(
                        user=user,
                        element=element,
                        minimum=minimum,
                        maximum=maximum,
                        tolerance_percent=tolerance,
                    )
        except services.NotAllowed:
            raise Http404 from None
        except services.ReportingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The expected ranges were saved."))
            return redirect("reporting:ranges")
    return render(request, "reporting/ranges.html", {"form": form})


def onac_region(request: HttpRequest, region: str, period: str) -> tuple[Region, Period]:
    place, half = viewable_region(request, region, period)
    if not rules.may_accept(request.user):
        raise Http404
    return place, half


@login_required
@require_POST
def accept(request: HttpRequest, region: str, period: str) -> HttpResponse:
    place, half = onac_region(request, region, period)
    try:
        services.report_accept(
            user=user_of(request), report=selectors.report_for(place.pk, half.code)
        )
    except services.NotAllowed:
        raise Http404 from None
    except services.ReportingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The report was accepted."))
    return back_to_region(place, half)


@login_required
@require_POST
def reopen(request: HttpRequest, region: str, period: str) -> HttpResponse:
    """ONAC returns an approved report to the committee with a comment."""
    place, half = onac_region(request, region, period)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what should be corrected."))
        return back_to_region(place, half)
    try:
        services.report_send_back(
            user=user_of(request),
            report=selectors.report_for(place.pk, half.code),
            comment=form.cleaned_data["comment"],
        )
    except services.NotAllowed:
        raise Http404 from None
    except services.ReportingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The report was returned to the committee."))
    return back_to_region(place, half)
