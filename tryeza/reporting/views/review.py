"""The committee's page for a half-year: who reported, the figures side by side, where
they differ and why, the situational analysis, approval by the secretariat and acceptance
by ONAC. Inside the region figures are exact; for national viewers every count passes
disclosure control, because the page then shows figures that left the region."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tryeza.geography.models import Region
from tryeza.reporting import figures_cache, reporters, rules, selectors, services
from tryeza.reporting.catalogue import ELEMENTS, value_periods
from tryeza.reporting.disclosure import display_count
from tryeza.reporting.discrepancies import Discrepancy
from tryeza.reporting.forms import (
    AnalysisForm,
    CommentForm,
    ExplanationForm,
    explanation_ids,
)
from tryeza.reporting.models import (
    Explanation,
    RegionReport,
    ReportStatus,
    ReturnStatus,
)
from tryeza.reporting.periods import Period
from tryeza.reporting.validation import Cell
from tryeza.reporting.views.region import (
    back_to_region,
    reviewer_region,
    user_of,
    viewable_region,
)

Show = Callable[[int | None], str]


def _shower(request: HttpRequest) -> Show:
    """How counts are shown to this viewer: exact inside the region, "<5" beyond it."""
    outside = rules.may_view_national(request.user)

    def show(n: int | None) -> str:
        if n is None:
            return "—"
        return display_count(n) if outside else str(n)

    return show


@dataclass(frozen=True)
class Reporter:
    """A row of "Institutions reporting", its words ready: a region has sixty."""

    name: str
    expected: bool
    status: str
    submitted_on: str  # the day a submitted return came in, else ""
    submitted_id: int | None  # the submitted return, which the secretariat may send back


@dataclass
class FigureRow:
    label: str
    period: str
    cells: list[str]


@dataclass
class DiscrepancyRow:
    discrepancy: Discrepancy
    explanation: Explanation | None
    figures: list[tuple[str, str]]
    low: str
    high: str
    agreed: str
    form: ExplanationForm | None
    # Sources not named (between the lowest and the highest), when not shown in full.
    others: int = 0


def _reporters(region_id: int, period: str) -> list[Reporter]:
    """Expected institutions, then any other that sent a return, their words ready; kept
    like the returns they are read from (``figures_cache``, per language)."""
    return figures_cache.cached(
        "reporter_rows", lambda: _reporter_rows(region_id, period), region_id, period
    )


def _reporter_rows(region_id: int, period: str) -> list[Reporter]:
    returns = dict(reporters.returns_by_institution(region_id, period))
    statuses = {status: str(label) for status, label in ReturnStatus.choices}
    day = get_format("SHORT_DATE_FORMAT")

    def row(name: str, expected: bool, found: reporters.ReturnRow | None) -> Reporter:
        if found is None:
            return Reporter(name, expected, _("not started"), "", None)
        if found.status != ReturnStatus.SUBMITTED or found.submitted_at is None:
            return Reporter(name, expected, statuses[found.status], "", None)
        submitted_on = dateformat.format(localtime(found.submitted_at), day)
        return Reporter(name, expected, statuses[found.status], submitted_on, found.pk)

    rows = [
        row(name, True, returns.pop(pk, None)) for pk, name in reporters.expected_names(region_id)
    ]
    extra = sorted(returns.values(), key=lambda r: r.name)
    return rows + [row(r.name, False, r) for r in extra]


# The review trail shows its newest events; all of them with ``?trail=all``.
TRAIL_SHOWN = 10


# Up to this many sources, the figures are shown a column per source; beyond, summed up
# (case work, how many institutions reported, lowest, highest) unless asked for in full.
SIDE_BY_SIDE_MAX = 10


def _figures(
    by_source: dict[str, dict[Cell, int | None]], half: str, show: Show, *, in_full: bool
) -> list[FigureRow]:
    """Element totals per source (or summed up), for the elements and periods someone
    reported."""
    rows = []
    for element in ELEMENTS:
        if not element.is_count:
            continue
        for period in value_periods(element, half):
            cell = (element.code, period, "", "")
            values = {name: cells.get(cell) for name, cells in by_source.items()}
            if all(v is None for v in values.values()):
                continue
            if in_full:
                shown = [show(v) for v in values.values()]
            else:
                spread = selectors.source_range(values)
                low, high = show(spread.low), show(spread.high)
                shown = [show(spread.cases), str(spread.reporting), low, high]
            rows.append(FigureRow(str(element.label), period, shown))
    return rows


def discrepancy_row(
    discrepancy: Discrepancy,
    explanation: Explanation | None,
    show: Show,
    *,
    editable: bool,
    half: str,
    form: ExplanationForm | None = None,
    in_full: bool = True,
) -> DiscrepancyRow:
    """A discrepancy as shown; not ``in_full``, only the sources at the lowest and the
    highest figure are named, with how many others lie between."""
    if editable and form is None:
        initial: dict[str, Any] = {"element": discrepancy.element, "period": discrepancy.period}
        if explanation is not None:
            initial |= {"text": explanation.text, "agreed": explanation.agreed}
        form = ExplanationForm(
            initial=initial,
            half=half,
            auto_id=explanation_ids(discrepancy.element, discrepancy.period),
        )
    extremes = (discrepancy.low, discrepancy.high)
    named = [(s, n) for s, n in discrepancy.figures if in_full or n in extremes]
    return DiscrepancyRow(
        discrepancy=discrepancy,
        explanation=explanation,
        figures=[(source, show(n)) for source, n in named],
        others=len(discrepancy.figures) - len(named),
        low=show(discrepancy.low),
        high=show(discrepancy.high),
        agreed=show(explanation.agreed) if explanation else "",
        form=form if editable else None,
    )


def _page(
    request: HttpRequest,
    place: Region,
    half: Period,
    *,
    analysis_form: AnalysisForm | None = None,
    status: int = 200,
) -> HttpResponse:
    report = selectors.report_for(place.pk, half.code)
    with figures_cache.one_version():  # only reads from here
        context = _context(request, place, half, report, analysis_form)
    return render(request, "reporting/region.html", context, status=status)


def _context(
    request: HttpRequest,
    place: Region,
    half: Period,
    report: RegionReport,
    analysis_form: AnalysisForm | None,
) -> dict[str, Any]:
    user = user_of(request)
    show = _shower(request)
    may_review = rules.may_review(user, place.pk)
    editable = may_review and not report.is_locked
    by_source = selectors.sources(place.pk, half.code)
    in_full = len(by_source) <= SIDE_BY_SIDE_MAX or request.GET.get("sources") == "all"
    if editable and analysis_form is None:
        analysis_form = AnalysisForm(instance=report)
    in_full_asked = request.GET.get("trail") == "all"
    event_count, events = reporters.trail(
        place.pk, half.code, None if in_full_asked else TRAIL_SHOWN
    )
    trail_in_full = in_full_asked or event_count <= TRAIL_SHOWN
    return {
        "region": place,
        "period": half,
        "report": report,
        "reporters": _reporters(place.pk, half.code),
        "sources": list(by_source),
        "in_full": in_full,
        "summed_up_header": [
            selectors.casework_label(),
            _("Institutions reporting"),
            _("Lowest"),
            _("Highest"),
        ],
        "figures": _figures(by_source, half.code, show, in_full=in_full),
        "discrepancies": [
            discrepancy_row(d, e, show, editable=editable, half=half.code, in_full=in_full)
            for d, e in selectors.discrepancies(report)
        ],
        "events": events,
        "event_count": event_count,
        "trail_in_full": trail_in_full,
        "may_review": may_review,
        "editable": editable,
        "may_send_back_returns": may_review and not report.is_locked,
        "may_accept": rules.may_accept(user) and report.status == ReportStatus.APPROVED,
        "may_enter": user.institution is not None
        and rules.may_enter(user, user.institution, place.pk),
        "analysis_form": analysis_form if editable else None,
        "send_back_url": reverse(
            "reporting:return-send-back", kwargs={"region": place.code, "period": half.code}
        ),
        "comment_form": CommentForm(),
    }


@login_required
@require_GET
def region_page(request: HttpRequest, region: str, period: str) -> HttpResponse:
    place, half = viewable_region(request, region, period)
    return _page(request, place, half)


@login_required
@require_POST
def explain(request: HttpRequest, region: str, period: str) -> HttpResponse:
    """The secretariat records why sources differ. With htmx only the discrepancy's own
    block is sent back; without, the page is reloaded."""
    place, half = reviewer_region(request, region, period)
    report = selectors.report_for(place.pk, half.code)
    key = (request.POST.get("element", ""), request.POST.get("period", ""))
    form = ExplanationForm(request.POST, half=half.code, auto_id=explanation_ids(*key))
    saved = False
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.explanation_record(
                user=user_of(request),
                report=report,
                element=data["element"],
                period=data["period"],
                text=data["text"],
                agreed=data["agreed"],
            )
        except services.NotAllowed:
            raise Http404 from None
        except services.ReportingError as exc:
            form.add_error(None, str(exc))
        else:
            saved = True
    htmx = bool(request.headers.get("HX-Request"))
    if htmx and not report.is_locked:
        for discrepancy, explanation in selectors.discrepancies(report):
            if (discrepancy.element, discrepancy.period) == key:
                row = discrepancy_row(
                    discrepancy,
                    explanation,
                    _shower(request),
                    editable=True,
                    half=half.code,
                    form=None if saved else form,
                    in_full=len(discrepancy.figures) <= SIDE_BY_SIDE_MAX,
                )
                context = {"region": place, "period": half, "item": row, "saved": saved}
                return render(request, "reporting/region_discrepancy.html", context)
    # Without htmx, or when the block is gone (the report was approved, the figures no
    # longer differ), the whole page tells it better than a fragment.
    if saved:
        messages.success(request, _("The explanation was recorded."))
    else:
        messages.error(request, form.error_text())
    if not htmx:
        return back_to_region(place, half, "discrepancies")
    response = HttpResponse(status=204)
    response["HX-Redirect"] = reverse(
        "reporting:region", kwargs={"region": place.code, "period": half.code}
    )
    return response


@login_required
@require_POST
def analysis(request: HttpRequest, region: str, period: str) -> HttpResponse:
    place, half = reviewer_region(request, region, period)
    report = selectors.report_for(place.pk, half.code)
    form = AnalysisForm(request.POST, instance=report)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.report_save(
                user=user_of(request),
                report=report,
                texts={name: data[name] for name in services.REPORT_TEXTS},
                is_baseline=data["is_baseline"],
                version=data["version"],
            )
        except services.NotAllowed:
            raise Http404 from None
        except services.ReportingError as exc:
            if report.is_locked:  # approved meanwhile: the page no longer offers the form
                messages.error(request, str(exc))
                return back_to_region(place, half, "analysis")
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The situational analysis was saved."))
            return back_to_region(place, half, "analysis")
    # Nothing was saved: the page again, with what the person typed.
    return _page(request, place, half, analysis_form=form)


@login_required
@require_POST
def approve(request: HttpRequest, region: str, period: str) -> HttpResponse:
    place, half = reviewer_region(request, region, period)
    report = selectors.report_for(place.pk, half.code)
    try:
        services.report_approve(user=user_of(request), report=report)
    except services.NotAllowed:
        raise Http404 from None
    except services.ReportingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The report was approved and sent to ONAC."))
    return back_to_region(place, half)
