"""A coalition's rotating presidency, its six-month work plans, and the positions its
members took (with whether they reached consensus)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tryeza.directory.models import Institution, Structure, StructureKind
from tryeza.directory.selectors import get_structure_for_user
from tryeza.meetings import selectors
from tryeza.meetings.figures import months_between
from tryeza.meetings.forms import ActivityFormSet, PresidencyForm, WorkPlanForm
from tryeza.meetings.models import Decision, MeetingStatus
from tryeza.meetings.presidency import TERM_MONTHS, Term, presidency_schedule, presidency_set
from tryeza.meetings.services import MeetingError
from tryeza.meetings.workplans import ActivityDraft, workplan_adopt

SHOWN_AHEAD = 3


def coalition_for_user(user: Any, pk: int) -> Structure:
    structure = get_structure_for_user(user, pk)
    if structure.kind != StructureKind.COALITION:
        raise Http404
    return structure


def schedule(structure: Structure, today: datetime.date | None = None) -> list[Term]:
    """The previous and current terms and a few ahead, counted from a stable anchor."""
    today = today or timezone.localdate()
    anchor = selectors.presidency_anchor(structure)
    current = months_between(anchor, today) // TERM_MONTHS if today >= anchor else 0
    terms = presidency_schedule(structure, anchor, terms=current + 1 + SHOWN_AHEAD)
    return terms[max(0, current - 1) :]


def members_of(structure: Structure) -> list[Institution]:
    return sorted(
        (m.institution for m in structure.memberships.select_related("institution")),
        key=lambda i: i.name,
    )


@login_required
@require_http_methods(["GET", "POST"])
def coalition_view(request: HttpRequest, pk: int) -> HttpResponse:
    structure = coalition_for_user(request.user, pk)
    runs = selectors.runs_meetings_of(request.user, structure)
    terms = schedule(structure)
    today = timezone.localdate()
    upcoming_starts = [t.starts_on for t in terms if t.ends_on >= today]
    members = members_of(structure)
    meetings = selectors.meetings_visible_to(request.user).filter(structure=structure)
    held = list(meetings.filter(status=MeetingStatus.HELD).order_by("-starts_at")[:12])
    presidency_form = PresidencyForm(members=members, terms=upcoming_starts)
    plan_form = WorkPlanForm(terms=upcoming_starts, meetings=held)
    activities = ActivityFormSet(form_kwargs={"members": members}, prefix="activities")
    action = request.POST.get("action")
    if request.method == "POST":
        if not runs:
            raise PermissionDenied
        user: Any = request.user
        if action == "presidency":
            presidency_form = PresidencyForm(request.POST, members=members, terms=upcoming_starts)
            if presidency_form.is_valid():
                presidency_set(
                    actor=user,
                    structure=structure,
                    institution=presidency_form.chosen_institution(),
                    starts_on=presidency_form.cleaned_data["starts_on"],
                )
                messages.success(request, _("The presidency for that term was set."))
                return redirect("meetings:coalition", pk=structure.pk)
        elif action == "workplan":
            plan_form = WorkPlanForm(request.POST, terms=upcoming_starts, meetings=held)
            activities = ActivityFormSet(
                request.POST, form_kwargs={"members": members}, prefix="activities"
            )
            if plan_form.is_valid() and activities.is_valid():
                drafts = [
                    ActivityDraft(f["activity"], f["responsible"], f["due_on"])
                    for f in activities.cleaned_data
                    if f.get("activity")
                ]
                try:
                    workplan_adopt(
                        actor=user,
                        structure=structure,
                        starts_on=plan_form.cleaned_data["starts_on"],
                        meeting=plan_form.chosen_meeting(),
                        activities=drafts,
                    )
                except MeetingError as exc:
                    plan_form.add_error(None, str(exc))
                else:
                    messages.success(request, _("The work plan was adopted."))
                    return redirect("meetings:coalition", pk=structure.pk)
    positions = (
        Decision.objects.filter(meeting__in=meetings)
        .select_related("meeting", "item", "item__task")
        .order_by("-meeting__starts_at", "id")[:50]
    )
    context = {
        "structure": structure,
        "runs": runs,
        "terms": terms,
        "today": today,
        "presidency_form": presidency_form,
        "plans": structure.work_plans.select_related("adopted_at").prefetch_related(
            "activities__responsible"
        ),
        "plan_form": plan_form,
        "activities": activities,
        "positions": positions,
    }
    return render(request, "meetings/coalition.html", context)
