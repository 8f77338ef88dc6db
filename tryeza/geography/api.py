"""Read endpoints for the reference geography, and the code fields other apps' filters use.

Geography is reference data, but like the directory it is shown only to members of the
network: a signed-in account without a role or institution reaches nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from tryeza.accounts.reach import reach_of
from tryeza.api import query_params
from tryeza.geography.models import ClusterGroup, Municipality, Region

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tryeza.accounts.models import User

# A path segment that can be a region, municipality or cluster code.
CODE_IN_PATH = r"[A-Za-z0-9_-]{1,30}"


Place = TypeVar("Place", Region, Municipality, ClusterGroup)


def _visible(user: User | AnonymousUser, queryset: QuerySet[Place]) -> QuerySet[Place]:
    return queryset if reach_of(user) is not None else queryset.none()


class RegionCodeField(serializers.SlugRelatedField[Region]):
    """A region named by its ISO 3166-2 code; an unknown code is refused by name."""

    default_error_messages = {
        "does_not_exist": _("Unknown region code '{value}'."),
        "invalid": _("A region code is expected."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=Region.objects.all(), **kwargs)


class MunicipalityCodeField(serializers.SlugRelatedField[Municipality]):
    default_error_messages = {
        "does_not_exist": _("Unknown municipality code '{value}'."),
        "invalid": _("A municipality code is expected."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=Municipality.objects.all(), **kwargs)


class MunicipalityBrief(serializers.ModelSerializer[Municipality]):
    class Meta:
        model = Municipality
        fields = ["code", "name", "name_en"]


class RegionOut(serializers.ModelSerializer[Region]):
    municipalities = MunicipalityBrief(many=True, read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name", "name_en", "abbreviation", "municipalities"]


@extend_schema_view(
    list=extend_schema(summary=_("Regions, each with its municipalities")),
    retrieve=extend_schema(summary=_("One region by its ISO 3166-2 code")),
)
class RegionViewSet(viewsets.ReadOnlyModelViewSet[Region]):
    serializer_class = RegionOut
    lookup_field = "code"
    lookup_value_regex = CODE_IN_PATH

    def get_queryset(self) -> QuerySet[Region]:
        regions = Region.objects.prefetch_related("municipalities").order_by("code")
        return _visible(self.request.user, regions)


class MunicipalityOut(serializers.ModelSerializer[Municipality]):
    region = serializers.SlugRelatedField[Region](slug_field="code", read_only=True)

    class Meta:
        model = Municipality
        fields = ["code", "name", "name_en", "region"]


class MunicipalityFilter(serializers.Serializer[Any]):
    region = RegionCodeField(required=False, help_text=_("Only this region's municipalities."))


@extend_schema_view(
    list=extend_schema(summary=_("Municipalities"), parameters=[MunicipalityFilter]),
    retrieve=extend_schema(summary=_("One municipality by its LAU code")),
)
class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet[Municipality]):
    serializer_class = MunicipalityOut
    lookup_field = "code"
    lookup_value_regex = CODE_IN_PATH

    def get_queryset(self) -> QuerySet[Municipality]:
        municipalities = Municipality.objects.select_related("region").order_by(
            "region__code", "name", "pk"
        )
        if self.action == "list":
            wanted = query_params(MunicipalityFilter, self.request)
            if "region" in wanted:
                municipalities = municipalities.filter(region=wanted["region"])
        return _visible(self.request.user, municipalities)


class ClusterGroupOut(serializers.ModelSerializer[ClusterGroup]):
    municipalities = serializers.SlugRelatedField[Municipality](
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = ClusterGroup
        fields = ["code", "name", "name_en", "municipalities"]


@extend_schema_view(
    list=extend_schema(summary=_("Regional cluster groups, with their municipalities' codes")),
    retrieve=extend_schema(summary=_("One cluster group by its code")),
)
class ClusterGroupViewSet(viewsets.ReadOnlyModelViewSet[ClusterGroup]):
    serializer_class = ClusterGroupOut
    lookup_field = "code"
    lookup_value_regex = CODE_IN_PATH

    def get_queryset(self) -> QuerySet[ClusterGroup]:
        clusters = ClusterGroup.objects.prefetch_related("municipalities").order_by("code")
        return _visible(self.request.user, clusters)
