"""Case endpoints, under the same door (``access``) and services as the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tryeza.cases.access import (
    case_counts_by_region,
    cases_visible_to,
    get_case_for_user,
    reveal_purposes,
    works_cases,
)
from tryeza.cases.choices import Channel, ClosureReason, Purpose, Stage, Status
from tryeza.cases.forms import CaseFilterForm, CaseRegistrationForm
from tryeza.cases.models import IDENTITY_FIELDS, Case
from tryeza.cases.services import (
    CaseError,
    VersionConflict,
    case_change_status,
    case_record_view,
    case_register,
    identity_reveal,
)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class CaseOut(serializers.ModelSerializer[Case]):
    region = serializers.CharField(source="region.code")
    municipality = serializers.CharField(source="municipality.code", allow_null=True)
    lead_institution = serializers.IntegerField(source="lead_institution_id")

    class Meta:
        model = Case
        fields = [
            "code",
            "region",
            "municipality",
            "stage",
            "status",
            "closure_reason",
            "identification_kind",
            "identified_by",
            "identified_on",
            "sex",
            "age_band",
            "citizenship",
            "exploitation",
            "labour_kind",
            "recruiter_relation",
            "exploited_where",
            "duration",
            "lead_institution",
            "version",
        ]


def _form_errors(form: Any) -> ValidationError:
    return ValidationError({name: list(errors) for name, errors in form.errors.items()})


class CaseListCreate(GenericAPIView[Case]):
    """Cases on the caller's teams (anonymous facts only), and registration of a case."""

    serializer_class = CaseOut

    def get_queryset(self) -> Any:
        return (
            cases_visible_to(self.request.user)
            .select_related("region", "municipality")
            .order_by("-year", "-number")
        )

    def get(self, request: Request) -> Response:
        form = CaseFilterForm(request.query_params)
        if not form.is_valid():
            raise _form_errors(form)
        page = self.paginate_queryset(form.apply(self.get_queryset()))
        return self.get_paginated_response(CaseOut(page, many=True).data)

    @extend_schema(request=None, responses={201: CaseOut})
    def post(self, request: Request) -> Response:
        user: Any = request.user
        if not works_cases(user) or user.institution.region is None:
            raise NotFound
        # The registration form is the one boundary for this input, page or API.
        data = request.data.copy() if hasattr(request.data, "copy") else dict(request.data)
        form = CaseRegistrationForm(data, region=user.institution.region)
        if not form.is_valid():
            raise _form_errors(form)
        try:
            case = case_register(
                actor=user,
                draft=form.draft(),
                identity=form.identity(),
                team=form.cleaned_data["team"],
            )
        except CaseError as exc:
            raise ValidationError({"non_field_errors": [str(exc)]}) from exc
        return Response(CaseOut(case).data, status=status.HTTP_201_CREATED)


class CaseDetail(APIView):
    """One case's anonymous facts. Every answer is recorded in the case's access log."""

    @extend_schema(responses=CaseOut)
    def get(self, request: Request, code: str) -> Response:
        case = get_case_for_user(request.user, code)
        case_record_view(actor=request.user, case=case, channel=Channel.API)  # type: ignore[arg-type]
        return Response(CaseOut(case).data)


class RevealIn(serializers.Serializer[Any]):
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    show = serializers.MultipleChoiceField(
        choices=[(name, name) for name in IDENTITY_FIELDS], required=False
    )


class CaseReveal(APIView):
    """Identifiers of a case for a stated purpose; recorded, and never cached."""

    @extend_schema(request=RevealIn, responses={200: dict[str, str]})
    def post(self, request: Request, code: str) -> Response:
        case = get_case_for_user(request.user, code)
        given = RevealIn(data=request.data)
        given.is_valid(raise_exception=True)
        purpose = given.validated_data["purpose"]
        if purpose not in reveal_purposes(request.user):
            raise ValidationError({"purpose": [_("You cannot see identifiers for that purpose.")]})
        values = identity_reveal(
            actor=request.user,  # type: ignore[arg-type]
            case=case,
            purpose=purpose,
            fields=given.validated_data.get("show") or IDENTITY_FIELDS,
            channel=Channel.API,
        )
        response = Response(values)
        response["Cache-Control"] = "no-store, private"
        return response


class StatusIn(serializers.Serializer[Any]):
    version = serializers.IntegerField(min_value=1)
    stage = serializers.ChoiceField(choices=Stage.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    closure_reason = serializers.ChoiceField(
        choices=ClosureReason.choices, required=False, allow_blank=True
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class CaseStatus(APIView):
    """Move a case to a stage and status. A stale ``version`` answers 409 and changes
    nothing."""

    @extend_schema(request=StatusIn, responses={200: CaseOut})
    def post(self, request: Request, code: str) -> Response:
        case = get_case_for_user(request.user, code)
        given = StatusIn(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            case = case_change_status(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                expected_version=data["version"],
                stage=data["stage"],
                status=data["status"],
                closure_reason=data.get("closure_reason", ""),
                note=data.get("note", ""),
            )
        except VersionConflict as exc:
            raise Conflict(str(exc)) from exc
        except CaseError as exc:
            raise ValidationError({"non_field_errors": [str(exc)]}) from exc
        return Response(CaseOut(case).data)


class CaseCounts(APIView):
    """Cases per region and status in the caller's reach: numbers, never cases."""

    @extend_schema(responses={200: dict[str, dict[str, int]]})
    def get(self, request: Request) -> Response:
        from tryeza.geography.models import Region

        counts = case_counts_by_region(request.user)
        codes = dict(Region.objects.filter(pk__in=counts).values_list("pk", "code"))
        return Response({codes[pk]: by_status for pk, by_status in counts.items()})
