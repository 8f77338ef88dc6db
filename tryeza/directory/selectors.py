"""Reads of the directory, already scoped to the user asking.

Who sees what:
- institutions, their contacts and the service catalogue: every signed-in member of the
  network, because finding a partner in another region is what a directory is for;
- structures and their memberships: within the user's reach (``tryeza.accounts.reach``).
  A national user sees all; a regional user sees the structures of their region and the
  national structures that cover it or count their institution as a member; an
  institutional user (case worker, observer) sees the structures their institution is in.

Nothing outside this module filters structures by user. An object outside the user's reach
and an object that does not exist raise the same ``Http404``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from tryeza.accounts.models import Reach
from tryeza.accounts.reach import reach_of
from tryeza.directory.models import (
    Contact,
    Institution,
    Membership,
    MembershipRole,
    ServiceOffering,
    Structure,
)
from tryeza.geography.models import ClusterGroup

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tryeza.accounts.models import User
    from tryeza.geography.models import Municipality, Region


def institutions_visible_to(user: User | AnonymousUser) -> QuerySet[Institution]:
    if reach_of(user) is None:
        return Institution.objects.none()
    return Institution.objects.filter(is_active=True).select_related("region", "municipality")


def get_institution_for_user(user: User | AnonymousUser, pk: int) -> Institution:
    try:
        return institutions_visible_to(user).get(pk=pk)
    except Institution.DoesNotExist:
        raise Http404 from None


def contacts_visible_to(user: User | AnonymousUser) -> QuerySet[Contact]:
    return Contact.objects.filter(institution__in=institutions_visible_to(user))


def services_visible_to(user: User | AnonymousUser) -> QuerySet[ServiceOffering]:
    return ServiceOffering.objects.filter(
        institution__in=institutions_visible_to(user)
    ).select_related("institution", "region", "municipality")


def structures_visible_to(user: User | AnonymousUser) -> QuerySet[Structure]:
    reach = reach_of(user)
    structures = Structure.objects.filter(is_active=True).select_related("region", "parent")
    if reach == Reach.NATIONAL:
        return structures
    if reach is None:
        return structures.none()
    assert user.is_authenticated and user.institution is not None
    # Subqueries rather than joins: a join through memberships repeats each structure
    # once per member and needs a DISTINCT over every column to undo it.
    seats = Membership.objects.filter(institution=user.institution).values("structure")
    member_of = Q(pk__in=seats)
    region_id = user.institution.region_id
    if reach == Reach.INSTITUTION or region_id is None:
        # A regional role at an institution without a region: what it sits on, as at home.
        return structures.filter(member_of)
    clusters = ClusterGroup.objects.filter(municipalities__region_id=region_id).values("pk")
    covers_region = Q(region_id=region_id) | Q(cluster__in=clusters)
    return structures.filter(covers_region | member_of)


def get_structure_for_user(user: User | AnonymousUser, pk: int) -> Structure:
    try:
        return structures_visible_to(user).get(pk=pk)
    except Structure.DoesNotExist:
        raise Http404 from None


def memberships_visible_to(user: User | AnonymousUser) -> QuerySet[Membership]:
    return Membership.objects.filter(structure__in=structures_visible_to(user)).select_related(
        "structure", "institution"
    )


# --- Search and listing ------------------------------------------------------------------
# The helpers below narrow the querysets above; they never widen them.


def _letter_variants() -> dict[str, str]:
    """Each base Latin letter with its accented forms in both cases: "c" -> "cCçÇćĆčČ…"."""
    variants: dict[str, set[str]] = {}
    for code in range(0x00C0, 0x0250):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if c.isascii())
        if len(base) == 1 and base.isalpha():
            forms = {f for f in (char, char.lower(), char.upper()) if len(f) == 1}
            variants.setdefault(base.lower(), {base.lower(), base.upper()}).update(forms)
    # Letters Unicode does not decompose into a base letter.
    for base, extra in {"o": "øØ", "d": "đĐ", "l": "łŁ", "i": "ı", "h": "ħĦ"}.items():
        variants.setdefault(base, {base, base.upper()}).update(extra)
    return {base: "".join(sorted(chars)) for base, chars in variants.items()}


_VARIANTS = _letter_variants()
SEARCH_TERMS_MAX = 8


def accent_insensitive_pattern(term: str) -> str:
    """A regular expression matching ``term`` whatever its case and accents.

    "korce" and "KORÇË" both give a pattern that finds "Korçë". It is written with explicit
    character classes rather than a database collation so that it behaves the same on
    SQLite and PostgreSQL (both understand this subset of regular expressions).
    """
    stripped = "".join(
        c for c in unicodedata.normalize("NFKD", term) if not unicodedata.combining(c)
    )
    parts = []
    for char in stripped.lower():
        chars = _VARIANTS.get(char)
        parts.append(f"[{chars}]" if chars else re.escape(char))
    return "".join(parts)


def _name_matches(text: str) -> Q:
    """Every word of ``text`` appears in the name, the short name or the English name."""
    condition = Q()
    for term in text.split()[:SEARCH_TERMS_MAX]:
        pattern = accent_insensitive_pattern(term)
        condition &= (
            Q(name__iregex=pattern) | Q(short_name__iregex=pattern) | Q(name_en__iregex=pattern)
        )
    return condition


def institutions_matching(
    user: User | AnonymousUser,
    *,
    text: str = "",
    region: Region | None = None,
    municipality: Municipality | None = None,
    type: str = "",
    sector: str = "",
    service: str = "",
) -> QuerySet[Institution]:
    """The institutions the user sees, narrowed by a search and filters, ordered by name,
    each with the services it offers prefetched (``offerings``)."""
    institutions = institutions_visible_to(user)
    if text.strip():
        institutions = institutions.filter(_name_matches(text))
    if region is not None:
        institutions = institutions.filter(region=region)
    if municipality is not None:
        institutions = institutions.filter(municipality=municipality)
    if type:
        institutions = institutions.filter(type=type)
    if sector:
        institutions = institutions.filter(sector=sector)
    if service:
        # Exists rather than a join: an institution offering it in two places is one row.
        offers = ServiceOffering.objects.filter(institution=OuterRef("pk"), service=service)
        institutions = institutions.filter(Exists(offers))
    offerings = services_visible_to(user).order_by("service", "pk")
    return institutions.prefetch_related(
        Prefetch("services", queryset=offerings, to_attr="offerings")
    ).order_by("name", "pk")


def covering(region: Region | None, municipality: Municipality | None) -> Q:
    """Offerings that serve a place: offered there, in its whole region, or nationally.

    An offering with neither region nor municipality is national.
    """
    national = Q(region__isnull=True, municipality__isnull=True)
    if municipality is not None:
        whole_region = Q(region_id=municipality.region_id, municipality__isnull=True)
        return Q(municipality=municipality) | whole_region | national
    if region is not None:
        return Q(region=region) | Q(municipality__region=region) | national
    return Q()


def services_matching(
    user: User | AnonymousUser,
    *,
    service: str = "",
    region: Region | None = None,
    municipality: Municipality | None = None,
) -> QuerySet[ServiceOffering]:
    """The service catalogue for a place: local offerings first, then region-wide, then
    national; within each, by service and institution."""
    offerings = services_visible_to(user).filter(covering(region, municipality))
    if service:
        offerings = offerings.filter(service=service)
    scope = Case(
        When(municipality__isnull=False, then=Value(0)),
        When(region__isnull=False, then=Value(1)),
        default=Value(2),
    )
    return offerings.select_related("municipality__region").order_by(
        "service", scope, "institution__name", "pk"
    )


def institution_contacts(user: User | AnonymousUser, institution: Institution) -> QuerySet[Contact]:
    return contacts_visible_to(user).filter(institution=institution)


def institution_seats(user: User | AnonymousUser, institution: Institution) -> QuerySet[Membership]:
    """The structures an institution sits on, those the user sees only, with its role."""
    return (
        memberships_visible_to(user)
        .filter(institution=institution)
        .select_related("structure__region")
        .order_by("structure__kind", "structure__name")
    )


def institution_services(
    user: User | AnonymousUser, institution: Institution
) -> QuerySet[ServiceOffering]:
    return (
        services_visible_to(user)
        .filter(institution=institution)
        .select_related("municipality__region")
        .order_by("service", "region__code", "municipality__name")
    )


def structures_matching(
    user: User | AnonymousUser, *, kind: str = "", region: Region | None = None
) -> QuerySet[Structure]:
    """The structures the user sees, with their member count and whether the user sees
    their parent (``parent_visible``); a region filter keeps the cluster groups covering it."""
    structures = structures_visible_to(user)
    if kind:
        structures = structures.filter(kind=kind)
    if region is not None:
        # A subquery, not a join: a cluster covers a region through many municipalities.
        covers = Structure.objects.filter(
            Q(region=region) | Q(cluster__municipalities__region=region)
        )
        structures = structures.filter(pk__in=covers.values("pk"))
    members = (
        Membership.objects.filter(structure=OuterRef("pk"))
        .order_by()
        .values("structure")
        .annotate(n=Count("pk"))
        .values("n")
    )
    parent_visible = structures_visible_to(user).filter(pk=OuterRef("parent_id"))
    return structures.annotate(
        member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0),
        parent_visible=Exists(parent_visible),
    ).order_by("kind", "name", "pk")


def structure_parent(user: User | AnonymousUser, structure: Structure) -> Structure | None:
    """The structure's parent if the user sees it; otherwise as if it had none."""
    if structure.parent_id is None:
        return None
    return structures_visible_to(user).filter(pk=structure.parent_id).first()


def structure_children(user: User | AnonymousUser, structure: Structure) -> QuerySet[Structure]:
    return structures_visible_to(user).filter(parent=structure).order_by("kind", "name")


# Chair first, then the secretariat, members and observers (not the codes' alphabetical order).
ROLE_ORDER = Case(
    *(When(role=role, then=Value(rank)) for rank, role in enumerate(MembershipRole)),
    default=Value(len(MembershipRole)),
)


def structure_members(user: User | AnonymousUser, structure: Structure) -> QuerySet[Membership]:
    """The member institutions with their role and their representatives."""
    representatives = contacts_visible_to(user).order_by("last_name", "first_name")
    return (
        memberships_visible_to(user)
        .filter(structure=structure)
        .select_related("institution__region")
        .prefetch_related(Prefetch("representatives", queryset=representatives))
        .order_by(ROLE_ORDER, "institution__name")
    )
