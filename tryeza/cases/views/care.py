"""Pages of the care pathway, one per section and each reached from the case page:
screening, rights (with police cooperation kept apart), needs, plan, follow-up, escalation
and the timeline. Every read goes through ``access``, every write through ``services``,
and every page lists what it shows with a constant number of queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tryeza.cases.access import get_case_for_user
from tryeza.cases.choices import Channel
from tryeza.cases.forms_care import (
    AssessmentForm,
    CooperationForm,
    EscalationForm,
    FollowUpForm,
    PlanServiceForm,
    RightsForm,
    ScreeningForm,
    ServiceUpdateForm,
)
from tryeza.cases.indicators import HIGH_FROM, INDICATORS, MEDIUM_FROM, Indicator
from tryeza.cases.models import Case, NeedsAssessment, PlannedService, Screening
from tryeza.cases.services import (
    CaseError,
    assessment_record,
    case_record_view,
    cooperation_record,
    escalation_create,
    followup_record,
    rights_record,
    screening_record,
    service_plan,
    service_update,
)
from tryeza.cases.services.care import ESCALATION_TARGETS
from tryeza.cases.timeline import case_timeline, service_labels
from tryeza.cases.views.case import _private
from tryeza.directory.models import Structure
from tryeza.directory.selectors import services_visible_to

SCREENING_SCALE = {"medium_from": MEDIUM_FROM, "high_from": HIGH_FROM}


@dataclass(frozen=True)
class ScreeningRow:
    """A screening with its explanation: the ticked indicators and what changed since
    the screening before it."""

    screening: Screening
    ticked: list[Indicator]
    added: list[Indicator]
    removed: list[Indicator]
    is_first: bool


def _indicators(codes: set[str]) -> list[Indicator]:
    return [indicator for indicator in INDICATORS if indicator.code in codes]


def explain_screenings(screenings: list[Screening]) -> list[ScreeningRow]:
    """``screenings`` newest first, as the model orders them."""
    rows = []
    for index, screening in enumerate(screenings):
        now = set(screening.indicators)
        before = set(screenings[index + 1].indicators) if index + 1 < len(screenings) else None
        rows.append(
            ScreeningRow(
                screening=screening,
                ticked=_indicators(now),
                added=_indicators(now - before) if before is not None else [],
                removed=_indicators(before - now) if before is not None else [],
                is_first=before is None,
            )
        )
    return rows


def _posted(request: HttpRequest, action: str) -> Any:
    """The POST data when this form is the one submitted, else None (an unbound form)."""
    if request.method == "POST" and request.POST.get("action") == action:
        return request.POST
    return None


def _save(form: Form, write: Callable[[dict[str, Any]], object]) -> bool:
    """Run ``write`` for a valid submitted form; a refusal becomes the form's error."""
    if not form.is_bound or not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except CaseError as exc:
        form.add_error(None, str(exc))
        return False
    return True


