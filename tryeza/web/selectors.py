"""Reads behind the home pages. Every one starts from a ``directory.selectors`` queryset,
so the home page can never show more than the directory pages would."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from tryeza.directory.models import (
    Membership,
    MembershipRole,
    ServiceOffering,
    ServiceType,
    Structure,
)
from tryeza.directory.selectors import (
    memberships_visible_to,
    services_visible_to,
    structures_visible_to,
)
from tryeza.geography.models import Region

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tryeza.accounts.models import User
    from tryeza.directory.models import Institution


def _in_region(region: Region | OuterRef, prefix: str = "") -> Q:
    """Offered in a region: for the whole region or in one of its municipalities."""
    return Q(**{f"{prefix}region": region}) | Q(**{f"{prefix}municipality__region": region})


def _count(queryset: QuerySet[Any], field: str) -> Coalesce:
    """A correlated COUNT(DISTINCT field) of an already filtered queryset, 0 when empty."""
    # A plain function rather than Count(): an aggregate would make Django group the
    # subquery by its columns, and we want a single count over all its rows.
    count = Func(F(field), function="COUNT", template="%(function)s(DISTINCT %(expressions)s)")
    counted = queryset.order_by().annotate(n=count).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def regions_with_counts(user: User | AnonymousUser) -> QuerySet[Region]:
    """Every region with the structures, member institutions and services the user sees
    there, in one query (correlated subqueries, so the three counts do not multiply)."""
    region = OuterRef("pk")
    structures = structures_visible_to(user).filter(region=region)
    members = memberships_visible_to(user).filter(structure__region=region)
    services = services_visible_to(user).filter(_in_region(region))
    return Region.objects.annotate(
        structure_count=_count(structures, "pk"),
        member_count=_count(members, "institution"),
        service_count=_count(services, "pk"),
    ).order_by("code")


def national_structures(user: User | AnonymousUser) -> QuerySet[Structure]:
    """Structures that belong to no single region: the office, coalitions, cluster groups."""
    return (
        structures_visible_to(user)
        .filter(region__isnull=True)
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("kind", "name")
    )


def structures_of_region(
    user: User | AnonymousUser, region: Region
) -> tuple[list[Structure], list[Structure]]:
    """The structures the user sees, from one read of ``structures_visible_to``: the
    region's own, each with how many member institutions it has (``member_count``) and
    who chairs it and holds its secretariat (``leads``; the full list is the structure's
    page), and those beyond the region (clusters, coalitions). Memberships are read by
    structure: those of a structure the user sees are what ``memberships_visible_to``
    gives, without running the visibility joins again."""
    visible = list(structures_visible_to(user).order_by("kind", "name"))
    own = [s for s in visible if s.region_id == region.pk]
    ids = [s.pk for s in own]
    leads: dict[int, list[Membership]] = defaultdict(list)
    for membership in (
        Membership.objects.filter(
            structure__in=ids, role__in=[MembershipRole.CHAIR, MembershipRole.SECRETARIAT]
        )
        .select_related("institution")
        .order_by("role", "institution__name")
    ):
        leads[membership.structure_id].append(membership)
    counts = dict(
        Membership.objects.filter(structure__in=ids)
        .order_by()
        .values_list("structure")
        .annotate(n=Count("institution", distinct=True))
    )
    for structure in own:
        structure.member_count = counts.get(structure.pk, 0)  # type: ignore[attr-defined]
        structure.leads = leads[structure.pk]  # type: ignore[attr-defined]
    return own, [s for s in visible if s.region_id != region.pk]


def services_in_region(user: User | AnonymousUser, region: Region) -> QuerySet[ServiceOffering]:
    return (
        services_visible_to(user)
        .filter(_in_region(region))
        .order_by("service", "institution__name")
    )


def service_counts_in_region(user: User | AnonymousUser, region: Region) -> list[dict[str, Any]]:
    """Each kind of service offered in the region with the number of institutions offering
    it: the home page's summary; the list itself is the directory's service page."""
    rows = (
        services_in_region(user, region)
        .order_by()
        .values("service")
        .annotate(providers=Count("institution", distinct=True))
    )
    labels = dict(ServiceType.choices)
    summary = [{**row, "label": labels.get(row["service"], row["service"])} for row in rows]
    return sorted(summary, key=lambda row: str(row["label"]))


def seats_of(user: User | AnonymousUser, institution: Institution) -> QuerySet[Membership]:
    """The structures an institution sits on, with its role in each."""
    return (
        memberships_visible_to(user)
        .filter(institution=institution)
        .select_related("structure__region")
        .order_by("structure__kind", "structure__name")
    )


def services_of(user: User | AnonymousUser, institution: Institution) -> QuerySet[ServiceOffering]:
    return services_visible_to(user).filter(institution=institution).order_by("service")
