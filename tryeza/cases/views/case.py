"""Case pages. Every read goes through ``access``; every write through ``services``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Choices, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tryeza.cases.access import (
    can_read_access_log,
    case_counts_by_region,
    cases_visible_to,
    get_case_for_user,
    get_case_log_for_user,
    reveal_purposes,
    works_cases,
)
from tryeza.cases.choices import (
    AgeBand,
    Channel,
    ClosureReason,
    ReferralStatus,
    Sex,
    Stage,
    Status,
)
from tryeza.cases.exports import CASE_COLUMNS
from tryeza.cases.forms import (
    IDENTITY_LABELS,
    CaseFilterForm,
    CaseRegistrationForm,
    RevealForm,
    StatusForm,
)
from tryeza.cases.models import Case, CaseAccess
from tryeza.cases.services import (
    CaseError,
    case_change_status,
    case_record_view,
    case_register,
    cases_record_export,
    identity_find_matches,
    identity_reveal,
)
from tryeza.directory.models import ServiceType
from tryeza.geography.models import Region, localised
from tryeza.paging import Counted
from tryeza.spreadsheets import csv_response, xlsx_response


def _private(response: HttpResponse) -> HttpResponse:
    # Pages about a person are never kept by the browser or a proxy.
    add_never_cache_headers(response)
    response["Cache-Control"] += ", private, no-store"
    return response


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    """Case workers see their teams' cases; everyone else sees counts by region."""
    if not works_cases(request.user):
        counts = case_counts_by_region(request.user)
        regions = Region.objects.filter(pk__in=counts)
        rows = [
            {
                "region": region,
                "open": sum(
                    counts[region.pk].get(s, 0) for s in (Status.REGISTERED, Status.PENDING)
                ),
                "resolved": counts[region.pk].get(Status.RESOLVED, 0),
                "closed": counts[region.pk].get(Status.CLOSED, 0),
            }
            for region in regions
        ]
        return render(request, "cases/counts.html", {"rows": rows})
    form = CaseFilterForm(request.GET or None)
    cases = cases_visible_to(request.user)
    counted = cases_visible_to(request.user, from_team_list=form.unindexed())
    if form.is_valid():
        cases, counted = form.apply(cases), form.apply(counted)
    listed = Counted(cases.order_by("-year", "-number"), counted)
    page = Paginator(listed, 25).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "rows": _rows(cast("QuerySet[Case]", page.object_list))}
    return _private(render(request, "cases/list.html", context))


@dataclass(frozen=True)
class CaseRow:
    """A row of the case list, its words ready."""

    code: str
    stage: str
    status: str
    municipality: str
    sex: str
    age_band: str
    lead_institution: str


def _labels(*choices: type[Choices]) -> list[dict[str, str]]:
    """Each set of choices as value -> label, translated once per request."""
    return [{value: str(label) for value, label in each.choices} for each in choices]


def _rows(cases: QuerySet[Case]) -> list[CaseRow]:
    """One page of cases read as rows: no model (and its related models) built per case."""
    stages, statuses, sexes, ages = _labels(Stage, Status, Sex, AgeBand)
    rows = cases.values_list(
        "code",
        "stage",
        "status",
        "municipality__name",
        "municipality__name_en",
        "sex",
        "age_band",
        "lead_institution__name",
        "lead_institution__name_en",
    )
    return [
        CaseRow(
            code,
            stages[stage],
            statuses[status],
            localised(place or "", place_en or ""),
            sexes[sex],
            ages[age_band],
            localised(lead, lead_en),
        )
        for code, stage, status, place, place_en, sex, age_band, lead, lead_en in rows
    ]


# The case page's lists, read as rows with their words ready (a model and its related
# model built per row cost the page about 4 ms).


def _team(case: Case) -> list[tuple[str, bool]]:
    """(institution, is lead), the lead first."""
    rows = case.team.order_by("-is_lead", "institution__name").values_list(
        "institution__name", "institution__name_en", "is_lead"
    )
    return [(localised(name, name_en), is_lead) for name, name_en, is_lead in rows]


@dataclass(frozen=True)
class ReferralRow:
    to: str
    service: str  # "" for a notification
    status: str
    response_reason: str
    sent_at: datetime.datetime
    responded_at: datetime.datetime | None


def _referrals(case: Case) -> list[ReferralRow]:
    services, statuses = _labels(ServiceType, ReferralStatus)
    rows = case.referrals.values_list(
        "to_institution__name",
        "to_institution__name_en",
        "service",
        "status",
        "response_reason",
        "sent_at",
        "responded_at",
    )
    return [
        ReferralRow(localised(to, to_en), services.get(kind, ""), statuses[status], why, sent, back)
        for to, to_en, kind, status, why, sent, back in rows
    ]


@dataclass(frozen=True)
class ChangeRow:
    at: datetime.datetime
    stage: str
    status: str
    closure_reason: str
    by: str
    note: str


