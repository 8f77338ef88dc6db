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

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from tryeza.accounts.models import Reach
from tryeza.accounts.reach import reach_of
from tryeza.directory.models import (
    Contact,
    Institution,
    Membership,
    ServiceOffering,
    Structure,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tryeza.accounts.models import User


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
    member_of = Q(memberships__institution=user.institution)
    if reach == Reach.INSTITUTION:
        return structures.filter(member_of).distinct()
    region_id = user.institution.region_id
    covers_region = Q(region_id=region_id) | Q(cluster__municipalities__region_id=region_id)
    return structures.filter(covers_region | member_of).distinct()


def get_structure_for_user(user: User | AnonymousUser, pk: int) -> Structure:
    try:
        return structures_visible_to(user).get(pk=pk)
    except Structure.DoesNotExist:
        raise Http404 from None


def memberships_visible_to(user: User | AnonymousUser) -> QuerySet[Membership]:
    return Membership.objects.filter(structure__in=structures_visible_to(user)).select_related(
        "structure", "institution"
    )
