"""What the secretariat records of a meeting: attendance, minutes, decisions, tasks, the
terms approved; and the minutes as a PDF for everyone who sees the meeting."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from tryeza.directory.models import Contact, Institution, StructureKind
from tryeza.directory.selectors import contacts_visible_to
from tryeza.meetings import notify, selectors
from tryeza.meetings.forms_minutes import (
    AttendanceForm,
    DecisionForm,
    MinutesForm,
    TaskAssignForm,
)
from tryeza.meetings.models import ItemStatus, Meeting
from tryeza.meetings.pdf import minutes_pdf
from tryeza.meetings.services import (
    MeetingError,
    attendance_record,
    decision_record,
    minutes_record,
    task_assign,
    terms_approve,
)
from tryeza.meetings.views.meetings import meeting_page, runner_meeting


def _members_and_contacts(
    request: HttpRequest, meeting: Meeting
) -> tuple[list[Institution], list[Contact]]:
    """What the attendance and task forms offer: the members, and those of their contacts
    the user may see (``directory.selectors``)."""
    memberships = meeting.structure.memberships.select_related("institution")
    members = sorted((m.institution for m in memberships), key=lambda i: i.name)
    contacts = list(
        contacts_visible_to(request.user)
        .filter(institution__in=[i.pk for i in members])
        .order_by("last_name", "first_name")
    )
    return members, contacts


def _back(meeting: Meeting, anchor: str) -> HttpResponse:
    response = redirect("meetings:detail", pk=meeting.pk)
    response["Location"] += f"#{anchor}"
    return response


def _opened(request: HttpRequest, meeting: Meeting, template: str, **context: Any) -> HttpResponse:
    """A form opened from the meeting page: in its place there with htmx, otherwise on a
    page of its own."""
    context |= {"meeting": meeting, "structure": meeting.structure}
    if request.headers.get("HX-Request"):
        response = render(request, template, context)
    else:
        response = render(request, "meetings/form_page.html", {**context, "form": template})
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def attendance_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = runner_meeting(request, pk)
    members, contacts = _members_and_contacts(request, meeting)
    if request.method == "GET":
        recorded = {
            a.institution_id: (a.presence, a.representative_id) for a in meeting.attendance.all()
        }
        form = AttendanceForm(members=members, contacts=contacts, recorded=recorded)
        return _opened(request, meeting, "meetings/_attendance_form.html", attendance_form=form)
    form = AttendanceForm(request.POST, members=members, contacts=contacts, recorded={})
    if form.is_valid():
        try:
            attendance_record(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                rows=form.attendance(),
            )
        except MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Attendance was recorded."))
            return _back(meeting, "attendance")
    return meeting_page(request, meeting, attendance_form=form)


@login_required
@require_POST
def minutes_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = runner_meeting(request, pk)
    items = list(
        meeting.items.filter(status=ItemStatus.ACCEPTED).select_related("task", "task__institution")
    )
    form = MinutesForm(request.POST, meeting=meeting, items=items)
    if form.is_valid():
        try:
            meeting = minutes_record(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                expected_version=form.cleaned_data["version"],
                summary=form.cleaned_data["summary"],
                discussions=form.discussions(),
            )
        except MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The minutes were saved."))
            if form.cleaned_data.get("notify"):
                sent = notify.minutes_send(meeting)
                messages.info(
                    request,
                    ngettext(
                        "The minutes were e-mailed to %(count)d address.",
                        "The minutes were e-mailed to %(count)d addresses.",
                        sent,
                    )
                    % {"count": sent},
                )
            return _back(meeting, "minutes")
    return meeting_page(request, meeting, minutes_form=form)


@login_required
@require_POST
def decision_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = runner_meeting(request, pk)
    items = list(
        meeting.items.filter(status=ItemStatus.ACCEPTED).select_related("task", "task__institution")
    )
    positions = meeting.structure.kind == StructureKind.COALITION
    form = DecisionForm(request.POST, items=items, positions=positions)
    if form.is_valid():
        try:
            decision_record(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                text=form.cleaned_data["text"],
                item=form.chosen_item(),
                consensus=form.cleaned_data.get("consensus"),
            )
        except MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The decision was recorded."))
            return _back(meeting, "decisions")
    return meeting_page(request, meeting, decision_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def task_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = runner_meeting(request, pk)
    members, contacts = _members_and_contacts(request, meeting)
    decisions = list(meeting.decisions.all())
    if request.method == "GET":
        form = TaskAssignForm(members=members, contacts=contacts, decisions=decisions)
        return _opened(request, meeting, "meetings/_task_form.html", task_form=form)
    form = TaskAssignForm(request.POST, members=members, contacts=contacts, decisions=decisions)
    if form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        try:
            task_assign(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                description=data["description"],
                institution=data["institution"],
                due_on=data["due_on"],
                person=data["person"],
                decision=data["decision"],
            )
        except MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The task was assigned."))
            return _back(meeting, "tasks")
    return meeting_page(request, meeting, task_form=form)


@login_required
@require_POST
def terms_approve_view(request: HttpRequest, pk: int, terms_pk: int) -> HttpResponse:
    meeting = runner_meeting(request, pk)
    terms = meeting.structure.terms_of_reference.filter(pk=terms_pk).first()
    if terms is None:
        raise Http404
    try:
        terms_approve(actor=request.user, terms=terms, meeting=meeting)  # type: ignore[arg-type]
    except MeetingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Version %(version)s of the terms of reference was approved.")
            % {"version": terms.version},
        )
    return _back(meeting, "terms")


@login_required
def minutes_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for_user(request.user, pk)
    language = translation.get_language() or "sq"
    content = minutes_pdf(meeting, language=language)
    response = HttpResponse(content, content_type="application/pdf")
    day = timezone.localdate(meeting.starts_at).isoformat()
    response["Content-Disposition"] = f'inline; filename="minutes-{meeting.pk}-{day}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
