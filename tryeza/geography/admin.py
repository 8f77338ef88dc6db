"""Django admin for the reference geography: read-only, because the rows come from the
data file (``manage.py load_geography``) and an edit here would drift from it."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tryeza.accounts.admin import SystemAdminAccess
from tryeza.geography.models import ClusterGroup, Municipality, Region


class ReadOnly(SystemAdminAccess):
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Region)
class RegionAdmin(ReadOnly, admin.ModelAdmin[Region]):
    list_display = ["code", "name", "name_en", "abbreviation"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnly, admin.ModelAdmin[Municipality]):
    list_display = ["code", "name", "name_en", "region"]
    list_filter = ["region", "cluster_groups"]
    search_fields = ["code", "name", "name_en"]
    list_select_related = ["region"]


@admin.register(ClusterGroup)
class ClusterGroupAdmin(ReadOnly, admin.ModelAdmin[ClusterGroup]):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]
    filter_horizontal = ["municipalities"]
