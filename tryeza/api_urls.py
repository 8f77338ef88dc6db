"""Every API route under /api/v1/. Each app's ``api.py`` declares its views; this file
only mounts them."""

from typing import Any

from django.urls import include, path, re_path
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from tryeza.accounts.api import MeView, TokenView
from tryeza.api import DocsView
from tryeza.directory.api import (
    InstitutionViewSet,
    MembershipViewSet,
    ServiceViewSet,
    StructureViewSet,
)
from tryeza.geography.api import ClusterGroupViewSet, MunicipalityViewSet, RegionViewSet


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 description, for signed-in users (JSON unless YAML is asked for)."""

    permission_classes = [IsAuthenticated]
    renderer_classes = [
        OpenApiJsonRenderer2,
        OpenApiJsonRenderer,
        OpenApiYamlRenderer,
        OpenApiYamlRenderer2,
    ]


@extend_schema(exclude=True)
class NoSuchEndpoint(APIView):
    """Anything else under /api/v1/: a 404 in the API's error format, not an HTML page."""

    permission_classes = [AllowAny]

    def _missing(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise NotFound

    get = post = put = patch = delete = head = options = _missing


router = DefaultRouter()
router.include_format_suffixes = False
router.register("regions", RegionViewSet, basename="api-region")
router.register("municipalities", MunicipalityViewSet, basename="api-municipality")
router.register("cluster-groups", ClusterGroupViewSet, basename="api-cluster-group")
router.register("institutions", InstitutionViewSet, basename="api-institution")
router.register("structures", StructureViewSet, basename="api-structure")
router.register("memberships", MembershipViewSet, basename="api-membership")
router.register("services", ServiceViewSet, basename="api-service")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("me/", MeView.as_view(), name="api-me"),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", DocsView.as_view(), name="api-docs"),
    *router.urls,
    # Apps with more than read endpoints keep their routes in their own api_urls.
    path("", include("tryeza.audit.api_urls")),
    path("", include("tryeza.cases.api_urls")),
    path("", include("tryeza.meetings.api_urls")),
    path("", include("tryeza.reporting.api_urls")),
    # Last: whatever no route above claims.
    re_path(r"^.*$", NoSuchEndpoint.as_view(), name="api-not-found"),
]
