"""The individual plan: services from providers that offer them, each updated with the
version it was read at so that two editors cannot overwrite each other."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tryeza.cases.api.base import (
    MAX_VERSION,
    CaseAPIView,
    CaseRecords,
    PastDateField,
    actor,
    records_schema,
    refusals,
)
from tryeza.cases.choices import ServiceStatus
from tryeza.cases.models import Case, PlannedService
from tryeza.cases.services import provider_offers, service_plan, service_update
from tryeza.directory.models import Institution, ServiceType
from tryeza.directory.selectors import institutions_visible_to


class PlannedServiceIn(serializers.Serializer[Any]):
    service = serializers.ChoiceField(choices=ServiceType.choices)
    provider = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.none(),
        help_text=gettext_lazy("An institution that offers the service in the directory."),
    )
    planned_on = serializers.DateField()
    chosen_by_person = serializers.BooleanField(default=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            providers = institutions_visible_to(self.context["request"].user)
            self.fields["provider"].queryset = providers  # type: ignore[attr-defined]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not provider_offers(attrs["provider"], attrs["service"]):
            raise serializers.ValidationError(
                {
                    "provider": [
                        _(
                            "%(provider)s does not offer this service. "
                            "Choose a provider from the directory."
                        )
                        % {"provider": attrs["provider"]}
                    ]
                }
            )
        return attrs


class PlannedServiceOut(serializers.ModelSerializer[PlannedService]):
    provider_name = serializers.CharField(source="provider.name", read_only=True)

    class Meta:
        model = PlannedService
        fields = [
            "id",
            "service",
            "provider",
            "provider_name",
            "status",
            "chosen_by_person",
            "planned_on",
            "started_on",
            "ended_on",
            "note",
            "version",
        ]


@records_schema
class PlannedServices(CaseRecords):
    """The individual plan: each service from a provider the person chose."""

    given, output, related = PlannedServiceIn, PlannedServiceOut, "services"
    write = staticmethod(service_plan)

    def records(self, case: Case) -> QuerySet[Any]:
        return case.services.select_related("provider")


class ServiceUpdateIn(serializers.Serializer[Any]):
    """A change to one planned service. Fields left out keep their value."""

    version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_VERSION,
        help_text=gettext_lazy("The service version the change starts from."),
    )
    status = serializers.ChoiceField(choices=ServiceStatus.choices, required=False)
    started_on = PastDateField(required=False, allow_null=True)
    ended_on = PastDateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class PlannedServiceDetail(CaseAPIView):
    """One service of the plan. A change names the version it started from: a stale
    version answers 409 Conflict and changes nothing."""

    serializer_class = PlannedServiceOut

    def planned(self, case: Case, pk: int) -> PlannedService:
        planned = case.services.select_related("provider").filter(pk=pk).first()
        if planned is None:
            raise Http404
        return planned

    def get(self, request: Request, code: str, pk: int) -> Response:
        return Response(PlannedServiceOut(self.planned(self.viewed(), pk)).data)

    @extend_schema(request=ServiceUpdateIn, responses={200: PlannedServiceOut})
    def patch(self, request: Request, code: str, pk: int) -> Response:
        planned = self.planned(self.get_case(), pk)
        given = ServiceUpdateIn(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        started = data.get("started_on", planned.started_on)
        ended = data.get("ended_on", planned.ended_on)
        if started and ended and ended < started:
            raise serializers.ValidationError(
                {"ended_on": [_("A service cannot end before it starts.")]}
            )
        with refusals():
            planned = service_update(
                actor=actor(request),
                planned=planned,
                expected_version=data["version"],
                status=data.get("status", planned.status),
                started_on=started,
                ended_on=ended,
                note=data.get("note", planned.note),
            )
        return Response(PlannedServiceOut(planned).data)
