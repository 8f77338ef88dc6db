"""Django admin for accounts and roles, and the access rule every Tryeza admin shares.

The system administrator role runs the admin without being a superuser: the role, not a
list of per-model permissions, decides. Django still lets in staff accounts only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tryeza.accounts.models import Role, RoleCode, User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    _Base = admin.options.BaseModelAdmin[Any]
else:
    _Base = object


def administers_system(user: User | AnonymousUser) -> bool:
    """A superuser, or an active staff account holding the system administrator role."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.is_staff and user.role is not None and user.role.code == RoleCode.SYSTEM_ADMIN


class SystemAdminAccess(_Base):
    """Full access for system administrators; Django's own permissions for anyone else."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return administers_system(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return administers_system(request.user) or super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        # ModelAdmin takes (request), inlines take (request, obj): pass on what came.
        return administers_system(request.user) or super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return administers_system(request.user) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return administers_system(request.user) or super().has_delete_permission(request, obj)


@admin.register(User)
class UserAdmin(SystemAdminAccess, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "institution", "role", "is_active"]
    list_filter = ["role", "institution__region", "is_active", "is_staff", "is_superuser"]
    search_fields = [
        "username",
        "first_name",
        "last_name",
        "email",
        "institution__name",
        "institution__short_name",
    ]
    list_select_related = ["institution", "role"]
    autocomplete_fields = ["institution", "contact"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Place in the network"), {"fields": ("institution", "role", "contact")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Place in the network"), {"fields": ("email", "institution", "role")}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A system administrator manages accounts but cannot make anyone a superuser or
        # hand out Django permissions: that stays with superusers.
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "groups", "user_permissions"]
        return readonly


@admin.register(Role)
class RoleAdmin(SystemAdminAccess, admin.ModelAdmin[Role]):
    list_display = ["code", "reach", "can_edit_directory", "can_work_cases", "can_read_audit"]
    list_filter = ["reach", "can_edit_directory", "can_work_cases", "can_read_audit"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        # Roles are reference data from migrations; code elsewhere names them.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
