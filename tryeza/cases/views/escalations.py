"""Escalated cases as a table or committee sees them: by code, never by person."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tryeza.cases.access import escalations_visible_to


@login_required
def escalation_list(request: HttpRequest) -> HttpResponse:
    escalations = escalations_visible_to(request.user).order_by("resolved_at", "-at")
    page = Paginator(escalations, 25).get_page(request.GET.get("page"))
    return render(request, "cases/escalations.html", {"page": page})
