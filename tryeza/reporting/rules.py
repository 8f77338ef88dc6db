"""Who may do what with situational-analysis figures. The one place these rules live;
views, the API and the XLSX upload ask here.

- An institution's people (not observers) enter and submit their institution's figures for
  their region.
- The committee's Technical Secretariat officer returns them, records why figures differ,
  writes the analysis and approves the region's report.
- The national coordinator (ONAC) accepts or returns approved reports.
- Everyone who works in a region sees its figures; ONAC sees every region. Figures are
  aggregates; what leaves the region passes disclosure control (``disclosure.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tryeza.accounts.models import Reach, RoleCode
from tryeza.accounts.reach import home_region_id, reach_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tryeza.accounts.models import User
    from tryeza.directory.models import Institution

ENTERING_ROLES = {
    RoleCode.CASE_WORKER,
    RoleCode.COMMITTEE_MEMBER,
    RoleCode.INSTITUTION_ADMIN,
    RoleCode.SECRETARIAT_OFFICER,
}


def _role(user: User | AnonymousUser) -> str | None:
    role = getattr(user, "role", None)
    return role.code if role is not None else None


def may_view_region(user: User | AnonymousUser, region_id: int) -> bool:
    reach = reach_of(user)
    if reach == Reach.NATIONAL:
        return True
    if reach is None or _role(user) == RoleCode.OBSERVER:
        return False
    return home_region_id(user) == region_id


def may_view_national(user: User | AnonymousUser) -> bool:
    return reach_of(user) == Reach.NATIONAL


def may_enter(user: User | AnonymousUser, institution: Institution, region_id: int) -> bool:
    if reach_of(user) is None or _role(user) not in ENTERING_ROLES:
        return False
    return (
        getattr(user, "institution_id", None) == institution.pk
        and institution.region_id == region_id
    )


def may_review(user: User | AnonymousUser, region_id: int) -> bool:
    return (
        reach_of(user) == Reach.REGION
        and _role(user) == RoleCode.SECRETARIAT_OFFICER
        and home_region_id(user) == region_id
    )


def may_accept(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser) or _role(user) == RoleCode.NATIONAL_COORDINATOR
