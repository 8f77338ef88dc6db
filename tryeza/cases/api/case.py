"""The case itself: list and registration, detail, reveal, status, counts, timeline and
the access log. Every read through ``access``, every write through ``services``."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tryeza.cases.access import (
    case_counts_by_region,
    cases_visible_to,
    get_case_log_for_user,
    reveal_purposes,
    works_cases,
)
from tryeza.cases.api.base import IDENTITY_CHOICES, MAX_VERSION, CaseAPIView, actor, refusals
from tryeza.cases.api.registration import CaseRegistrationIn, possible_earlier_record
from tryeza.cases.choices import (
    Channel,
    ClosureReason,
    Purpose,
    Stage,
    Status,
)
from tryeza.cases.forms import CaseFilterForm
from tryeza.cases.models import IDENTITY_FIELDS, Case, CaseAccess
from tryeza.cases.services import (
    case_change_status,
    case_register,
    identity_find_matches,
    identity_reveal,
)
from tryeza.cases.timeline import case_timeline
from tryeza.geography.models import Region
from tryeza.paging import Counted


class CaseOut(serializers.ModelSerializer[Case]):
    """A case's anonymous facts: what the team sees before anyone reveals the person."""

    region = serializers.CharField(source="region.code")
    municipality = serializers.CharField(source="municipality.code", allow_null=True)
    identified_in = serializers.CharField(source="identified_in.code", allow_null=True)
    lead_institution = serializers.IntegerField(source="lead_institution_id")
    identifying_institution = serializers.IntegerField(
        source="identifying_institution_id", allow_null=True
    )

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
            "identifying_institution",
            "identified_on",
            "identified_in",
            "sex",
            "age_band",
            "citizenship",
            "exploitation",
            "labour_kind",
            "means_of_control",
            "recruiter_relation",
            "exploited_where",
            "duration",
            "risk_level",
            "next_follow_up",
            "lead_institution",
            "version",
        ]


class TeamMemberOut(serializers.Serializer[Any]):
    institution = serializers.IntegerField(source="institution_id")
    name = serializers.CharField(source="institution.name")
    is_lead = serializers.BooleanField()


class CaseDetailOut(CaseOut):
    """The case with its team, and the purposes the caller may state to reveal."""

    team = serializers.SerializerMethodField()
    reveal_purposes = serializers.SerializerMethodField()

    class Meta(CaseOut.Meta):
        fields = [*CaseOut.Meta.fields, "team", "reveal_purposes"]

    @extend_schema_field(TeamMemberOut(many=True))
    def get_team(self, case: Case) -> Any:
        team = case.team.select_related("institution").order_by("-is_lead", "institution__name")
        return TeamMemberOut(team, many=True).data

    def get_reveal_purposes(self, case: Case) -> list[str]:
        return [purpose.value for purpose in reveal_purposes(self.context["request"].user)]


def _form_errors(form: Any) -> ValidationError:
    return ValidationError({name: list(errors) for name, errors in form.errors.items()})


FILTERS = [
    OpenApiParameter(name, str, description=str(field.label))
    for name, field in CaseFilterForm.base_fields.items()
]


class CaseListCreate(CaseAPIView):
    """Cases on the caller's teams (anonymous facts only), and registration of a case.
    Anyone who is not a case worker gets an empty list: figures are at ``cases/counts/``."""

    serializer_class = CaseOut

    def get_queryset(self) -> QuerySet[Case]:
        return (
            cases_visible_to(self.request.user)
            .select_related("region", "municipality", "identified_in")
            .order_by("-year", "-number")
        )

    @extend_schema(parameters=FILTERS, responses=CaseOut(many=True))
    def get(self, request: Request) -> Response:
        form = CaseFilterForm(request.query_params)
        if not form.is_valid():
            raise _form_errors(form)
        counted = form.apply(cases_visible_to(request.user, from_team_list=form.unindexed()))
        listed = Counted(form.apply(self.get_queryset()), counted)
        # DRF hands it to Django's paginator, which asks only count() and slices.
        page = self.paginate_queryset(cast("QuerySet[Case]", listed))
        return self.get_paginated_response(CaseOut(page, many=True).data)

    @extend_schema(request=CaseRegistrationIn, responses={201: CaseOut})
    def post(self, request: Request) -> Response:
        user = actor(request)
        if not works_cases(user) or user.institution is None or user.institution.region is None:
            raise NotFound
        given = CaseRegistrationIn(data=request.data, region=user.institution.region)
        given.is_valid(raise_exception=True)
        identity = given.identity()
        if not given.validated_data["confirm_new"]:
            # Offer the possible earlier records before creating a second one.
            found = identity_find_matches(actor=user, identity=identity)
            if found.visible or found.elsewhere:
                raise ValidationError({"confirm_new": [possible_earlier_record(found)]})
        with refusals():
            case = case_register(
                actor=user,
                draft=given.draft(),
                identity=identity,
                team=given.validated_data.get("team", []),
            )
        return Response(CaseOut(case).data, status=status.HTTP_201_CREATED)


