"""The care pathway of a case: screening, rights, police cooperation (kept apart), needs
assessment, follow-up and escalation (the plan is in ``plan``). Each kind of record is
listed with GET (recorded as a view of the case) and added with POST through its service."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tryeza.cases.access import escalations_visible_to
from tryeza.cases.api.base import (
    CaseAPIView,
    CaseRecords,
    PastDateField,
    recorded_by,
    records_schema,
)
from tryeza.cases.choices import (
    Cooperation,
    EscalationReason,
    FollowUpKind,
    SchoolStatus,
)
from tryeza.cases.indicators import INDICATORS, RiskLevel
from tryeza.cases.models import (
    Case,
    Escalation,
    FollowUp,
    NeedsAssessment,
    PoliceCooperation,
    RightsInformation,
    Screening,
)
from tryeza.cases.services import (
    assessment_record,
    cooperation_record,
    escalation_create,
    followup_record,
    rights_record,
    screening_record,
)
from tryeza.cases.services.care import ESCALATION_TARGETS
from tryeza.directory.models import ServiceType, Structure

# --- Screening -----------------------------------------------------------------------------


class ScreeningIn(serializers.Serializer[Any]):
    screened_on = PastDateField()
    indicators = serializers.MultipleChoiceField(
        choices=[(indicator.code, indicator.code) for indicator in INDICATORS],
        allow_empty=True,
        default=set,
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    def validate_indicators(self, value: set[str]) -> list[str]:
        return sorted(value)


class ScreeningOut(serializers.ModelSerializer[Screening]):
    by = recorded_by()

    class Meta:
        model = Screening
        fields = ["id", "screened_on", "by", "indicators", "score", "level", "note"]


@records_schema
class Screenings(CaseRecords):
    """Vulnerability screenings; each explains its level by the indicators and score."""

    given, output, related = ScreeningIn, ScreeningOut, "screenings"
    write = staticmethod(screening_record)


# --- Rights and police cooperation ---------------------------------------------------------


class RightsIn(serializers.Serializer[Any]):
    informed_on = PastDateField()
    language = serializers.CharField(max_length=40, required=False, allow_blank=True)
    interpreter = serializers.BooleanField(default=False)


class RightsOut(serializers.ModelSerializer[RightsInformation]):
    by = recorded_by()

    class Meta:
        model = RightsInformation
        fields = ["id", "informed_on", "by", "language", "interpreter"]


@records_schema
class Rights(CaseRecords):
    """The person was informed of their rights and of the services to choose from."""

    given, output, related = RightsIn, RightsOut, "rights_informed"
    write = staticmethod(rights_record)


class CooperationIn(serializers.Serializer[Any]):
    recorded_on = PastDateField()
    status = serializers.ChoiceField(choices=Cooperation.choices)


class CooperationOut(serializers.ModelSerializer[PoliceCooperation]):
    by = recorded_by()

    class Meta:
        model = PoliceCooperation
        fields = ["id", "recorded_on", "by", "status"]


@records_schema
class CooperationRecords(CaseRecords):
    """The person's choice about cooperating with police. Nothing else reads it: no
    service, referral or plan depends on it."""

    given, output, related = CooperationIn, CooperationOut, "cooperation"
    write = staticmethod(cooperation_record)


# --- Needs ---------------------------------------------------------------------------------


class AssessmentIn(serializers.Serializer[Any]):
    assessed_on = PastDateField()
    assessor_position = serializers.CharField(
        max_length=120, help_text=gettext_lazy("For example: licensed social worker.")
    )
    needs = serializers.MultipleChoiceField(
        choices=ServiceType.choices, allow_empty=True, default=set
    )
    summary = serializers.CharField(max_length=4000, required=False, allow_blank=True)

    def validate_needs(self, value: set[str]) -> list[str]:
        return sorted(value)


class AssessmentOut(serializers.ModelSerializer[NeedsAssessment]):
    by = recorded_by()

    class Meta:
        model = NeedsAssessment
        fields = ["id", "assessed_on", "by", "assessor_position", "needs", "summary"]


@records_schema
class Assessments(CaseRecords):
    """Needs assessments by a qualified social worker."""

    given, output, related = AssessmentIn, AssessmentOut, "assessments"
    write = staticmethod(assessment_record)


# --- Follow-up and escalation --------------------------------------------------------------


class FollowUpIn(serializers.Serializer[Any]):
    on = PastDateField()
    kind = serializers.ChoiceField(choices=FollowUpKind.choices)
    school = serializers.ChoiceField(
        choices=SchoolStatus.choices, default=SchoolStatus.NOT_APPLICABLE
    )
    working = serializers.BooleanField(allow_null=True, required=False, default=None)
    retrafficking_risk = serializers.ChoiceField(choices=RiskLevel.choices)
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    next_due = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("next_due") and attrs["next_due"] < attrs["on"]:
            raise serializers.ValidationError(
                {"next_due": [_("The next follow-up cannot be due before this one.")]}
            )
        return attrs


class FollowUpOut(serializers.ModelSerializer[FollowUp]):
    by = recorded_by()

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "on",
            "by",
            "kind",
            "school",
            "working",
            "retrafficking_risk",
            "note",
            "next_due",
        ]


@records_schema
class FollowUps(CaseRecords):
    """Follow-up on the way to reintegration; the latest sets the next due date."""

    given, output, related = FollowUpIn, FollowUpOut, "follow_ups"
    write = staticmethod(followup_record)


class EscalationIn(serializers.Serializer[Any]):
    structure = serializers.PrimaryKeyRelatedField(
        queryset=Structure.objects.none(),
        help_text=gettext_lazy("The table or committee of the case's region."),
    )
    reason = serializers.ChoiceField(choices=EscalationReason.choices)
    note = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Read outside the team: write no name."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "case" in self.context:
            self.fields["structure"].queryset = Structure.objects.filter(  # type: ignore[attr-defined]
                region=self.context["case"].region_id,
                kind__in=ESCALATION_TARGETS,
                is_active=True,
            )


class EscalationOut(serializers.ModelSerializer[Escalation]):
    by = recorded_by()
    structure_name = serializers.CharField(source="structure.name", read_only=True)

    class Meta:
        model = Escalation
        fields = ["id", "structure", "structure_name", "reason", "note", "at", "by", "resolved_at"]


@records_schema
class Escalations(CaseRecords):
    """Escalations of the case to its region's table or committee."""

    given, output, related = EscalationIn, EscalationOut, "escalations"
    write = staticmethod(escalation_create)

    def records(self, case: Case) -> QuerySet[Any]:
        return case.escalations.select_related("structure", "by")


class EscalatedOut(serializers.ModelSerializer[Escalation]):
    case = serializers.CharField(source="case.code")
    structure_name = serializers.CharField(source="structure.name")

    class Meta:
        model = Escalation
        fields = [
            "id",
            "case",
            "structure",
            "structure_name",
            "reason",
            "note",
            "at",
            "resolved_at",
        ]


class EscalatedCases(CaseAPIView):
    """Cases escalated to the tables and committees the caller's institution sits on: by
    code, reason and note only. The case itself stays with its team."""

    serializer_class = EscalatedOut

    @extend_schema(responses=EscalatedOut(many=True))
    def get(self, request: Request) -> Response:
        escalations = escalations_visible_to(request.user).order_by("resolved_at", "-at", "-id")
        page = self.paginate_queryset(escalations)
        return self.get_paginated_response(EscalatedOut(page, many=True).data)
