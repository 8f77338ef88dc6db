"""Endpoints about a structure rather than one meeting: terms of reference, a coalition's
presidency and work plans, and the figures reports need."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tryeza.directory.models import Structure
from tryeza.directory.selectors import get_structure_for_user, structures_visible_to
from tryeza.meetings import selectors
from tryeza.meetings.api import member, refused
from tryeza.meetings.figures import attendance_rates, meeting_cadence, task_figures
from tryeza.meetings.forms import PeriodForm
from tryeza.meetings.models import TermsOfReference, WorkPlan, WorkPlanActivity
from tryeza.meetings.presidency import presidency_set
from tryeza.meetings.services import MeetingError, terms_approve, terms_draft
from tryeza.meetings.views.coalitions import coalition_for_user, schedule
from tryeza.meetings.workplans import ActivityDraft, workplan_adopt


def runner_structure(request: Request, pk: int) -> Structure:
    structure = get_structure_for_user(request.user, pk)
    if not selectors.runs_meetings_of(request.user, structure):
        raise PermissionDenied
    return structure


# --- Terms of reference ------------------------------------------------------------------


class TermsOut(serializers.ModelSerializer[TermsOfReference]):
    class Meta:
        model = TermsOfReference
        fields = ["id", "structure", "version", "text", "approved_at"]


class TermsIn(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=100000)


class TermsListDraft(APIView):
    """The versions of a structure's terms of reference; a new draft version."""

    @extend_schema(responses=TermsOut(many=True))
    def get(self, request: Request, pk: int) -> Response:
        structure = get_structure_for_user(request.user, pk)
        return Response(TermsOut(structure.terms_of_reference.all(), many=True).data)

    @extend_schema(request=TermsIn, responses={201: TermsOut})
    def post(self, request: Request, pk: int) -> Response:
        structure = runner_structure(request, pk)
        given = TermsIn(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            terms = terms_draft(
                actor=request.user,  # type: ignore[arg-type]
                structure=structure,
                text=given.validated_data["text"],
            )
        except MeetingError as exc:
            raise refused(exc) from exc
        return Response(TermsOut(terms).data, status=status.HTTP_201_CREATED)


class ApproveIn(serializers.Serializer[Any]):
    meeting = serializers.IntegerField()


class TermsApprove(APIView):
    """Approve a version at a held meeting of its structure."""

    @extend_schema(request=ApproveIn, responses=TermsOut)
    def post(self, request: Request, pk: int) -> Response:
        visible = TermsOfReference.objects.filter(
            structure__in=structures_visible_to(request.user)
        ).select_related("structure")
        terms = visible.filter(pk=pk).first()
        if terms is None:
            raise Http404
        if not selectors.runs_meetings_of(request.user, terms.structure):
            raise PermissionDenied
        given = ApproveIn(data=request.data)
        given.is_valid(raise_exception=True)
        meeting = selectors.get_meeting_for_user(request.user, given.validated_data["meeting"])
        try:
            terms = terms_approve(actor=request.user, terms=terms, meeting=meeting)  # type: ignore[arg-type]
        except MeetingError as exc:
            raise refused(exc) from exc
        return Response(TermsOut(terms).data)


# --- Coalitions --------------------------------------------------------------------------


class TermOut(serializers.Serializer[Any]):
    institution = serializers.IntegerField(source="institution.pk")
    institution_name = serializers.CharField(source="institution.name")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    overridden = serializers.BooleanField()


class PresidencyIn(serializers.Serializer[Any]):
    institution = serializers.IntegerField()
    starts_on = serializers.DateField()

    def validate_starts_on(self, value: datetime.date) -> datetime.date:
        if value.day != 1 or value.month not in (1, 7):
            raise ValidationError(_("A term starts on 1 January or 1 July."))
        return value


class Presidency(APIView):
    """A coalition's presidents, term by term: computed rotation or set by the members."""

    @extend_schema(responses=TermOut(many=True))
    def get(self, request: Request, pk: int) -> Response:
        structure = coalition_for_user(request.user, pk)
        return Response(TermOut(schedule(structure), many=True).data)

    @extend_schema(request=PresidencyIn, responses=TermOut(many=True))
    def post(self, request: Request, pk: int) -> Response:
        structure = coalition_for_user(request.user, pk)
        if not selectors.runs_meetings_of(request.user, structure):
            raise PermissionDenied
        given = PresidencyIn(data=request.data)
        given.is_valid(raise_exception=True)
        presidency_set(
            actor=request.user,  # type: ignore[arg-type]
            structure=structure,
            institution=member(structure, given.validated_data["institution"]),
            starts_on=given.validated_data["starts_on"],
        )
        return Response(TermOut(schedule(structure), many=True).data)


class ActivityOut(serializers.ModelSerializer[WorkPlanActivity]):
    class Meta:
        model = WorkPlanActivity
        fields = ["activity", "responsible", "due_on"]


class WorkPlanOut(serializers.ModelSerializer[WorkPlan]):
    activities = ActivityOut(many=True, read_only=True)

    class Meta:
        model = WorkPlan
        fields = ["id", "structure", "starts_on", "ends_on", "adopted_at", "activities"]


class ActivityIn(serializers.Serializer[Any]):
    activity = serializers.CharField(max_length=300)
    responsible = serializers.IntegerField()
    due_on = serializers.DateField()


class WorkPlanIn(serializers.Serializer[Any]):
    starts_on = serializers.DateField()
    meeting = serializers.IntegerField()
    activities = ActivityIn(many=True)


class WorkPlans(APIView):
    """A coalition's six-month work plans; adopting one at a held meeting."""

    @extend_schema(responses=WorkPlanOut(many=True))
    def get(self, request: Request, pk: int) -> Response:
        structure = coalition_for_user(request.user, pk)
        plans = structure.work_plans.prefetch_related("activities")
        return Response(WorkPlanOut(plans, many=True).data)

    @extend_schema(request=WorkPlanIn, responses={201: WorkPlanOut})
    def post(self, request: Request, pk: int) -> Response:
        structure = coalition_for_user(request.user, pk)
        if not selectors.runs_meetings_of(request.user, structure):
            raise PermissionDenied
        given = WorkPlanIn(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        meeting = selectors.get_meeting_for_user(request.user, data["meeting"])
        drafts = [
            ActivityDraft(
                a["activity"], member(structure, a["responsible"], "activities"), a["due_on"]
            )
            for a in data["activities"]
        ]
        try:
            plan = workplan_adopt(
                actor=request.user,  # type: ignore[arg-type]
                structure=structure,
                starts_on=data["starts_on"],
                meeting=meeting,
                activities=drafts,
            )
        except MeetingError as exc:
            raise refused(exc) from exc
        return Response(WorkPlanOut(plan).data, status=status.HTTP_201_CREATED)


# --- Figures -----------------------------------------------------------------------------


class CadenceOut(serializers.Serializer[Any]):
    held = serializers.IntegerField()
    expected = serializers.IntegerField()
    met = serializers.BooleanField()


class RateOut(serializers.Serializer[Any]):
    institution = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class TaskFiguresOut(serializers.Serializer[Any]):
    due = serializers.IntegerField()
    done_on_time = serializers.IntegerField()
    done_late = serializers.IntegerField()
    outstanding = serializers.IntegerField()


class FiguresOut(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField()
    cadence = CadenceOut()
    attendance = RateOut(many=True)
    tasks = TaskFiguresOut()


class Figures(APIView):
    """Meetings held against the cadence, attendance per member (null: never recorded),
    tasks that fell due, for a half-year (``?year=2026&half=1``)."""

    @extend_schema(
        parameters=[OpenApiParameter("year", int), OpenApiParameter("half", int, enum=[1, 2])],
        responses=FiguresOut,
    )
    def get(self, request: Request, pk: int) -> Response:
        structure = get_structure_for_user(request.user, pk)
        form = PeriodForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(
                {name: [str(e) for e in errors] for name, errors in form.errors.items()}
            )
        start, end = form.period()
        rates = attendance_rates(structure, start, end)
        institutions = structure.memberships.values_list("institution_id", flat=True)
        return Response(
            FiguresOut(
                {
                    "start": start,
                    "end": end,
                    "cadence": meeting_cadence(structure, start, end),
                    "attendance": [{"institution": i, "rate": rates.get(i)} for i in institutions],
                    "tasks": task_figures(structure, start, end),
                }
            ).data
        )
