"""What part of the network a user reaches. The single place that turns a role's reach
into filters; every selector that scopes data by user starts here.

- national: every region;
- region: the region of the user's institution;
- institution: only what the user's own institution takes part in.

A user without a role or institution (and not a superuser) reaches nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tryeza.accounts.models import Reach

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tryeza.accounts.models import User


def reach_of(user: User | AnonymousUser) -> str | None:
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Reach.NATIONAL
    if user.role is None or user.institution is None:
        return None
    return user.role.reach


def is_national(user: User | AnonymousUser) -> bool:
    return reach_of(user) == Reach.NATIONAL


def home_region_id(user: User | AnonymousUser) -> int | None:
    """The region a regional or institutional user works in; None for national users."""
    if not user.is_authenticated or user.institution is None:
        return None
    return user.institution.region_id
