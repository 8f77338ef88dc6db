"""Directory pages: institutions, the service catalogue, structures, and their exports.

Every read goes through ``directory.selectors``. Filters come from the query string through
the forms in ``forms.py``; filters that do not validate show their message and an empty
list, never an error page. With htmx, a filter change asks for the results only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from tryeza import spreadsheets
from tryeza.directory import exports, selectors
from tryeza.directory.forms import (
    FilterForm,
    InstitutionFilterForm,
    ServiceFilterForm,
    StructureFilterForm,
)

PAGE_SIZE = 25
FORMATS = ("csv", "xlsx")


def _wants_results_only(request: HttpRequest) -> bool:
    """An htmx filter request; a history restore needs the whole page."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


Selector = Callable[..., QuerySet[Any]]


def _filtered(form: FilterForm, empty: QuerySet[Any], select: Selector, user: Any) -> QuerySet[Any]:
    """The selector's rows for valid filters; none while a filter is wrong, so that a
    mistyped link never shows more than was asked for."""
    if form.is_bound and not form.is_valid():
        return empty.none()
    return select(user, **form.filters())


def _list_page(
    request: HttpRequest,
    *,
    template: str,
    results_template: str,
    form: FilterForm,
    rows: QuerySet[Any],
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, **(extra or {})}
    chosen = results_template if _wants_results_only(request) else template
    response = render(request, chosen, context)
    # The same address gives a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def institution_list(request: HttpRequest) -> HttpResponse:
    form = InstitutionFilterForm(request.GET or None)
    rows = _filtered(
        form,
        selectors.institutions_visible_to(request.user),
        selectors.institutions_matching,
        request.user,
    )
    return _list_page(
        request,
        template="directory/institution_list.html",
        results_template="directory/_institution_results.html",
        form=form,
        rows=rows,
    )


@login_required
@require_GET
def institution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    institution = selectors.get_institution_for_user(user, pk)
    context = {
        "institution": institution,
        "contacts": selectors.institution_contacts(user, institution),
        "seats": selectors.institution_seats(user, institution),
        "services": selectors.institution_services(user, institution),
    }
    return render(request, "directory/institution_detail.html", context)


@login_required
@require_GET
def service_list(request: HttpRequest) -> HttpResponse:
    form = ServiceFilterForm(request.GET or None)
    rows = _filtered(
        form,
        selectors.services_visible_to(request.user),
        selectors.services_matching,
        request.user,
    )
    return _list_page(
        request,
        template="directory/service_list.html",
        results_template="directory/_service_results.html",
        form=form,
        rows=rows,
    )


@login_required
@require_GET
def structure_list(request: HttpRequest) -> HttpResponse:
    form = StructureFilterForm(request.GET or None)
    rows = _filtered(
        form,
        selectors.structures_visible_to(request.user),
        selectors.structures_matching,
        request.user,
    )
    return _list_page(
        request,
        template="directory/structure_list.html",
        results_template="directory/_structure_results.html",
        form=form,
        rows=rows,
    )


@login_required
@require_GET
def structure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    structure = selectors.get_structure_for_user(user, pk)
    area = structure.municipalities.select_related("region").order_by("region__code", "name")
    cluster = structure.cluster
    context = {
        "structure": structure,
        "parent": selectors.structure_parent(user, structure),
        "children": selectors.structure_children(user, structure),
        "members": selectors.structure_members(user, structure),
        "area": area,
        "cluster": cluster,
        "cluster_area": (
            cluster.municipalities.select_related("region").order_by("region__code", "name")
            if cluster is not None
            else None
        ),
    }
    return render(request, "directory/structure_detail.html", context)


def _export(
    request: HttpRequest,
    *,
    form: FilterForm,
    list_url: str,
    rows: Selector,
    stem: str,
    title: str | Promise,
    columns: tuple[spreadsheets.Column, ...],
) -> HttpResponseBase:
    """A file of the list as filtered; a wrong filter or format goes back to the list,
    which says what is wrong."""
    file_format = request.GET.get("format", "csv")
    query = request.GET.copy()
    query.pop("format", None)
    back = f"{reverse(list_url)}?{query.urlencode()}" if query else reverse(list_url)
    if file_format not in FORMATS:
        messages.error(request, _("Choose a CSV or an XLSX file."))
        return redirect(back)
    if not form.is_valid():
        return redirect(back)
    objects = rows(request.user, **form.filters()).iterator(chunk_size=500)
    if file_format == "xlsx":
        return spreadsheets.xlsx_response(stem, title, columns, objects)
    return spreadsheets.csv_response(stem, columns, objects)


@login_required
@require_GET
def institution_export(request: HttpRequest) -> HttpResponseBase:
    return _export(
        request,
        form=InstitutionFilterForm(request.GET),
        list_url="directory:institutions",
        rows=selectors.institutions_matching,
        stem="institutions",
        title=gettext_lazy("Institutions"),
        columns=exports.INSTITUTION_COLUMNS,
    )


@login_required
@require_GET
def service_export(request: HttpRequest) -> HttpResponseBase:
    return _export(
        request,
        form=ServiceFilterForm(request.GET),
        list_url="directory:services",
        rows=selectors.services_matching,
        stem="services",
        title=gettext_lazy("Services"),
        columns=exports.SERVICE_COLUMNS,
    )
