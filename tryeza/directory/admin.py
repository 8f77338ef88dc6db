"""Django admin for the directory, for the system administrator."""

from django.contrib import admin

from tryeza.accounts.admin import SystemAdminAccess
from tryeza.directory.models import (
    Contact,
    Institution,
    Membership,
    ServiceOffering,
    Structure,
)


class MembershipInline(SystemAdminAccess, admin.TabularInline[Membership, Structure]):
    model = Membership
    extra = 0
    autocomplete_fields = ["institution", "representatives"]


class ServiceInline(SystemAdminAccess, admin.TabularInline[ServiceOffering, Institution]):
    model = ServiceOffering
    extra = 0
    autocomplete_fields = ["region", "municipality"]


@admin.register(Institution)
class InstitutionAdmin(SystemAdminAccess, admin.ModelAdmin[Institution]):
    list_display = ["name", "short_name", "type", "sector", "region", "municipality", "is_active"]
    list_filter = ["type", "sector", "region", "is_active"]
    search_fields = ["name", "name_en", "short_name", "email"]
    list_select_related = ["region", "municipality"]
    autocomplete_fields = ["region", "municipality"]
    inlines = [ServiceInline]


@admin.register(Contact)
class ContactAdmin(SystemAdminAccess, admin.ModelAdmin[Contact]):
    list_display = ["last_name", "first_name", "position", "institution", "is_fictional"]
    list_filter = ["institution__region", "institution__type", "is_fictional"]
    search_fields = ["first_name", "last_name", "position", "email", "institution__name"]
    list_select_related = ["institution"]
    autocomplete_fields = ["institution"]


@admin.register(Structure)
class StructureAdmin(SystemAdminAccess, admin.ModelAdmin[Structure]):
    list_display = ["name", "kind", "region", "parent", "is_active"]
    list_filter = ["kind", "region", "is_active"]
    search_fields = ["name", "name_en"]
    list_select_related = ["region", "parent"]
    autocomplete_fields = ["region", "parent", "municipalities", "cluster"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SystemAdminAccess, admin.ModelAdmin[Membership]):
    list_display = ["institution", "structure", "role", "since"]
    list_filter = ["role", "structure__kind", "structure__region"]
    search_fields = ["institution__name", "structure__name"]
    list_select_related = ["institution", "structure"]
    autocomplete_fields = ["structure", "institution", "representatives"]


@admin.register(ServiceOffering)
class ServiceOfferingAdmin(SystemAdminAccess, admin.ModelAdmin[ServiceOffering]):
    list_display = ["service", "institution", "region", "municipality"]
    list_filter = ["service", "region", "institution__sector"]
    search_fields = ["institution__name", "target_groups", "notes"]
    list_select_related = ["institution", "region", "municipality"]
    autocomplete_fields = ["institution", "region", "municipality"]