class CaseDetail(CaseAPIView):
    """One case's anonymous facts and team. Every answer is recorded in the access log."""

    serializer_class = CaseDetailOut

    def get(self, request: Request, code: str) -> Response:
        return Response(CaseDetailOut(self.viewed(), context={"request": request}).data)


class RevealIn(serializers.Serializer[Any]):
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    show = serializers.MultipleChoiceField(
        choices=IDENTITY_CHOICES,
        required=False,
        help_text=gettext_lazy("The identifiers to show; all of them when left out."),
    )


class RevealOut(serializers.Serializer[Any]):
    """The identifiers asked for, and only those."""

    first_name = serializers.CharField(required=False)
    last_name = serializers.CharField(required=False)
    other_names = serializers.CharField(required=False)
    date_of_birth = serializers.CharField(required=False)
    id_number = serializers.CharField(required=False)
    address = serializers.CharField(required=False)
    phone = serializers.CharField(required=False)
    family_members = serializers.CharField(required=False)
    guardian = serializers.CharField(required=False)


class CaseReveal(CaseAPIView):
    """Identifiers of a case for a stated purpose: recorded with the fields and purpose,
    shown in this answer only, never cached."""

    serializer_class = RevealIn

    @extend_schema(request=RevealIn, responses={200: RevealOut})
    def post(self, request: Request, code: str) -> Response:
        case = self.get_case()
        given = RevealIn(data=request.data)
        given.is_valid(raise_exception=True)
        purpose = given.validated_data["purpose"]
        if purpose not in reveal_purposes(request.user):
            raise ValidationError({"purpose": [_("You cannot see identifiers for that purpose.")]})
        with refusals():
            values = identity_reveal(
                actor=actor(request),
                case=case,
                purpose=purpose,
                fields=given.validated_data.get("show") or IDENTITY_FIELDS,
                channel=Channel.API,
            )
        return Response(values)


class StatusIn(serializers.Serializer[Any]):
    version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_VERSION,
        help_text=gettext_lazy("The case version the change starts from."),
    )
    stage = serializers.ChoiceField(choices=Stage.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    closure_reason = serializers.ChoiceField(
        choices=ClosureReason.choices, required=False, allow_blank=True
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["status"] == Status.CLOSED and not attrs.get("closure_reason"):
            raise ValidationError({"closure_reason": [_("Say why the case is closed.")]})
        return attrs


class CaseStatus(CaseAPIView):
    """Move a case to a stage and status. A stale ``version`` answers 409 and changes
    nothing."""

    serializer_class = StatusIn

    @extend_schema(request=StatusIn, responses={200: CaseOut})
    def post(self, request: Request, code: str) -> Response:
        case = self.get_case()
        given = StatusIn(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        with refusals():
            case = case_change_status(
                actor=actor(request),
                case=case,
                expected_version=data["version"],
                stage=data["stage"],
                status=data["status"],
                closure_reason=data.get("closure_reason", ""),
                note=data.get("note", ""),
            )
        return Response(CaseOut(case).data)


class EventOut(serializers.Serializer[Any]):
    day = serializers.DateField()
    what = serializers.CharField()
    detail = serializers.CharField()


class CaseTimeline(CaseAPIView):
    """What happened in the case, oldest first. Police cooperation stays out of it."""

    serializer_class = EventOut
    pagination_class = None

    @extend_schema(responses=EventOut(many=True))
    def get(self, request: Request, code: str) -> Response:
        return Response(EventOut(case_timeline(self.viewed()), many=True).data)


class AccessOut(serializers.ModelSerializer[CaseAccess]):
    user = serializers.CharField(source="user.username")
    user_name = serializers.CharField(source="user.get_full_name")
    institution = serializers.CharField(source="user.institution.name", allow_null=True)

    class Meta:
        model = CaseAccess
        fields = ["at", "user", "user_name", "institution", "channel", "fields", "purpose"]


class CaseAccessLog(CaseAPIView):
    """Who looked at the case, newest first: for the lead institution's workers and the
    data-protection officers. Field names and purposes, never values."""

    serializer_class = AccessOut

    @extend_schema(responses=AccessOut(many=True))
    def get(self, request: Request, code: str) -> Response:
        case = get_case_log_for_user(request.user, code)
        accesses = CaseAccess.objects.filter(case=case).select_related("user__institution")
        page = self.paginate_queryset(accesses)
        return self.get_paginated_response(AccessOut(page, many=True).data)


class CaseCounts(APIView):
    """Cases per region (ISO code) and status in the caller's reach: numbers, never cases."""

    @extend_schema(
        responses={
            200: {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": {"type": "integer"},
                },
            }
        }
    )
    def get(self, request: Request) -> Response:
        counts = case_counts_by_region(request.user)
        codes = dict(Region.objects.filter(pk__in=counts).values_list("pk", "code"))
        return Response({codes[pk]: by_status for pk, by_status in counts.items()})
