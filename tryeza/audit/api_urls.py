"""Audit endpoints, relative: ``tryeza/api_urls.py`` mounts them under /api/v1/."""

from django.urls import path

from tryeza.audit import api

urlpatterns = [
    path("audit/chain/", api.Chain.as_view(), name="api-audit-chain"),
    path("audit/chain/walks/", api.Walks.as_view(), name="api-audit-walks"),
    path("audit/chain/walks/<int:pk>/", api.Walk.as_view(), name="api-audit-walk"),
]
