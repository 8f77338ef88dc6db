"""ONAC's pages: the regions compared, public releases and the anonymous CTDC export.
National users only; everyone else gets the same 404 as for a page that does not exist.
Charts are inline SVG drawn from protected figures only: a hidden figure draws no bar and
no point, so its size cannot be read off the picture."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from tryeza.reporting import ctdc, rules
from tryeza.reporting.disclosure import HIDDEN_MARK, SMALL_MARK, THRESHOLD
from tryeza.reporting.models import ReportStatus
from tryeza.reporting.national import AT_RISK, VICTIMS, Breakdowns, national_view
from tryeza.reporting.periods import Period, current_half, half_years
from tryeza.reporting.release import ReleaseError, release_create, release_rows, releases
from tryeza.spreadsheets import Column, csv_response

SPANS = (4, 5, 6)
FIGURES = (
    (VICTIMS, gettext_lazy("Victims identified")),
    (AT_RISK, gettext_lazy("Persons at risk identified")),
)
# Where each region's tile sits (column, row), roughly as on a map: north at the top.
# Keyed by ISO 3166-2 code; regions of another geography file are laid out in rows below.
TILES = {
    "AL-10": (1, 0),  # Shkodër
    "AL-07": (2, 0),  # Kukës
    "AL-08": (1, 1),  # Lezhë
    "AL-09": (2, 1),  # Dibër
    "AL-02": (0, 2),  # Durrës
    "AL-11": (1, 2),  # Tiranë
    "AL-03": (1, 3),  # Elbasan
    "AL-04": (0, 4),  # Fier
    "AL-01": (1, 4),  # Berat
    "AL-06": (2, 4),  # Korçë
    "AL-12": (0, 5),  # Vlorë
    "AL-05": (1, 5),  # Gjirokastër
}
SHADES = ("#eef3fb", "#c6d9f1", "#8fb3e3", "#4f86c6", "#0b5cab")
HIDDEN_FILL = "#e4e6ea"


def periods() -> list[Period]:
    return list(reversed(half_years(current_half(), 8)))


class NationalForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Half-year"))
    span = forms.TypedChoiceField(
        label=gettext_lazy("Half-years shown"), choices=[(n, n) for n in SPANS], coerce=int
    )
    figure = forms.ChoiceField(label=gettext_lazy("Figure"), choices=FIGURES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.code, p.label()) for p in periods()]  # type: ignore[attr-defined]


def national_form(request: HttpRequest) -> NationalForm:
    default = {"period": current_half().code, "span": SPANS[0], "figure": VICTIMS}
    form = NationalForm({**default, **request.GET.dict()})
    if not form.is_valid():
        form = NationalForm(default)
        form.is_valid()
    return form


def _private(response: HttpResponse) -> HttpResponse:
    # Figures by region are for ONAC's eyes: not kept by shared caches.
    add_never_cache_headers(response)
    response["Cache-Control"] += ", private"
    return response


@dataclass(frozen=True)
class Tile:
    x: int
    y: int
    label: str
    shown: str
    fill: str
    ink: str


def _number(shown: str) -> int | None:
    return int(shown) if shown.isdigit() else None


def tile_map(table: Breakdowns, regions: list[tuple[str, str]]) -> dict[str, Any]:
    """Tiles of the last half-year, shaded by the published figure; hidden ones grey."""
    shown = {line.code: line.cells[-1] for line in table.lines}
    top = max([n for s in shown.values() if (n := _number(s)) is not None] + [1])
    below = 1 + max(row for _col, row in TILES.values())
    extra = 0
    tiles = []
    for code, label in regions:
        if code in TILES:
            col, row = TILES[code]
        else:
            col, row = extra % 3, below + extra // 3
            extra += 1
        n = _number(shown[code])
        if n is None:
            fill = SHADES[1] if shown[code] == SMALL_MARK else HIDDEN_FILL
        else:
            fill = SHADES[0] if n == 0 else SHADES[min(4, 2 + (2 * n) // top)]
        ink = "#ffffff" if fill in SHADES[3:] else "#1d2430"
        tiles.append(Tile(col * 116, row * 70, label, shown[code], fill, ink))
    return {
        "tiles": tiles,
        "width": 3 * 116,
        "height": 70 * (1 + max(t.y for t in tiles) // 70),
        "legend": [(SHADES[0], "0"), (SHADES[1], SMALL_MARK), (SHADES[2], f"{THRESHOLD}+")]
        + ([(SHADES[4], str(top))] if top >= THRESHOLD else [])
        + [(HIDDEN_FILL, HIDDEN_MARK)],
    }


def bars(table: Breakdowns) -> dict[str, Any]:
    """One bar per row for the last half-year; a hidden figure draws no bar."""
    top = max([n for line in table.lines if (n := _number(line.cells[-1])) is not None] + [1])
    items = [
        {
            "y": i * 22,
            "label": line.label,
            "shown": line.cells[-1],
            "width": 0 if (n := _number(line.cells[-1])) is None else round(260 * n / top),
        }
        for i, line in enumerate(table.lines)
    ]
    return {"bars": items, "height": 22 * len(items)}


def trend(table: Breakdowns, halves: list[Period]) -> dict[str, Any]:
    """Domestic and abroad over the half-years: points only where published, lines only
    between published neighbours."""
    lines = [table.line("domestic"), table.line("abroad")]
    numbers = [_number(s) for line in lines for s in line.cells]
    top = max([n for n in numbers if n is not None] + [1])
    step = 480 // max(1, len(halves) - 1)

    def point(i: int, n: int) -> tuple[int, int]:
        return 40 + i * step, 170 - round(150 * n / top)

    series = []
    for line, colour, dash in zip(lines, ("#0b5cab", "#b35c00"), ("", "6 4"), strict=True):
        points = [(i, _number(s)) for i, s in enumerate(line.cells)]
        segments = [
            (*point(i, a), *point(i + 1, b))
            for (i, a), (_j, b) in pairwise(points)
            if a is not None and b is not None
        ]
        dots = [(*point(i, n), line.cells[i]) for i, n in points if n is not None]
        hidden = [(40 + i * step, line.cells[i]) for i, n in points if n is None]
        series.append(
            {
                "label": line.label,
                "colour": colour,
                "dash": dash,
                "segments": segments,
                "dots": dots,
                "hidden": hidden,
            }
        )
    axis = [(40 + i * step, h.code) for i, h in enumerate(halves)]
    return {"series": series, "axis": axis, "top": top}


@login_required
@require_GET
def national(request: HttpRequest) -> HttpResponse:
    if not rules.may_view_national(request.user):
        raise Http404
    form = national_form(request)
    period = Period.parse(form.cleaned_data["period"])
    figure = form.cleaned_data["figure"]
    view = national_view(period, form.cleaned_data["span"])
    by_region = view.by_region(figure)
    regions = [(line.code, line.label) for line in by_region.lines]
    context = {
        "form": form,
        "period": period,
        "figure_label": dict(FIGURES)[figure],
        "view": view,
        "map": tile_map(by_region, regions),
        "bars": bars(by_region),
        "trend": trend(view.destination, view.halves),
        "completeness": [(row, ReportStatus(row.status).label) for row in view.completeness],
        "may_publish": rules.may_accept(request.user),
    }
    return _private(render(request, "reporting/national.html", context))


class ReleaseForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Last half-year of the release"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.code, p.label()) for p in periods()]  # type: ignore[attr-defined]


@login_required
@require_GET
def release_list(request: HttpRequest) -> HttpResponse:
    if not rules.may_view_national(request.user):
        raise Http404
    form = ReleaseForm(initial={"period": current_half().code})
    context = {
        "releases": releases(),
        "form": form if rules.may_accept(request.user) else None,
    }
    return _private(render(request, "reporting/release_list.html", context))


@login_required
@require_POST
def release_new(request: HttpRequest) -> HttpResponse:
    if not rules.may_accept(request.user):
        raise Http404
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a half-year for the release."))
        return redirect("reporting:releases")
    period = Period.parse(form.cleaned_data["period"])
    try:
        release = release_create(user=request.user, period=period)  # type: ignore[arg-type]
    except ReleaseError as refused:
        messages.error(request, str(refused))
        return redirect("reporting:releases")
    messages.success(
        request, _("Release of %(period)s built and registered.") % {"period": release.period}
    )
    return redirect("reporting:releases")


@login_required
@require_GET
def release_download(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """A release as published (its register, not today's figures): safe to make public."""
    if not rules.may_view_national(request.user):
        raise Http404
    release = get_object_or_404(releases(), pk=pk)
    halves, lines = release_rows(release)
    columns = [
        Column(_("Table"), itemgetter(0)),
        Column(_("Row"), itemgetter(1)),
        *[Column(h, itemgetter(i + 2)) for i, h in enumerate(halves)],
    ]
    rows = ((line.table, line.label, *line.cells) for line in lines)
    return csv_response(f"release-{release.period}", columns, rows)


@login_required
@require_GET
def ctdc_download(request: HttpRequest) -> StreamingHttpResponse:
    """The anonymous CTDC export: k-anonymous rows, streamed, audited."""
    if not rules.may_accept(request.user):
        raise Http404
    released = ctdc.ctdc_export(user=request.user)  # type: ignore[arg-type]
    return csv_response("ctdc", ctdc.COLUMNS, ctdc.ctdc_rows(released))
