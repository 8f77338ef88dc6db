"""An institution's return: it enters its own figures for its region and half-year, and
the committee's secretariat may send them back. There is no URL that takes an institution
for entry: the return entered is always the signed-in user's institution's."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tryeza.reporting import rules, selectors, services
from tryeza.reporting.catalogue import ELEMENTS, SECTIONS, Element, categories, value_periods
from tryeza.reporting.forms import ReturnForm, SendBackForm, count_name, text_name
from tryeza.reporting.models import DataReturn, ReturnStatus
from tryeza.reporting.views.region import (
    back_to_region,
    reviewer_region,
    user_of,
    viewable_region,
)


@dataclass
class Row:
    label: str
    cells: list[tuple[str, forms.BoundField]]  # (value period, field)


@dataclass
class Grid:
    """The total, or one breakdown: a row per category, a column per value period."""

    label: str
    rows: list[Row]


@dataclass
class Block:
    element: Element
    periods: list[str]
    grids: list[Grid] = field(default_factory=list)
    texts: list[tuple[str, forms.BoundField]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class SectionBlock:
    label: str
    blocks: list[Block]


def layout(form: ReturnForm) -> list[SectionBlock]:
    """The fields grouped for the page: section, element, then a grid per breakdown, with
    each element's problems beside it."""
    problems: dict[str, list[str]] = {}
    for element_code, message in form.problems():
        problems.setdefault(element_code, []).append(message)
    return [
        SectionBlock(
            str(section.label),
            [
                _block(form, element, problems.get(element.code, []))
                for element in ELEMENTS
                if element.section == section.code
            ],
        )
        for section in SECTIONS
    ]


def _block(form: ReturnForm, element: Element, problems: list[str]) -> Block:
    periods = value_periods(element, form.half)
    block = Block(element, periods, problems=problems)
    if not element.is_count:
        block.texts = [(p, form[text_name(element.code, p)]) for p in periods]
        return block

    def row(label: str, dimension: str, category: str) -> Row:
        cells = [(p, form[count_name((element.code, p, dimension, category))]) for p in periods]
        return Row(label, cells)

    block.grids.append(Grid(_("Total"), [row(_("Total"), "", "")]))
    for dimension in element.dimensions:
        rows = [
            row(label, dimension.code, category)
            for category, label in categories(dimension, form.municipalities)
        ]
        block.grids.append(Grid(str(dimension.label), rows))
    return block


@login_required
@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, region: str, period: str) -> HttpResponse:
    place, half = viewable_region(request, region, period)
    user = user_of(request)
    institution = user.institution
    if institution is None or not rules.may_enter(user, institution, place.pk):
        raise Http404
    data_return = selectors.return_for(place.pk, institution, half.code)
    locked = selectors.report_locked(place.pk, half.code)
    editable = data_return.status != ReturnStatus.SUBMITTED and not locked
    here = redirect("reporting:entry", region=place.code, period=half.code)
    municipalities = selectors.municipalities_of(place.pk)
    numbers = selectors.numbers_of([data_return])[data_return.pk]
    texts = selectors.texts_of(data_return)

    def build(data: QueryDict | None = None) -> ReturnForm:
        return ReturnForm(
            data,
            initial={"version": data_return.version},
            half=half.code,
            municipalities=municipalities,
            numbers=numbers,
            texts=texts,
        )

    if request.method == "POST" and not editable:
        messages.error(request, _("These figures can no longer be changed."))
        return here
    if request.method == "POST":
        form = build(request.POST)
        if form.is_valid():
            try:
                data_return = services.return_save(
                    user=user,
                    data_return=data_return,
                    numbers=form.numbers(),
                    texts=form.texts(),
                    version=form.cleaned_data["version"],
                )
            except services.Invalid as exc:
                form.service_problems = exc.problems
            except services.NotAllowed:
                raise Http404 from None
            except services.ReportingError as exc:
                # A stale version or a name in a text: nothing was saved; keep what was typed.
                form.add_error(None, str(exc))
            else:
                return _saved(request, data_return, here)
    else:
        form = build()
    context = {
        "region": place,
        "period": half,
        "data_return": data_return,
        "form": form,
        "sections": layout(form),
        "problems": form.problems(),
        "editable": editable,
        "locked": locked,
    }
    return render(request, "reporting/entry.html", context)


def _saved(request: HttpRequest, data_return: DataReturn, here: HttpResponse) -> HttpResponse:
    """After a save: submit too if asked. A refused submit leaves the figures saved."""
    if request.POST.get("action") != "submit":
        messages.success(request, _("The figures were saved."))
        return here
    try:
        services.return_submit(user=user_of(request), data_return=data_return)
    except services.ReportingError as exc:
        messages.error(request, _("The figures were saved but not submitted: %s") % exc)
    else:
        messages.success(request, _("The figures were submitted to the committee's secretariat."))
    return here


def _send_back_form(data_return: DataReturn) -> SendBackForm:
    return SendBackForm(
        initial={"data_return": data_return.pk},
        auto_id=f"id_send_back_{data_return.pk}_%s",  # several may be open on one page
    )


@login_required
@require_http_methods(["GET", "POST"])
def return_send_back(request: HttpRequest, region: str, period: str) -> HttpResponse:
    """The secretariat returns a submitted return, saying what to correct. GET
    ``?data_return=<id>``: the form, opened in its row of the committee page with htmx,
    else on a page of its own (the committee page does not carry sixty of them)."""
    place, half = reviewer_region(request, region, period)
    if request.method == "GET":
        data_return = (
            DataReturn.objects.filter(
                pk=_int(request.GET.get("data_return")), region=place, period=half.code
            )
            .select_related("institution")
            .first()
        )
        if data_return is None:
            raise Http404
        # Opened late (another tab, a colleague was quicker): say why there is no form.
        refusal = ""
        if selectors.report_for(place.pk, half.code).is_locked:
            refusal = _("The report is approved: ask ONAC to return it first.")
        elif data_return.status != ReturnStatus.SUBMITTED:
            refusal = _("These figures are no longer waiting for review (%(status)s).") % {
                "status": data_return.get_status_display()
            }
        context = {
            "region": place,
            "period": half,
            "data_return": data_return,
            "form": None if refusal else _send_back_form(data_return),
            "refusal": refusal,
        }
        fragment = bool(request.headers.get("HX-Request"))
        template = "reporting/send_back_form.html" if fragment else "reporting/send_back.html"
        return render(request, template, context)
    form = SendBackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what should be corrected."))
        return back_to_region(place, half, "reporters")
    data_return = DataReturn.objects.filter(
        pk=form.cleaned_data["data_return"], region=place, period=half.code
    ).first()
    if data_return is None:
        raise Http404
    try:
        services.return_send_back(
            user=user_of(request), data_return=data_return, comment=form.cleaned_data["comment"]
        )
    except services.NotAllowed:
        raise Http404 from None
    except services.ReportingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The figures were returned to the institution."))
    return back_to_region(place, half, "reporters")


def _int(text: str | None) -> int:
    """A number from the query string; 0 (no row has it) when it is not one."""
    try:
        return int(text or "")
    except ValueError:
        return 0
