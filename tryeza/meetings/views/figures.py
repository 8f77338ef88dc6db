"""How a structure worked in a half-year: meetings against its cadence, who came, tasks
done on time. Member institutions that never came stand out."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tryeza.directory.models import Structure
from tryeza.directory.selectors import get_structure_for_user
from tryeza.meetings.figures import attendance_rates, meeting_cadence, task_figures
from tryeza.meetings.forms import PeriodForm


def period_form(request: HttpRequest) -> PeriodForm:
    today = timezone.localdate()
    default = {"year": today.year, "half": "1" if today.month <= 6 else "2"}
    form = PeriodForm(request.GET if "year" in request.GET else default)
    if not form.is_valid():
        form = PeriodForm(default)
        form.is_valid()
    return form


def structure_figures(structure: Structure, form: PeriodForm) -> dict[str, Any]:
    start, end = form.period()
    rates = attendance_rates(structure, start, end)
    members = sorted(
        (m.institution for m in structure.memberships.select_related("institution")),
        key=lambda i: i.name,
    )
    return {
        "start": start,
        "end": end,
        "cadence": meeting_cadence(structure, start, end),
        "attendance": [
            {"institution": i, "rate": rates.get(i.pk), "never": rates.get(i.pk) == 0}
            for i in members
        ],
        "tasks": task_figures(structure, start, end),
    }


@login_required
def figures_view(request: HttpRequest, pk: int) -> HttpResponse:
    structure = get_structure_for_user(request.user, pk)
    form = period_form(request)
    context = {"structure": structure, "form": form, **structure_figures(structure, form)}
    return render(request, "meetings/figures.html", context)
