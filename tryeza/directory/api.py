"""Read endpoints for the directory. Every queryset starts from ``directory.selectors``, so
the API never shows more than the pages; filters are checked and refused when unknown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from tryeza.api import MAX_ID, query_params
from tryeza.directory.models import (
    Contact,
    Institution,
    InstitutionType,
    Membership,
    Sector,
    ServiceOffering,
    ServiceType,
    Structure,
    StructureKind,
)
from tryeza.directory.selectors import (
    contacts_visible_to,
    get_institution_for_user,
    get_structure_for_user,
    institutions_visible_to,
    memberships_visible_to,
    services_visible_to,
    structures_visible_to,
)
from tryeza.geography.api import MunicipalityCodeField, RegionCodeField
from tryeza.geography.models import ClusterGroup, Municipality, Region

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tryeza.accounts.models import User

ID_IN_PATH = r"[0-9]{1,18}"


class InstitutionBrief(serializers.ModelSerializer[Institution]):
    class Meta:
        model = Institution
        fields = ["id", "name", "name_en"]


# --- Institutions -------------------------------------------------------------------------


def _visible_services(user: User | AnonymousUser) -> Prefetch:
    return Prefetch("services", queryset=services_visible_to(user), to_attr="visible_services")


class InstitutionOut(serializers.ModelSerializer[Institution]):
    region = serializers.SlugRelatedField[Region](slug_field="code", read_only=True)
    municipality = serializers.SlugRelatedField[Municipality](slug_field="code", read_only=True)
    services = serializers.SerializerMethodField()

    class Meta:
        model = Institution
        fields = [
            "id",
            "name",
            "name_en",
            "short_name",
            "type",
            "sector",
            "region",
            "municipality",
            "address",
            "phone",
            "email",
            "website",
            "services",
        ]

    def get_services(self, institution: Institution) -> list[str]:
        return sorted({offering.service for offering in institution.visible_services})  # type: ignore[attr-defined]


class InstitutionFilter(serializers.Serializer[Any]):
    region = RegionCodeField(required=False, help_text=_("Institutions of this region."))
    municipality = MunicipalityCodeField(
        required=False, help_text=_("Institutions of this municipality.")
    )
    type = serializers.ChoiceField(choices=InstitutionType.choices, required=False)
    sector = serializers.ChoiceField(choices=Sector.choices, required=False)
    service = serializers.ChoiceField(
        choices=ServiceType.choices,
        required=False,
        help_text=_("Institutions that offer this service somewhere."),
    )
    q = serializers.CharField(
        max_length=100, required=False, help_text=_("Part of the name or short name.")
    )


@extend_schema_view(
    list=extend_schema(summary=_("Institutions of the network"), parameters=[InstitutionFilter]),
    retrieve=extend_schema(summary=_("One institution")),
)
class InstitutionViewSet(viewsets.ReadOnlyModelViewSet[Institution]):
    serializer_class = InstitutionOut
    lookup_value_regex = ID_IN_PATH

    def get_queryset(self) -> QuerySet[Institution]:
        user = self.request.user
        institutions = (
            institutions_visible_to(user)
            .prefetch_related(_visible_services(user))
            .order_by("name", "pk")
        )
        return self._filtered(institutions) if self.action == "list" else institutions

    def _filtered(self, queryset: QuerySet[Institution]) -> QuerySet[Institution]:
        wanted = query_params(InstitutionFilter, self.request)
        for name in ("region", "municipality", "type", "sector"):
            if name in wanted:
                queryset = queryset.filter(**{name: wanted[name]})
        if "service" in wanted:
            offering = services_visible_to(self.request.user).filter(service=wanted["service"])
            queryset = queryset.filter(pk__in=offering.values("institution"))
        if "q" in wanted:
            q = wanted["q"]
            queryset = queryset.filter(
                Q(name__icontains=q) | Q(name_en__icontains=q) | Q(short_name__icontains=q)
            )
        return queryset

    def get_object(self) -> Institution:
        user = self.request.user
        institution = get_institution_for_user(user, int(self.kwargs["pk"]))
        prefetch_related_objects([institution], _visible_services(user))
        return institution


# --- Structures ---------------------------------------------------------------------------


class StructureOut(serializers.ModelSerializer[Structure]):
    region = serializers.SlugRelatedField[Region](slug_field="code", read_only=True)
    municipalities = serializers.SlugRelatedField[Municipality](
        slug_field="code", many=True, read_only=True
    )
    cluster = serializers.SlugRelatedField[ClusterGroup](slug_field="code", read_only=True)

    class Meta:
        model = Structure
        fields = [
            "id",
            "kind",
            "name",
            "name_en",
            "region",
            "parent",
            "municipalities",
            "cluster",
            "established",
        ]


class MemberOut(serializers.ModelSerializer[Membership]):
    institution = InstitutionBrief(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "institution", "role", "since"]


class StructureDetailOut(StructureOut):
    members = MemberOut(source="visible_members", many=True, read_only=True)

    class Meta(StructureOut.Meta):
        fields = [*StructureOut.Meta.fields, "members"]


class StructureFilter(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=StructureKind.choices, required=False)
    region = RegionCodeField(required=False, help_text=_("Structures of this region."))


@extend_schema_view(
    list=extend_schema(
        summary=_("Structures within your reach: committees, tables, coalitions…"),
        parameters=[StructureFilter],
    ),
    retrieve=extend_schema(summary=_("One structure, with its member institutions")),
)
class StructureViewSet(viewsets.ReadOnlyModelViewSet[Structure]):
    lookup_value_regex = ID_IN_PATH

    def get_serializer_class(self) -> type[StructureOut]:
        return StructureDetailOut if self.action == "retrieve" else StructureOut

    def get_queryset(self) -> QuerySet[Structure]:
        structures = (
            structures_visible_to(self.request.user)
            .select_related("cluster")
            .prefetch_related("municipalities")
            .order_by("kind", "name", "pk")
        )
        return self._filtered(structures) if self.action == "list" else structures

    def _filtered(self, queryset: QuerySet[Structure]) -> QuerySet[Structure]:
        wanted = query_params(StructureFilter, self.request)
        for name in ("kind", "region"):
            if name in wanted:
                queryset = queryset.filter(**{name: wanted[name]})
        return queryset

    def get_object(self) -> Structure:
        user = self.request.user
        structure = get_structure_for_user(user, int(self.kwargs["pk"]))
        members = (
            memberships_visible_to(user)
            .filter(structure=structure)
            .order_by("role", "institution__name", "pk")
        )
        structure.visible_members = list(members)  # type: ignore[attr-defined]
        return structure


# --- Memberships --------------------------------------------------------------------------


class RepresentativeOut(serializers.ModelSerializer[Contact]):
    class Meta:
        model = Contact
        fields = ["id", "first_name", "last_name", "position"]


class StructureBrief(serializers.ModelSerializer[Structure]):
    class Meta:
        model = Structure
        fields = ["id", "kind", "name", "name_en"]


class MembershipOut(serializers.ModelSerializer[Membership]):
    structure = StructureBrief(read_only=True)
    institution = InstitutionBrief(read_only=True)
    representatives = RepresentativeOut(source="visible_representatives", many=True)

    class Meta:
        model = Membership
        fields = ["id", "structure", "institution", "role", "since", "representatives"]


class MembershipFilter(serializers.Serializer[Any]):
    structure = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, help_text=_("A structure's id.")
    )
    institution = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, help_text=_("An institution's id.")
    )


@extend_schema_view(
    list=extend_schema(
        summary=_("Memberships of institutions in the structures within your reach"),
        parameters=[MembershipFilter],
    )
)
class MembershipViewSet(viewsets.ReadOnlyModelViewSet[Membership]):
    serializer_class = MembershipOut
    lookup_value_regex = ID_IN_PATH

    def get_queryset(self) -> QuerySet[Membership]:
        user = self.request.user
        people = Prefetch(
            "representatives",
            queryset=contacts_visible_to(user).order_by("last_name", "first_name", "pk"),
            to_attr="visible_representatives",
        )
        memberships = (
            memberships_visible_to(user)
            .prefetch_related(people)
            .order_by("structure__kind", "structure__name", "role", "institution__name", "pk")
        )
        return self._filtered(memberships) if self.action == "list" else memberships

    def _filtered(self, queryset: QuerySet[Membership]) -> QuerySet[Membership]:
        # An id outside the caller's reach filters to nothing, exactly like a missing one.
        wanted = query_params(MembershipFilter, self.request)
        if "structure" in wanted:
            queryset = queryset.filter(structure_id=wanted["structure"])
        if "institution" in wanted:
            queryset = queryset.filter(institution_id=wanted["institution"])
        return queryset


# --- Services -----------------------------------------------------------------------------


class ServiceOut(serializers.ModelSerializer[ServiceOffering]):
    institution = InstitutionBrief(read_only=True)
    region = serializers.SlugRelatedField[Region](slug_field="code", read_only=True)
    municipality = serializers.SlugRelatedField[Municipality](slug_field="code", read_only=True)

    class Meta:
        model = ServiceOffering
        fields = [
            "id",
            "service",
            "institution",
            "region",
            "municipality",
            "target_groups",
            "notes",
        ]


class ServiceFilter(serializers.Serializer[Any]):
    service = serializers.ChoiceField(choices=ServiceType.choices, required=False)
    region = RegionCodeField(
        required=False,
        help_text=_("Offered in this region: region-wide or in one of its municipalities."),
    )
    municipality = MunicipalityCodeField(
        required=False,
        help_text=_("Offered in this municipality, or across the whole of its region."),
    )


@extend_schema_view(
    list=extend_schema(
        summary=_("The service catalogue: who offers which service where"),
        parameters=[ServiceFilter],
    ),
    retrieve=extend_schema(summary=_("One service offering")),
)
class ServiceViewSet(viewsets.ReadOnlyModelViewSet[ServiceOffering]):
    serializer_class = ServiceOut
    lookup_value_regex = ID_IN_PATH

    def get_queryset(self) -> QuerySet[ServiceOffering]:
        services = services_visible_to(self.request.user).order_by(
            "service", "institution__name", "pk"
        )
        return self._filtered(services) if self.action == "list" else services

    def _filtered(self, queryset: QuerySet[ServiceOffering]) -> QuerySet[ServiceOffering]:
        wanted = query_params(ServiceFilter, self.request)
        if "service" in wanted:
            queryset = queryset.filter(service=wanted["service"])
        if "region" in wanted:
            region = wanted["region"]
            queryset = queryset.filter(Q(region=region) | Q(municipality__region=region))
        if "municipality" in wanted:
            place = wanted["municipality"]
            region_wide = Q(region=place.region_id, municipality__isnull=True)
            queryset = queryset.filter(Q(municipality=place) | region_wide)
        return queryset
