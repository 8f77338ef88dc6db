"""What every case endpoint shares: the door to the case, the refusal of a service turned
into a 400 (or a 409 for a stale version), and responses no cache keeps."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from tryeza.cases.access import get_case_for_user
from tryeza.cases.choices import Channel
from tryeza.cases.models import IDENTITY_FIELDS, Case
from tryeza.cases.services import CaseError, VersionConflict, case_record_view

if TYPE_CHECKING:
    from tryeza.accounts.models import User


# The identifiers by name, as a choice set the schema names once (``IdentityFieldEnum``).
IDENTITY_CHOICES = [(name, name) for name in IDENTITY_FIELDS]

# Versions are positive integer columns: a larger number is refused before any query.
MAX_VERSION = 2**31 - 1


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = _("Someone else changed this meanwhile. Reload it and try again.")


def actor(request: Request) -> User:
    """The signed-in user, once the door has let them through."""
    return cast("User", request.user)


@contextmanager
def refusals() -> Iterator[None]:
    """A service's refusal becomes a 400 with its message; a stale version a 409."""
    try:
        yield
    except VersionConflict as exc:
        raise Conflict(str(exc)) from exc
    except CaseError as exc:
        raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [str(exc)]}) from exc


class PastDateField(serializers.DateField):
    """A day that has already come: today or earlier."""

    default_error_messages = {"future": _("This date cannot be in the future.")}

    def to_internal_value(self, value: Any) -> Any:
        day = super().to_internal_value(value)
        if day > timezone.localdate():
            self.fail("future")
        return day


class CaseAPIView(GenericAPIView[Any]):
    """An endpoint about one case (or a referral of one). Its answers are never cached."""

    def finalize_response(
        self, request: Request, response: Any, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        # Case data, even anonymous, is not for shared caches; reveals not for any cache.
        response["Cache-Control"] = "no-store, private"
        return response

    def get_case(self) -> Case:
        """The case of the URL, through the one door: unknown and not allowed are one 404."""
        if not hasattr(self, "_case"):
            self._case = get_case_for_user(self.request.user, self.kwargs["code"])
        return self._case

    def viewed(self) -> Case:
        """The case, with this answer recorded in its access log."""
        case = self.get_case()
        case_record_view(actor=actor(self.request), case=case, channel=Channel.API)
        return case


def recorded_by() -> serializers.CharField:
    """Who recorded it: the worker's username (a colleague, never the person)."""
    return serializers.CharField(source="by.username", read_only=True)


class CaseRecords(CaseAPIView):
    """GET: the case's records of one kind, newest first. POST: add one."""

    given: type[serializers.Serializer[Any]]
    output: type[serializers.Serializer[Any]]
    related: str  # the case's reverse relation holding these records
    # The service that adds one, called as (actor=, case=, **validated data).
    write: staticmethod[..., Model]

    def records(self, case: Case) -> QuerySet[Any]:
        return getattr(case, self.related).select_related("by")

    def get(self, request: Request, code: str) -> Response:
        page = self.paginate_queryset(self.records(self.viewed()))
        return self.get_paginated_response(self.output(page, many=True).data)

    def post(self, request: Request, code: str) -> Response:
        case = self.get_case()
        given = self.given(data=request.data, context={"request": request, "case": case})
        given.is_valid(raise_exception=True)
        with refusals():
            record = self.write(actor=actor(request), case=case, **given.validated_data)
        return Response(self.output(record).data, status=status.HTTP_201_CREATED)


def records_schema(cls: type[CaseRecords]) -> type[CaseRecords]:
    """Name the input and output serializers of a ``CaseRecords`` view for the schema."""
    cls.serializer_class = cls.output
    return extend_schema_view(
        get=extend_schema(responses=cls.output(many=True)),
        post=extend_schema(request=cls.given, responses={201: cls.output}),
    )(cls)
