"""Task endpoints: assigning at a meeting, listing, and reporting progress (409 on a
stale ``version``)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tryeza.api import query_params
from tryeza.meetings import selectors
from tryeza.meetings.api import (
    Conflict,
    TaskOut,
    conflict_or_refused,
    contact,
    member,
    refused,
    runner_meeting,
    stale,
)
from tryeza.meetings.models import Task, TaskStatus
from tryeza.meetings.services import MeetingError, task_assign, task_update


class TaskIn(serializers.Serializer[Any]):
    description = serializers.CharField(max_length=300)
    institution = serializers.IntegerField()
    person = serializers.IntegerField(required=False, allow_null=True)
    due_on = serializers.DateField()
    decision = serializers.IntegerField(required=False, allow_null=True)


class TaskAssign(APIView):
    @extend_schema(request=TaskIn, responses={201: TaskOut})
    def post(self, request: Request, pk: int) -> Response:
        meeting = runner_meeting(request, pk)
        given = TaskIn(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        decision = None
        if data.get("decision") is not None:
            decision = meeting.decisions.filter(pk=data["decision"]).first()
            if decision is None:
                raise ValidationError({"decision": [_("Not a decision of this meeting.")]})
        try:
            task = task_assign(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                description=data["description"],
                institution=member(meeting.structure, data["institution"]),
                due_on=data["due_on"],
                person=contact(request.user, data.get("person"), "person"),
                decision=decision,
            )
        except MeetingError as exc:
            raise refused(exc) from exc
        return Response(TaskOut(task).data, status=status.HTTP_201_CREATED)


class TaskFilter(serializers.Serializer[Any]):
    mine = serializers.BooleanField(
        required=False, help_text=_lazy("Only what the caller's institution owes")
    )
    outstanding = serializers.BooleanField(
        required=False, help_text=_lazy("Only open and in-progress tasks")
    )


class TaskList(GenericAPIView[Task]):
    """Tasks of the structures the caller sees; ``?mine=1`` for what the caller's
    institution owes, ``?outstanding=1`` for open and in-progress ones."""

    serializer_class = TaskOut

    def get_queryset(self) -> Any:
        return selectors.tasks_visible_to(self.request.user).order_by("due_on", "id")

    @extend_schema(operation_id="meetings_tasks_list", parameters=[TaskFilter])
    def get(self, request: Request) -> Response:
        given = query_params(TaskFilter, request)
        tasks = self.get_queryset()
        if given.get("mine"):
            tasks = selectors.tasks_owed_by_my_institution(request.user).order_by("due_on", "id")
        if given.get("outstanding"):
            tasks = tasks.filter(status__in=[TaskStatus.OPEN, TaskStatus.IN_PROGRESS])
        page = self.paginate_queryset(tasks)
        return self.get_paginated_response(TaskOut(page, many=True).data)


class TaskStatusIn(serializers.Serializer[Any]):
    version = serializers.IntegerField(min_value=1)
    status = serializers.ChoiceField(choices=TaskStatus.choices)
    done_on = serializers.DateField(required=False, allow_null=True)


class TaskStatusUpdate(APIView):
    """Report progress on a task: its institution, or whoever runs its structure."""

    @extend_schema(request=TaskStatusIn, responses=TaskOut)
    def post(self, request: Request, pk: int) -> Response:
        task = selectors.tasks_visible_to(request.user).filter(pk=pk).first()
        if task is None:
            raise Http404
        if not selectors.can_update_task(request.user, task):
            raise PermissionDenied
        given = TaskStatusIn(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        if stale(Task, task.pk, data["version"]):
            raise Conflict(_("Someone else changed this task meanwhile. Reload it."))
        try:
            task = task_update(
                actor=request.user,  # type: ignore[arg-type]
                task=task,
                expected_version=data["version"],
                status=data["status"],
                done_on=data.get("done_on"),
            )
        except MeetingError as exc:
            raise conflict_or_refused(exc, Task, task.pk, data["version"]) from exc
        return Response(TaskOut(task).data)
