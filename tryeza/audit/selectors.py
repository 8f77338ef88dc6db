"""Who may read the audit log: roles with ``can_read_audit`` (data-protection officers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from tryeza.accounts.reach import reach_of
from tryeza.audit.models import AuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tryeza.accounts.models import User


def can_read_audit(user: User | AnonymousUser) -> bool:
    return (
        reach_of(user) is not None
        and user.is_authenticated
        and user.role is not None
        and user.role.can_read_audit
    )


def audit_entries_visible_to(user: User | AnonymousUser) -> QuerySet[AuditEntry]:
    if not can_read_audit(user):
        return AuditEntry.objects.none()
    return AuditEntry.objects.order_by("-id")
