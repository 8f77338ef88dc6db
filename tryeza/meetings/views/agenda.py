"""Building the agenda: members propose items, the secretariat orders and publishes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tryeza.meetings import notify, selectors
from tryeza.meetings.forms import AgendaPublishForm, ItemProposeForm
from tryeza.meetings.services import MeetingError, agenda_publish, item_propose
from tryeza.meetings.views.meetings import meeting_page, runner_meeting


def _to_agenda(pk: int) -> HttpResponse:
    response = redirect("meetings:detail", pk=pk)
    response["Location"] += "#agenda"
    return response


@login_required
@require_POST
def item_propose_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for_user(request.user, pk)
    if not selectors.is_member_of(request.user, meeting.structure):
        raise PermissionDenied
    form = ItemProposeForm(request.POST)
    if form.is_valid():
        try:
            item_propose(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your item was proposed."))
            return _to_agenda(meeting.pk)
    return meeting_page(request, meeting, propose_form=form)


@login_required
@require_POST
def agenda_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = runner_meeting(request, pk)
    items = list(
        meeting.items.select_related("task", "task__institution", "proposed_by_institution")
    )
    form = AgendaPublishForm(request.POST, meeting=meeting, items=items)
    if form.is_valid():
        try:
            meeting = agenda_publish(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                expected_version=form.cleaned_data["version"],
                accepted=form.accepted(),
            )
        except MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The agenda was published."))
            if form.cleaned_data.get("notify"):
                sent = notify.agenda_send(meeting)
                messages.info(
                    request,
                    ngettext(
                        "The agenda was e-mailed to %(count)d address.",
                        "The agenda was e-mailed to %(count)d addresses.",
                        sent,
                    )
                    % {"count": sent},
                )
            return _to_agenda(meeting.pk)
    return meeting_page(request, meeting, publish_form=form)
