"""Meetings in calendar apps: one invitation per meeting, and a personal feed that an app
polls without a session. Both say when, where and which structure, nothing more."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tryeza.meetings import ics, selectors
from tryeza.meetings.models import Meeting

# How far back the feed reaches: calendar apps keep what they already fetched.
FEED_PAST_DAYS = 180


def _domain(request: HttpRequest) -> str:
    return request.get_host().split(":")[0] or "tryeza"


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=ics.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for_user(request.user, pk)
    content = ics.calendar(
        [meeting],
        url_for=lambda m: request.build_absolute_uri(reverse("meetings:detail", args=[m.pk])),
        domain=_domain(request),
    )
    return _calendar_response(content, f"meeting-{meeting.pk}.ics")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The signed token stands for the session: a bad or stale one is a plain 404."""
    user_id = ics.feed_user_id(token)
    user = (
        get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if user_id is not None
        else None
    )
    if user is None:
        raise Http404
    since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
    meetings: list[Meeting] = list(
        selectors.meetings_visible_to(user).filter(starts_at__gte=since).order_by("starts_at")
    )
    content = ics.calendar(
        meetings,
        url_for=lambda m: request.build_absolute_uri(reverse("meetings:detail", args=[m.pk])),
        domain=_domain(request),
        name=_("Tryeza meetings"),
    )
    return _calendar_response(content, "tryeza-meetings.ics")


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    token = ics.feed_token(user.pk)
    url = request.build_absolute_uri(reverse("meetings:feed", args=[token]))
    return render(request, "meetings/calendar.html", {"feed_url": url})
