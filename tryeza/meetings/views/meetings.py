"""The meetings of a structure, planning one, and the meeting page itself."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Max, Min, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tryeza.cases.access import cases_visible_to
from tryeza.directory.models import Structure, StructureKind
from tryeza.directory.selectors import (
    get_structure_for_user,
    structures_visible_to,
)
from tryeza.meetings import selectors
from tryeza.meetings.forms import AgendaPublishForm, ItemProposeForm, MeetingPlanForm
from tryeza.meetings.forms_minutes import DecisionForm, MinutesForm
from tryeza.meetings.models import ItemStatus, Meeting, MeetingStatus, TaskStatus
from tryeza.meetings.services import MeetingError, meeting_plan

CLOSED = (MeetingStatus.HELD, MeetingStatus.CANCELLED)


@login_required
def meeting_index(request: HttpRequest) -> HttpResponse:
    """Upcoming meetings the user can see, and the structures whose meetings they follow."""
    now = timezone.now()
    upcoming = (
        selectors.meetings_visible_to(request.user)
        .filter(starts_at__gte=now)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at")[:20]
    )
    structures = structures_visible_to(request.user).annotate(
        last_meeting=Max("meetings__starts_at", filter=Q(meetings__starts_at__lt=now)),
        next_meeting=Min("meetings__starts_at", filter=Q(meetings__starts_at__gte=now)),
    )
    return render(
        request,
        "meetings/index.html",
        {"upcoming": upcoming, "structures": structures.order_by("kind", "name")},
    )


@login_required
def structure_meetings(request: HttpRequest, pk: int) -> HttpResponse:
    structure = get_structure_for_user(request.user, pk)
    meetings = selectors.meetings_visible_to(request.user).filter(structure=structure)
    page = Paginator(meetings.order_by("-starts_at"), 25).get_page(request.GET.get("page"))
    context = {
        "structure": structure,
        "page": page,
        "suggestions": selectors.suggested_meeting_days(structure),
        "today": timezone.localdate(),
        "runs": selectors.runs_meetings_of(request.user, structure),
        "is_coalition": structure.kind == StructureKind.COALITION,
    }
    return render(request, "meetings/structure.html", context)


def runner_structure(request: HttpRequest, pk: int) -> Structure:
    """A structure the user sees (else 404) and whose meetings they run (else 403)."""
    structure = get_structure_for_user(request.user, pk)
    if not selectors.runs_meetings_of(request.user, structure):
        raise PermissionDenied
    return structure


@login_required
@require_http_methods(["GET", "POST"])
def meeting_plan_view(request: HttpRequest, pk: int) -> HttpResponse:
    structure = runner_structure(request, pk)
    initial = {"day": request.GET.get("day")} if request.GET.get("day") else None
    form = MeetingPlanForm(request.POST or None, structure=structure, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meeting_plan(
                actor=request.user,  # type: ignore[arg-type]
                structure=structure,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                proposals_until=data.get("proposals_until"),
            )
        except MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The meeting was planned."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/plan.html", {"structure": structure, "form": form})


def runner_meeting(request: HttpRequest, pk: int) -> Meeting:
    """A meeting the user sees (else 404) and runs (else 403)."""
    meeting = selectors.get_meeting_for_user(request.user, pk)
    if not selectors.runs_meetings_of(request.user, meeting.structure):
        raise PermissionDenied
    return meeting


def proposals_open(meeting: Meeting) -> bool:
    if meeting.status in CLOSED:
        return False
    return meeting.proposals_until is None or timezone.now() <= meeting.proposals_until


def meeting_page(request: HttpRequest, meeting: Meeting, **bound: Any) -> HttpResponse:
    """The meeting page; a form passed in ``bound`` (with its errors) replaces the blank one."""
    user: Any = request.user
    structure = meeting.structure
    runs = selectors.runs_meetings_of(user, structure)
    member = selectors.is_member_of(user, structure)
    items = list(
        meeting.items.select_related("task", "task__institution", "proposed_by_institution")
    )
    codes = {item.case_code for item in items if item.case_code}
    # One query tells which codes this user may follow to the case: their teams' cases.
    linked = (
        set(cases_visible_to(user).filter(code__in=codes).values_list("code", flat=True))
        if codes
        else set()
    )
    on_agenda = [item for item in items if item.status == ItemStatus.ACCEPTED]
    decisions = list(
        meeting.decisions.select_related("item", "item__task", "item__task__institution")
    )
    context: dict[str, Any] = {
        "meeting": meeting,
        "structure": structure,
        "runs": runs,
        "is_coalition": structure.kind == StructureKind.COALITION,
        "items": items,
        "on_agenda": on_agenda,
        "linked_codes": linked,
        "attendance": meeting.attendance.select_related("institution", "representative"),
        "decisions": decisions,
        "tasks": meeting.tasks.select_related("institution", "person"),
        "terms": structure.terms_of_reference.select_related("approved_at"),
        "started": meeting.starts_at <= timezone.now(),
        "closed": meeting.status in CLOSED,
        "statuses": TaskStatus.choices,
    }
    if member and proposals_open(meeting):
        context["propose_form"] = bound.get("propose_form") or ItemProposeForm()
    if runs:
        if meeting.status not in CLOSED:
            context["publish_form"] = bound.get("publish_form") or AgendaPublishForm(
                meeting=meeting, items=items
            )
        context["minutes_form"] = bound.get("minutes_form") or MinutesForm(
            meeting=meeting, items=on_agenda
        )
        context["decision_form"] = bound.get("decision_form") or DecisionForm(
            items=on_agenda, positions=context["is_coalition"]
        )
        # The attendance and task forms offer every member's contacts (a table has sixty
        # members and hundreds of people; the two forms were two thirds of the page):
        # opened on request (``minutes.attendance_view``, ``task_assign_view``), and here
        # only again with the errors of a refused post.
        context["attendance_form"] = bound.get("attendance_form")
        context["task_form"] = bound.get("task_form")
    return render(request, "meetings/detail.html", context)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return meeting_page(request, selectors.get_meeting_for_user(request.user, pk))
