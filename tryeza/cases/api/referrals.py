"""Referrals with the person's consent. The team sends a case to one or several
institutions at once; the receiving institution sees the parts the person agreed to share
and nothing else, answers, and may reveal the identifiers it was given for a purpose."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from tryeza.cases.access import get_referral_for_user, referrals_received_by, reveal_purposes
from tryeza.cases.api.base import IDENTITY_CHOICES, CaseAPIView, PastDateField, actor, refusals
from tryeza.cases.api.case import RevealIn, RevealOut
from tryeza.cases.choices import CasePart, Channel
from tryeza.cases.forms import PROFILE_FIELDS
from tryeza.cases.models import (
    Case,
    FollowUp,
    NeedsAssessment,
    PlannedService,
    Referral,
    Screening,
)
from tryeza.cases.services import (
    case_record_view,
    identity_reveal_referred,
    provider_offers,
    referral_respond,
    referral_send,
)
from tryeza.directory.models import Institution, ServiceType
from tryeza.directory.selectors import institutions_visible_to
from tryeza.geography.models import Municipality

# --- Sent by the team ----------------------------------------------------------------------


class ReferralIn(serializers.Serializer[Any]):
    to = serializers.PrimaryKeyRelatedField(
        many=True,
        allow_empty=False,
        queryset=Institution.objects.none(),
        help_text=gettext_lazy("Several institutions are notified at once, in one batch."),
    )
    service = serializers.ChoiceField(
        choices=ServiceType.choices,
        allow_blank=True,
        default="",
        help_text=gettext_lazy(
            "Left blank, a notification only; with a service, every receiver must offer it."
        ),
    )
    destination = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Municipality.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("For a shelter referral: the municipality the person chose."),
    )
    consent_given_on = PastDateField()
    consent_parts = serializers.MultipleChoiceField(
        choices=CasePart.choices, allow_empty=True, default=set
    )
    consent_identity_fields = serializers.MultipleChoiceField(
        choices=IDENTITY_CHOICES, allow_empty=True, default=set
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            receivers = institutions_visible_to(self.context["request"].user)
            self.fields["to"].child_relation.queryset = receivers  # type: ignore[attr-defined]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        service = attrs["service"]
        refused = [str(i) for i in attrs["to"] if service and not provider_offers(i, service)]
        if refused:
            raise ValidationError(
                {"to": [_("%(names)s do not offer this service.") % {"names": ", ".join(refused)}]}
            )
        attrs["consent_parts"] = sorted(attrs["consent_parts"])
        attrs["consent_identity_fields"] = sorted(attrs["consent_identity_fields"])
        return attrs


class ReferralOut(serializers.ModelSerializer[Referral]):
    to_institution_name = serializers.CharField(source="to_institution.name")
    destination = serializers.CharField(source="destination.code", allow_null=True)
    response_time = serializers.DurationField(allow_null=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "batch",
            "to_institution",
            "to_institution_name",
            "service",
            "destination",
            "consent_given_on",
            "consent_parts",
            "consent_identity_fields",
            "status",
            "sent_at",
            "responded_at",
            "response_reason",
            "response_time",
        ]


class BatchOut(serializers.Serializer[Any]):
    """Referrals sent together: one notification to several institutions."""

    batch = serializers.UUIDField()
    referrals = ReferralOut(many=True)


class CaseReferrals(CaseAPIView):
    """GET: the referrals sent for the case. POST: refer it to one or several institutions
    at once, each receiving only the parts the person consented to."""

    serializer_class = ReferralOut

    @extend_schema(responses=ReferralOut(many=True))
    def get(self, request: Request, code: str) -> Response:
        referrals = self.viewed().referrals.select_related("to_institution", "destination")
        page = self.paginate_queryset(referrals)
        return self.get_paginated_response(ReferralOut(page, many=True).data)

    @extend_schema(request=ReferralIn, responses={201: BatchOut})
    def post(self, request: Request, code: str) -> Response:
        case = self.get_case()
        given = ReferralIn(data=request.data, context={"request": request})
        given.is_valid(raise_exception=True)
        with refusals():
            sent = referral_send(actor=actor(request), case=case, **given.validated_data)
        batch = BatchOut({"batch": sent[0].batch, "referrals": sent})
        return Response(batch.data, status=status.HTTP_201_CREATED)


# --- Received by an institution ------------------------------------------------------------


class ReceivedOut(serializers.ModelSerializer[Referral]):
    """A referral as the receiver sees it: the case code and what was asked, no more."""

    case = serializers.CharField(source="case.code")
    from_institution_name = serializers.CharField(source="from_institution.name")
    destination = serializers.CharField(source="destination.code", allow_null=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "case",
            "from_institution",
            "from_institution_name",
            "service",
            "destination",
            "consent_given_on",
            "consent_parts",
            "consent_identity_fields",
            "status",
            "sent_at",
            "responded_at",
        ]


class ProfileOut(serializers.ModelSerializer[Case]):
    class Meta:
        model = Case
        fields = [*PROFILE_FIELDS, "means_of_control"]


class SharedScreeningOut(serializers.ModelSerializer[Screening]):
    class Meta:
        model = Screening
        fields = ["screened_on", "indicators", "score", "level", "note"]


class SharedAssessmentOut(serializers.ModelSerializer[NeedsAssessment]):
    class Meta:
        model = NeedsAssessment
        fields = ["assessed_on", "assessor_position", "needs", "summary"]


class SharedServiceOut(serializers.ModelSerializer[PlannedService]):
    provider_name = serializers.CharField(source="provider.name")

    class Meta:
        model = PlannedService
        fields = ["service", "provider_name", "status", "planned_on", "started_on", "ended_on"]


class SharedFollowUpOut(serializers.ModelSerializer[FollowUp]):
    class Meta:
        model = FollowUp
        fields = ["on", "kind", "school", "working", "retrafficking_risk", "note", "next_due"]


class ReceivedDetailOut(ReceivedOut):
    """The referral with the consented parts of the case. A part the person did not agree
    to share is absent from the answer, not empty."""

    profile = ProfileOut(required=False)
    screenings = SharedScreeningOut(many=True, required=False)
    assessments = SharedAssessmentOut(many=True, required=False)
    services = SharedServiceOut(many=True, required=False)
    follow_ups = SharedFollowUpOut(many=True, required=False)

    class Meta(ReceivedOut.Meta):
        fields = [
            *ReceivedOut.Meta.fields,
            "profile",
            "screenings",
            "assessments",
            "services",
            "follow_ups",
        ]


def shared_parts(referral: Referral) -> dict[str, Any]:
    """The parts of the case the person consented to share with the receiver; each part
    is read only when consented, so nothing else is even loaded."""
    case, parts = referral.case, set(referral.consent_parts)
    shared: dict[str, Any] = {}
    if CasePart.PROFILE in parts:
        shared["profile"] = ProfileOut(case).data
    if CasePart.SCREENING in parts:
        shared["screenings"] = SharedScreeningOut(case.screenings.all(), many=True).data
    if CasePart.NEEDS in parts:
        shared["assessments"] = SharedAssessmentOut(case.assessments.all(), many=True).data
        services = case.services.select_related("provider")
        shared["services"] = SharedServiceOut(services, many=True).data
    if CasePart.FOLLOW_UP in parts:
        shared["follow_ups"] = SharedFollowUpOut(case.follow_ups.all(), many=True).data
    return shared


class ReceivedView(CaseAPIView):
    serializer_class = ReceivedOut

    def get_referral(self) -> Referral:
        """A referral to the caller's institution that still opens the case to it; any
        other number, existing or not, is the same 404."""
        if not hasattr(self, "_referral"):
            self._referral = get_referral_for_user(self.request.user, self.kwargs["pk"])
        return self._referral


class ReferralsReceived(ReceivedView):
    """Referrals to the caller's institution, open or accepted, newest first."""

    def get_queryset(self) -> QuerySet[Referral]:
        return referrals_received_by(self.request.user).select_related("destination")

    @extend_schema(responses=ReceivedOut(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ReceivedOut(page, many=True).data)


class ReferralReceived(ReceivedView):
    """One referral with the parts of the case the person consented to share with the
    receiving institution. Recorded in the case's access log."""

    serializer_class = ReceivedDetailOut

    def get(self, request: Request, pk: int) -> Response:
        referral = self.get_referral()
        case_record_view(actor=actor(request), case=referral.case, channel=Channel.API)
        return Response({**ReceivedOut(referral).data, **shared_parts(referral)})


class AcceptReferral(ReceivedView):
    """The receiving institution accepts the referral."""

    @extend_schema(request=None, responses={200: ReceivedOut})
    def post(self, request: Request, pk: int) -> Response:
        with refusals():
            referral = referral_respond(
                actor=actor(request), referral=self.get_referral(), accept=True
            )
        return Response(ReceivedOut(referral).data)


class DeclineIn(serializers.Serializer[Any]):
    reason = serializers.CharField(
        max_length=300,
        error_messages={
            "required": gettext_lazy("Say why the referral is declined."),
            "blank": gettext_lazy("Say why the referral is declined."),
        },
    )


class DeclineReferral(ReceivedView):
    """The receiving institution declines the referral, saying why. The case is then
    closed to it again."""

    @extend_schema(request=DeclineIn, responses={200: ReceivedOut})
    def post(self, request: Request, pk: int) -> Response:
        referral = self.get_referral()
        given = DeclineIn(data=request.data)
        given.is_valid(raise_exception=True)
        with refusals():
            referral = referral_respond(
                actor=actor(request),
                referral=referral,
                accept=False,
                reason=given.validated_data["reason"],
            )
        return Response(ReceivedOut(referral).data)


class RevealReferred(ReceivedView):
    """The identifiers the person agreed to share with the receiving institution, for a
    stated purpose: recorded, shown in this answer only, never cached."""

    @extend_schema(request=RevealIn, responses={200: RevealOut})
    def post(self, request: Request, pk: int) -> Response:
        referral = self.get_referral()
        given = RevealIn(data=request.data)
        given.is_valid(raise_exception=True)
        allowed = referral.consent_identity_fields
        if not allowed:
            raise ValidationError(
                {"show": [_("The person agreed to share no identifiers with your institution.")]}
            )
        wanted = given.validated_data.get("show") or allowed
        if set(wanted) - set(allowed):
            raise ValidationError(
                {
                    "show": [
                        _("The person did not agree to share %(fields)s with your institution.")
                        % {"fields": ", ".join(sorted(set(wanted) - set(allowed)))}
                    ]
                }
            )
        purpose = given.validated_data["purpose"]
        if purpose not in reveal_purposes(request.user):
            raise ValidationError({"purpose": [_("You cannot see identifiers for that purpose.")]})
        with refusals():
            values = identity_reveal_referred(
                actor=actor(request),
                referral=referral,
                purpose=purpose,
                fields=wanted,
                channel=Channel.API,
            )
        return Response(values)