def _done(request: HttpRequest, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(request.path)


def case_page(
    request: HttpRequest, case: Case, template: str, context: dict[str, Any]
) -> HttpResponse:
    """Render a page about the case: recorded as a view of it, and never cached."""
    case_record_view(actor=request.user, case=case, channel=Channel.PAGE)  # type: ignore[arg-type]
    return _private(render(request, template, {"case": case, **context}))


def assessment_rows(case: Case) -> list[tuple[NeedsAssessment, list[str]]]:
    return [(a, service_labels(a.needs)) for a in case.assessments.select_related("by")]


@login_required
@require_http_methods(["GET", "POST"])
def screening(request: HttpRequest, code: str) -> HttpResponse:
    case = get_case_for_user(request.user, code)
    user: Any = request.user
    form = ScreeningForm(_posted(request, "screening"))
    if _save(
        form,
        lambda data: screening_record(
            actor=user,
            case=case,
            screened_on=data["screened_on"],
            indicators=data["indicators"],
            note=data["note"],
        ),
    ):
        return _done(request, _("The screening was recorded."))
    rows = explain_screenings(list(case.screenings.select_related("by")))
    context = {"form": form, "rows": rows, "scale": SCREENING_SCALE}
    return case_page(request, case, "cases/care/screening.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def rights(request: HttpRequest, code: str) -> HttpResponse:
    """Rights information, and police cooperation in a box of its own: recorded apart,
    read by nothing else in case work."""
    case = get_case_for_user(request.user, code)
    user: Any = request.user
    rights_form = RightsForm(_posted(request, "rights"))
    cooperation_form = CooperationForm(_posted(request, "cooperation"))
    if _save(
        rights_form,
        lambda data: rights_record(actor=user, case=case, **data),
    ):
        return _done(request, _("The rights information was recorded."))
    if _save(
        cooperation_form,
        lambda data: cooperation_record(actor=user, case=case, **data),
    ):
        return _done(request, _("The person's choice about police cooperation was recorded."))
    context = {
        "rights_form": rights_form,
        "cooperation_form": cooperation_form,
        "informed": case.rights_informed.select_related("by"),
        "cooperation": case.cooperation.select_related("by"),
    }
    return case_page(request, case, "cases/care/rights.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def needs(request: HttpRequest, code: str) -> HttpResponse:
    case = get_case_for_user(request.user, code)
    user: Any = request.user
    form = AssessmentForm(_posted(request, "assessment"))
    if _save(
        form,
        lambda data: assessment_record(actor=user, case=case, **data),
    ):
        return _done(request, _("The needs assessment was recorded."))
    context = {"form": form, "assessments": assessment_rows(case)}
    return case_page(request, case, "cases/care/needs.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, code: str) -> HttpResponse:
    """The individual plan: add a service from a provider that offers it, and update each
    service with the version it was read at, so two editors cannot overwrite each other."""
    case = get_case_for_user(request.user, code)
    user: Any = request.user
    offerings = services_visible_to(user).order_by("service", "institution__name")
    add_form = PlanServiceForm(_posted(request, "add"), offerings=offerings)
    if _save(
        add_form,
        lambda data: service_plan(
            actor=user,
            case=case,
            service=data["service"],
            provider=data["provider"],
            planned_on=data["planned_on"],
            chosen_by_person=data["chosen_by_person"],
            note=data["note"],
        ),
    ):
        return _done(request, _("The service was added to the plan."))
    services = list(case.services.select_related("provider"))
    rows = []
    updating = _posted(request, "update") and request.POST.get("service")
    if updating and updating not in {str(planned.pk) for planned in services}:
        raise Http404
    for planned in services:
        form = ServiceUpdateForm(
            request.POST if updating == str(planned.pk) else None,
            prefix=f"service-{planned.pk}",
            initial={
                "version": planned.version,
                "status": planned.status,
                "started_on": planned.started_on,
                "ended_on": planned.ended_on,
                "note": planned.note,
            },
        )
        if _save(form, partial(_update, user, planned)):
            return _done(request, _("The service was updated."))
        rows.append((planned, form))
    latest = case.assessments.order_by("-assessed_on", "-id").first()
    planned_types = {planned.service for planned in services}
    unplanned = (
        service_labels([n for n in latest.needs if n not in planned_types]) if latest else []
    )
    context = {"add_form": add_form, "rows": rows, "assessment": latest, "unplanned": unplanned}
    return case_page(request, case, "cases/care/plan.html", context)


def _update(user: Any, planned: PlannedService, data: dict[str, Any]) -> PlannedService:
    return service_update(
        actor=user,
        planned=planned,
        expected_version=data["version"],
        status=data["status"],
        started_on=data["started_on"],
        ended_on=data["ended_on"],
        note=data["note"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, code: str) -> HttpResponse:
    case = get_case_for_user(request.user, code)
    user: Any = request.user
    form = FollowUpForm(_posted(request, "follow_up"))
    if _save(
        form,
        lambda data: followup_record(actor=user, case=case, **data),
    ):
        return _done(request, _("The follow-up was recorded."))
    context = {
        "form": form,
        "follow_ups": case.follow_ups.select_related("by"),
        "overdue": bool(case.next_follow_up and case.next_follow_up < timezone.localdate()),
    }
    return case_page(request, case, "cases/care/follow_up.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def escalate(request: HttpRequest, code: str) -> HttpResponse:
    """Take the case to its region's table or committee, where it is known by code."""
    case = get_case_for_user(request.user, code)
    user: Any = request.user
    structures = Structure.objects.filter(
        region=case.region_id, kind__in=ESCALATION_TARGETS, is_active=True
    ).order_by("kind", "name")
    form = EscalationForm(_posted(request, "escalate"), structures=structures)
    if _save(
        form,
        lambda data: escalation_create(actor=user, case=case, **data),
    ):
        return _done(request, _("The case was escalated. It is known there by its code only."))
    context = {"form": form, "escalations": case.escalations.select_related("structure", "by")}
    return case_page(request, case, "cases/care/escalate.html", context)


@login_required
def timeline(request: HttpRequest, code: str) -> HttpResponse:
    case = get_case_for_user(request.user, code)
    return case_page(request, case, "cases/care/timeline.html", {"events": case_timeline(case)})