def _history(case: Case) -> list[ChangeRow]:
    stages, statuses, reasons = _labels(Stage, Status, ClosureReason)
    rows = case.status_history.values_list(
        "at",
        "stage",
        "status",
        "closure_reason",
        "by__first_name",
        "by__last_name",
        "by__username",
        "note",
    )
    return [
        ChangeRow(
            at,
            stages[stage],
            statuses[status],
            reasons.get(reason, ""),
            f"{first} {last}".strip() or username,
            note,
        )
        for at, stage, status, reason, first, last, username, note in rows
    ]


@login_required
def case_export(request: HttpRequest) -> HttpResponseBase:
    """The filtered case list as CSV or XLSX: anonymous facts, each case's log noting it."""
    if not works_cases(request.user):
        raise Http404
    form = CaseFilterForm(request.GET or None)
    cases = cases_visible_to(request.user)
    if form.is_valid():
        cases = form.apply(cases)
    cases = cases.select_related("region", "municipality", "lead_institution").order_by(
        "-year", "-number"
    )
    cases_record_export(actor=request.user, cases=cases)  # type: ignore[arg-type]
    rows = cases.iterator(chunk_size=2000)
    if request.GET.get("format") == "xlsx":
        return xlsx_response("cases", _("Cases"), CASE_COLUMNS, rows)
    return csv_response("cases", CASE_COLUMNS, rows)


@login_required
@require_http_methods(["GET", "POST"])
def case_register_view(request: HttpRequest) -> HttpResponse:
    if not works_cases(request.user) or request.user.institution is None:  # type: ignore[union-attr]
        raise Http404
    region = request.user.institution.region  # type: ignore[union-attr]
    if region is None:
        raise Http404
    form = CaseRegistrationForm(request.POST or None, region=region)
    matches = None
    if request.method == "POST" and form.is_valid():
        matches = identity_find_matches(actor=request.user, identity=form.identity())  # type: ignore[arg-type]
        if (matches.visible or matches.elsewhere) and not request.POST.get("confirm_new"):
            # Show the possible earlier records before creating a second one.
            return _private(
                render(request, "cases/register.html", {"form": form, "matches": matches})
            )
        try:
            case = case_register(
                actor=request.user,  # type: ignore[arg-type]
                draft=form.draft(),
                identity=form.identity(),
                team=form.cleaned_data["team"],
            )
        except CaseError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Case %(code)s registered.") % {"code": case.code})
            return redirect("cases:detail", code=case.code)
    return _private(render(request, "cases/register.html", {"form": form, "matches": matches}))


@login_required
@require_http_methods(["GET", "POST"])
def case_detail(request: HttpRequest, code: str) -> HttpResponse:
    case = get_case_for_user(request.user, code)
    user: Any = request.user
    revealed: list[tuple[str, str]] | None = None
    reveal_form = RevealForm(purposes=reveal_purposes(user))
    status_form = StatusForm(
        initial={"version": case.version, "stage": case.stage, "status": case.status}
    )
    action = request.POST.get("action")
    if action == "reveal":
        reveal_form = RevealForm(request.POST, purposes=reveal_purposes(user))
        if reveal_form.is_valid():
            # Shown in this response only: nothing is kept in the session.
            values = identity_reveal(
                actor=user,
                case=case,
                purpose=reveal_form.cleaned_data["purpose"],
                fields=reveal_form.chosen_fields(),
            )
            revealed = [(str(IDENTITY_LABELS[name]), value) for name, value in values.items()]
    elif action == "status":
        status_form = StatusForm(request.POST)
        if status_form.is_valid():
            data = status_form.cleaned_data
            try:
                case = case_change_status(
                    actor=user,
                    case=case,
                    expected_version=data["version"],
                    stage=data["stage"],
                    status=data["status"],
                    closure_reason=data.get("closure_reason") or "",
                    note=data.get("note") or "",
                )
            except CaseError as exc:
                status_form.add_error(None, str(exc))
            else:
                messages.success(request, _("The case was updated."))
                return redirect("cases:detail", code=case.code)
    if revealed is None:
        case_record_view(actor=user, case=case, channel=Channel.PAGE)
    context = {
        "case": case,
        "team": _team(case),
        "history": _history(case),
        "referrals": _referrals(case),
        "revealed": revealed,
        "reveal_form": reveal_form,
        "status_form": status_form,
        "can_read_log": can_read_access_log(user, case),
    }
    return _private(render(request, "cases/detail.html", context))


@login_required
def case_access_log(request: HttpRequest, code: str) -> HttpResponse:
    case = get_case_log_for_user(request.user, code)
    accesses = CaseAccess.objects.filter(case=case).select_related("user", "user__institution")
    page = Paginator(accesses, 50).get_page(request.GET.get("page"))
    return _private(render(request, "cases/access_log.html", {"case": case, "page": page}))
