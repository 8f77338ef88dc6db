"""What an institution owes to the structures it sits in, and reporting progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tryeza.meetings import selectors
from tryeza.meetings.forms import TaskStatusForm
from tryeza.meetings.models import Task, TaskStatus
from tryeza.meetings.services import MeetingError, task_update


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    """Outstanding tasks first, overdue ones marked; then the done and dropped ones."""
    tasks = selectors.tasks_owed_by_my_institution(request.user)
    show_all = request.GET.get("all") == "1"
    if not show_all:
        tasks = tasks.filter(status__in=[TaskStatus.OPEN, TaskStatus.IN_PROGRESS])
    rows = [
        (task, TaskStatusForm(initial={"version": task.version, "status": task.status}))
        for task in tasks.order_by("due_on", "id")
    ]
    context = {
        "rows": rows,
        "show_all": show_all,
        "overdue": sum(1 for task, _form in rows if task.is_overdue),
        "today": timezone.localdate(),
    }
    return render(request, "meetings/my_tasks.html", context)


def _task_for_update(request: HttpRequest, pk: int) -> Task:
    try:
        task = selectors.tasks_visible_to(request.user).get(pk=pk)
    except Task.DoesNotExist:
        raise Http404 from None
    if not selectors.can_update_task(request.user, task):
        raise PermissionDenied
    return task


@login_required
@require_POST
def task_status_view(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_for_update(request, pk)
    form = TaskStatusForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            task_update(
                actor=request.user,  # type: ignore[arg-type]
                task=task,
                expected_version=data["version"],
                status=data["status"],
                done_on=data.get("done_on") if data["status"] == TaskStatus.DONE else None,
            )
        except MeetingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The task was updated: %(task)s") % {"task": task})
    else:
        messages.error(request, _("The task was not updated: check the status and the date."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    return redirect(target or "meetings:my-tasks")
