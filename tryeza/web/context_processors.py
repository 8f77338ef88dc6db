"""The navigation, read from a table: each item says which reaches and roles see it."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tryeza.accounts.models import Reach, RoleCode
from tryeza.accounts.reach import reach_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from tryeza.accounts.models import User

ANY_REACH = frozenset(Reach)


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    # The reaches that see the item; None for every signed-in user, set up or not.
    reaches: frozenset[str] | None = ANY_REACH
    # If set, only these roles (and superusers) see it, and only as Django staff.
    roles: frozenset[str] | None = None
    # If set, only roles with this capability flag (a Role field) see it.
    capability: str | None = None


NAVIGATION: tuple[NavItem, ...] = (
    NavItem(_("Home"), "home", reaches=None),
    NavItem(_("Institutions"), "directory:institutions"),
    NavItem(_("Structures"), "directory:structures"),
    NavItem(_("Services"), "directory:services"),
    NavItem(_("Cases"), "cases:list"),
    NavItem(_("Referrals received"), "cases:referrals-received", capability="can_work_cases"),
    NavItem(
        _("Escalated cases"),
        "cases:escalations",
        reaches=frozenset({Reach.REGION, Reach.INSTITUTION}),
    ),
    NavItem(_("Meetings"), "meetings:index"),
    NavItem(_("My institution's tasks"), "meetings:my-tasks"),
    NavItem(_("Situational analysis"), "reporting:index"),
    NavItem(_("Regions compared"), "reporting:national", reaches=frozenset({Reach.NATIONAL})),
    NavItem(_("Audit log"), "audit:log", capability="can_read_audit"),
    NavItem(_("API"), "api-docs"),
    NavItem(_("Administration"), "admin:index", roles=frozenset({RoleCode.SYSTEM_ADMIN})),
)


@dataclass(frozen=True)
class NavLink:
    label: str | Promise
    url: str
    current: bool


def _sees(item: NavItem, user: User | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    if item.reaches is not None and reach_of(user) not in item.reaches:
        return False
    if item.capability is not None:
        return user.role is not None and bool(getattr(user.role, item.capability))
    if item.roles is None:
        return True
    # Django's admin lets in staff only, so a link for anyone else would lead nowhere.
    role_code = user.role.code if user.role is not None else None
    return user.is_staff and (user.is_superuser or role_code in item.roles)


def _is_current(url: str, path: str) -> bool:
    return path == url if url == "/" else path.startswith(url)


@functools.cache
def _url(url_name: str, script_prefix: str) -> str | None:
    """The item's address, looked up once per process (URLs do not change while it runs)."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def links_for(user: User | AnonymousUser, path: str) -> list[NavLink]:
    """The navigation a user sees; items whose page is not mounted are left out."""
    links = []
    for item in NAVIGATION:
        if not _sees(item, user):
            continue
        url = _url(item.url_name, get_script_prefix())
        if url is not None:
            links.append(NavLink(item.label, url, _is_current(url, path)))
    return links


def navigation(request: HttpRequest) -> dict[str, object]:
    # Some error pages are rendered before authentication has run: no user, no links.
    user = getattr(request, "user", None)
    return {"navigation": links_for(user, request.path) if user is not None else []}
