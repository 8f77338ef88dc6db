"""What every reporting endpoint shares: the doors to a region, a half-year and a return,
the services' refusals turned into API errors, and counts shown as they may be shown.

The doors ask ``rules``; a region or return the caller may not see is the same 404 as one
that does not exist."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.settings import api_settings

from tryeza.accounts.reach import home_region_id
from tryeza.geography.models import Region
from tryeza.reporting import rules
from tryeza.reporting.disclosure import display_count
from tryeza.reporting.models import DataReturn
from tryeza.reporting.periods import Period, PeriodError, current_half
from tryeza.reporting.services import Invalid, NotAllowed, ReportingError, VersionConflict

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tryeza.accounts.models import User

# Versions are positive integer columns: a larger number is refused before any query.
MAX_VERSION = 2**31 - 1
MAX_COUNT = 2**31 - 1


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = _("Someone else changed this meanwhile. Reload it and try again.")


def actor(request: Request) -> User:
    """The signed-in user, once a door has let them through."""
    return cast("User", request.user)


@contextmanager
def refusals() -> Iterator[None]:
    """Invalid figures become a 400 listing each problem under ``values``; a stale version
    a 409; a rule the caller may not pass a 403; any other refusal a 400 with its message."""
    try:
        yield
    except VersionConflict as exc:
        raise Conflict(str(exc)) from exc
    except Invalid as exc:
        raise ValidationError({"values": [p.message for p in exc.problems]}) from exc
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except ReportingError as exc:
        raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [str(exc)]}) from exc


def half_in_path(code: str) -> Period:
    """A half-year named in the path; anything else is a 404 like a missing page."""
    try:
        return Period.parse_half(code)
    except PeriodError:
        raise Http404 from None


class HalfYearField(serializers.CharField):
    """A half-year such as 2026S1, in a query or a body."""

    default_error_messages = {"half": _("Give a half-year such as 2026S1.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 7)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        code = super().to_internal_value(data)
        try:
            Period.parse_half(code)
        except PeriodError:
            self.fail("half")
        return code


class HalfYearFilter(serializers.Serializer[Any]):
    period = HalfYearField(
        required=False, help_text=_("A half-year such as 2026S1; the last ended one if left out.")
    )


def half_or_current(given: dict[str, Any]) -> Period:
    code = given.get("period")
    return Period.parse(code) if code else current_half()


def region_for(user: User | AnonymousUser, code: str) -> Region:
    """The region of the path, if the caller may see its figures."""
    region = Region.objects.filter(code=code).first()
    if region is None or not rules.may_view_region(user, region.pk):
        raise Http404
    return region


def regions_visible_to(user: User | AnonymousUser) -> list[int] | None:
    """Region ids whose returns the caller sees: None for all (national), else their own
    region or nothing."""
    if rules.may_view_national(user):
        return None
    home = home_region_id(user)
    if home is not None and rules.may_view_region(user, home):
        return [home]
    return []


def returns_visible_to(user: User | AnonymousUser) -> QuerySet[DataReturn]:
    returns = DataReturn.objects.select_related("region", "institution")
    regions = regions_visible_to(user)
    return returns if regions is None else returns.filter(region_id__in=regions)


def return_for_user(user: User | AnonymousUser, pk: int) -> DataReturn:
    found = returns_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def sees_exact(user: User | AnonymousUser, region_id: int) -> bool:
    """Figures are exact inside their region; what leaves it (to national viewers) passes
    disclosure control, as on the pages."""
    return rules.may_view_region(user, region_id) and not rules.may_view_national(user)


def shown(number: int | None, exact: bool) -> dict[str, Any]:
    """A count as the caller may see it: ``number`` only where exact figures may go (null
    when it may not), and ``display`` always ("7", "<5")."""
    if number is None:
        return {"number": None, "display": ""}
    display = str(number) if exact else display_count(number)
    return {"number": number if exact or display == str(number) else None, "display": display}


class ReportCountOut(serializers.Serializer[Any]):
    number = serializers.IntegerField(
        allow_null=True, help_text=_("The count; null where it may not leave the region.")
    )
    display = serializers.CharField(help_text=_("The count as shown: “<5” for 1–4 outside it."))
