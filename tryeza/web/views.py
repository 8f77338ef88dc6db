"""The home page: one per reach, chosen from a table rather than by branching on roles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tryeza.accounts.models import Reach, User
from tryeza.accounts.reach import reach_of
from tryeza.reporting.figures_cache import cached
from tryeza.web import selectors

Home = tuple[str, dict[str, Any]]


def _national(user: User) -> Home:
    # Nationally the whole directory is visible, the same to every national user, so its
    # counts are kept until it changes: it is edited only in the admin, whose log is in
    # the kept figures' key.
    regions, national_structures = cached(
        "national_home",
        lambda: (
            list(selectors.regions_with_counts(user)),
            list(selectors.national_structures(user)),
        ),
    )
    totals = {
        key: sum(getattr(region, key) for region in regions)
        for key in ("structure_count", "member_count", "service_count")
    }
    return "web/home_national.html", {
        "regions": regions,
        "totals": totals,
        "national_structures": national_structures,
    }


def _regional(user: User) -> Home:
    assert user.institution is not None  # reach_of() gives no reach without one
    region = user.institution.region
    if region is None:
        # A regional role at an institution without a region sees what it sits on.
        return _institutional(user)
    # What a regional user sees of the directory follows from the reach, the institution
    # and its region alone: kept per institution until the directory changes.
    own, beyond, services = cached(
        "region_home",
        lambda: (
            *selectors.structures_of_region(user, region),
            selectors.service_counts_in_region(user, region),
        ),
        reach_of(user),
        user.institution.pk,
        region.pk,
    )
    return "web/home_regional.html", {
        "region": region,
        "structures": own,
        "other_structures": beyond,
        "service_counts": services,
    }


def _institutional(user: User) -> Home:
    assert user.institution is not None
    return "web/home_institution.html", {
        "institution": user.institution,
        "seats": selectors.seats_of(user, user.institution),
        "services": selectors.services_of(user, user.institution),
    }


HOMES: dict[str, Callable[[User], Home]] = {
    Reach.NATIONAL: _national,
    Reach.REGION: _regional,
    Reach.INSTITUTION: _institutional,
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What the signed-in user's reach covers; an account without one is told so."""
    user = request.user
    assert isinstance(user, User)
    reach = reach_of(user)
    if reach is None:
        return render(request, "web/home_not_set_up.html")
    template, context = HOMES[reach](user)
    return render(request, template, context)
