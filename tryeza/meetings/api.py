"""Meeting endpoints, under the same selectors and services as the pages. Cases appear by
code only; a change against a stale ``version`` answers 409 and changes nothing."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tryeza.api import MAX_ID, query_params
from tryeza.directory.models import Contact, Institution, Structure
from tryeza.directory.selectors import contacts_visible_to, get_structure_for_user
from tryeza.meetings import notify, selectors
from tryeza.meetings.forms import names_a_person
from tryeza.meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingStatus,
    Presence,
    Task,
)
from tryeza.meetings.services import (
    MeetingError,
    agenda_publish,
    attendance_record,
    decision_record,
    item_propose,
    meeting_plan,
    minutes_record,
)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = _lazy("Someone else changed this meanwhile. Reload it and try again.")


def refused(exc: MeetingError) -> ValidationError:
    return ValidationError({"non_field_errors": [str(exc)]})


def stale(model: type[Model], pk: int, expected: int) -> bool:
    return not model._default_manager.filter(pk=pk, version=expected).exists()


def conflict_or_refused(exc: MeetingError, model: type[Model], pk: int, expected: int) -> Any:
    """The services say "someone else changed it" as a MeetingError; the API says 409."""
    return Conflict(str(exc)) if stale(model, pk, expected) else refused(exc)


def members(structure: Structure) -> dict[int, Institution]:
    return {
        m.institution.pk: m.institution for m in structure.memberships.select_related("institution")
    }


def member(structure: Structure, pk: int, field: str = "institution") -> Institution:
    found = members(structure).get(pk)
    if found is None:
        raise ValidationError({field: [_("Not a member institution of this structure.")]})
    return found


def contact(user: Any, pk: int | None, field: str) -> Contact | None:
    if pk is None:
        return None
    found = contacts_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [_("Unknown person.")]})
    return found


def runner_meeting(request: Request, pk: int) -> Meeting:
    meeting = selectors.get_meeting_for_user(request.user, pk)
    if not selectors.runs_meetings_of(request.user, meeting.structure):
        raise PermissionDenied
    return meeting


def detailed(pk: int) -> Meeting:
    items = AgendaItem.objects.select_related("task", "task__institution")
    return Meeting.objects.prefetch_related(
        Prefetch("items", queryset=items), "attendance", "decisions", "tasks"
    ).get(pk=pk)


# --- Output ------------------------------------------------------------------------------


class MeetingOut(serializers.ModelSerializer[Meeting]):
    structure_name = serializers.CharField(source="structure.name", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "structure",
            "structure_name",
            "starts_at",
            "ends_at",
            "place",
            "convened_by",
            "status",
            "proposals_until",
            "version",
        ]


class ItemOut(serializers.ModelSerializer[AgendaItem]):
    title = serializers.CharField(source="display_title", read_only=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "order",
            "kind",
            "title",
            "description",
            "status",
            "case_code",
            "discussion",
            "task",
            "proposed_by_institution",
        ]


class AttendanceOut(serializers.ModelSerializer[Attendance]):
    class Meta:
        model = Attendance
        fields = ["institution", "presence", "representative"]


class DecisionOut(serializers.ModelSerializer[Decision]):
    class Meta:
        model = Decision
        fields = ["id", "item", "text", "consensus"]


class TaskOut(serializers.ModelSerializer[Task]):
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "structure",
            "meeting",
            "decision",
            "description",
            "institution",
            "person",
            "due_on",
            "status",
            "done_on",
            "version",
            "is_overdue",
        ]


class MeetingDetailOut(MeetingOut):
    items = ItemOut(many=True, read_only=True)
    attendance = AttendanceOut(many=True, read_only=True)
    decisions = DecisionOut(many=True, read_only=True)
    tasks = TaskOut(many=True, read_only=True)

    class Meta(MeetingOut.Meta):
        fields = [
            *MeetingOut.Meta.fields,
            "minutes_summary",
            "items",
            "attendance",
            "decisions",
            "tasks",
        ]


# --- Meetings ----------------------------------------------------------------------------


class MeetingIn(serializers.Serializer[Any]):
    structure = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200)
    proposals_until = serializers.DateTimeField(required=False, allow_null=True)


class MeetingFilter(serializers.Serializer[Any]):
    structure = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    upcoming = serializers.BooleanField(required=False, help_text=_lazy("Only meetings to come"))


class MeetingListCreate(GenericAPIView[Meeting]):
    """Meetings of the structures the caller sees (``?structure=`` to narrow), and planning
    one (for the structure's chair and secretariat)."""

    serializer_class = MeetingOut

    def get_queryset(self) -> Any:
        return selectors.meetings_visible_to(self.request.user).order_by("-starts_at")

    @extend_schema(
        operation_id="meetings_list",
        parameters=[MeetingFilter],
        responses=MeetingOut(many=True),
    )
    def get(self, request: Request) -> Response:
        meetings = self.get_queryset()
        given = query_params(MeetingFilter, request)
        if given.get("structure"):
            meetings = meetings.filter(structure_id=given["structure"])
        if given.get("upcoming"):
            meetings = meetings.filter(starts_at__gte=timezone.now()).order_by("starts_at")
        page = self.paginate_queryset(meetings)
        return self.get_paginated_response(MeetingOut(page, many=True).data)

    @extend_schema(request=MeetingIn, responses={201: MeetingDetailOut})
    def post(self, request: Request) -> Response:
        given = MeetingIn(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        structure = get_structure_for_user(request.user, data["structure"])
        if not selectors.runs_meetings_of(request.user, structure):
            raise PermissionDenied
        if names_a_person(data["place"], structure):
            raise ValidationError({"place": [_("This text seems to name a person in a case.")]})
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
            raise refused(exc) from exc
        return Response(MeetingDetailOut(detailed(meeting.pk)).data, status=status.HTTP_201_CREATED)


class MeetingDetail(APIView):
    @extend_schema(responses=MeetingDetailOut)
    def get(self, request: Request, pk: int) -> Response:
        meeting = selectors.get_meeting_for_user(request.user, pk)
        return Response(MeetingDetailOut(detailed(meeting.pk)).data)


class ItemIn(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ItemPropose(APIView):
    """A member institution proposes an agenda item while proposals are open."""

    @extend_schema(request=ItemIn, responses={201: ItemOut})
    def post(self, request: Request, pk: int) -> Response:
        meeting = selectors.get_meeting_for_user(request.user, pk)
        if not selectors.is_member_of(request.user, meeting.structure):
            raise PermissionDenied
        given = ItemIn(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            item = item_propose(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                title=given.validated_data["title"],
                description=given.validated_data.get("description", ""),
            )
        except MeetingError as exc:
            raise refused(exc) from exc
        return Response(ItemOut(item).data, status=status.HTTP_201_CREATED)


class PublishIn(serializers.Serializer[Any]):
    version = serializers.IntegerField(min_value=1)
    accepted = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    notify = serializers.BooleanField(default=False)


class AgendaPublish(APIView):
    """Publish the agenda: ``accepted`` proposals in that order, the rest declined."""

    @extend_schema(request=PublishIn, responses=MeetingDetailOut)
    def post(self, request: Request, pk: int) -> Response:
        meeting = runner_meeting(request, pk)
        given = PublishIn(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        if meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
            raise ValidationError({"non_field_errors": [_("This meeting is over.")]})
        try:
            meeting = agenda_publish(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                expected_version=data["version"],
                accepted=data["accepted"],
            )
        except MeetingError as exc:
            raise conflict_or_refused(exc, Meeting, meeting.pk, data["version"]) from exc
        if data["notify"]:
            notify.agenda_send(meeting)
        return Response(MeetingDetailOut(detailed(meeting.pk)).data)


class AttendanceRowIn(serializers.Serializer[Any]):
    institution = serializers.IntegerField()
    presence = serializers.ChoiceField(choices=Presence.choices)
    representative = serializers.IntegerField(required=False, allow_null=True)


class AttendanceIn(serializers.Serializer[Any]):
    rows = AttendanceRowIn(many=True)


class AttendanceRecord(APIView):
    @extend_schema(request=AttendanceIn, responses=AttendanceOut(many=True))
    def post(self, request: Request, pk: int) -> Response:
        meeting = runner_meeting(request, pk)
        given = AttendanceIn(data=request.data)
        given.is_valid(raise_exception=True)
        rows = [
            (
                member(meeting.structure, row["institution"]),
                row["presence"],
                contact(request.user, row.get("representative"), "representative"),
            )
            for row in given.validated_data["rows"]
        ]
        try:
            attendance_record(actor=request.user, meeting=meeting, rows=rows)  # type: ignore[arg-type]
        except MeetingError as exc:
            raise refused(exc) from exc
        return Response(AttendanceOut(meeting.attendance.all(), many=True).data)


class DiscussionIn(serializers.Serializer[Any]):
    item = serializers.IntegerField()
    text = serializers.CharField(allow_blank=True, max_length=20000)


class MinutesIn(serializers.Serializer[Any]):
    version = serializers.IntegerField(min_value=1)
    summary = serializers.CharField(allow_blank=True, max_length=20000)
    discussions = DiscussionIn(many=True, required=False)
    notify = serializers.BooleanField(default=False)


class MinutesRecord(APIView):
    """The general discussion and the discussion per item; the meeting is then held."""

    @extend_schema(request=MinutesIn, responses=MeetingDetailOut)
    def post(self, request: Request, pk: int) -> Response:
        meeting = runner_meeting(request, pk)
        given = MinutesIn(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            meeting = minutes_record(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                expected_version=data["version"],
                summary=data["summary"],
                discussions={d["item"]: d["text"] for d in data.get("discussions", [])},
            )
        except MeetingError as exc:
            raise conflict_or_refused(exc, Meeting, meeting.pk, data["version"]) from exc
        if data["notify"]:
            notify.minutes_send(meeting)
        return Response(MeetingDetailOut(detailed(meeting.pk)).data)


class DecisionIn(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=5000)
    item = serializers.IntegerField(required=False, allow_null=True)
    consensus = serializers.BooleanField(required=False, allow_null=True, default=None)


class DecisionCreate(APIView):
    @extend_schema(request=DecisionIn, responses={201: DecisionOut})
    def post(self, request: Request, pk: int) -> Response:
        meeting = runner_meeting(request, pk)
        given = DecisionIn(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        item = None
        if data.get("item") is not None:
            item = meeting.items.filter(pk=data["item"]).first()
            if item is None:
                raise ValidationError({"item": [_("Not an item of this meeting.")]})
        try:
            decision = decision_record(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                text=data["text"],
                item=item,
                consensus=data.get("consensus"),
            )
        except MeetingError as exc:
            raise refused(exc) from exc
        return Response(DecisionOut(decision).data, status=status.HTTP_201_CREATED)
