"""Signing in to the API with a token, and who the caller is."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.helpers import get_cool_off
from django.contrib.auth import authenticate, user_logged_in
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tryeza.accounts.models import Role, User
from tryeza.accounts.reach import reach_of
from tryeza.directory.models import Institution
from tryeza.geography.models import Municipality, Region


class LockedOut(APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"
    default_detail = _("Too many failed sign-ins. Try again later.")


def _locked_out_message(request: Request) -> str:
    cool_off = get_cool_off(request)
    if not isinstance(cool_off, timedelta):
        return str(LockedOut.default_detail)
    minutes = max(1, round(cool_off.total_seconds() / 60))
    return ngettext(
        "Too many failed sign-ins. Try again in %(minutes)d minute.",
        "Too many failed sign-ins. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


class CredentialsIn(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        max_length=4096, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenOut(serializers.Serializer[Any]):
    token = serializers.CharField(help_text=_("Send it as “Authorization: Token <key>”."))


class TokenView(APIView):
    """Exchange a username and password for the account's API token."""

    # The credentials are the authentication: no session, so no CSRF check either.
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary=_("Get an API token"),
        request=CredentialsIn,
        responses={200: TokenOut},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        given = CredentialsIn(data=request.data)
        given.is_valid(raise_exception=True)
        # With the request, django-axes counts the failures and refuses a locked account.
        user = authenticate(
            request=request,
            username=given.validated_data["username"],
            password=given.validated_data["password"],
        )
        if getattr(request, "axes_locked_out", False):
            raise LockedOut(_locked_out_message(request))
        if user is None:
            raise ValidationError(_("Unable to sign in with that username and password."))
        user_logged_in.send(sender=type(user), request=request, user=user)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class RoleOut(serializers.ModelSerializer[Role]):
    name = serializers.CharField(source="get_code_display")

    class Meta:
        model = Role
        fields = ["code", "name", "reach", "can_edit_directory", "can_work_cases", "can_read_audit"]


class OwnInstitutionOut(serializers.ModelSerializer[Institution]):
    region = serializers.SlugRelatedField[Region](slug_field="code", read_only=True)
    municipality = serializers.SlugRelatedField[Municipality](slug_field="code", read_only=True)

    class Meta:
        model = Institution
        fields = ["id", "name", "name_en", "type", "sector", "region", "municipality"]


class MeOut(serializers.ModelSerializer[User]):
    role = RoleOut(read_only=True)
    reach = serializers.SerializerMethodField(
        help_text=_("national, region or institution; null when the account reaches nothing.")
    )
    institution = OwnInstitutionOut(read_only=True)

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "role", "reach", "institution"]

    def get_reach(self, user: User) -> str | None:
        return reach_of(user)


class MeView(APIView):
    """The signed-in user: role, reach and institution."""

    @extend_schema(summary=_("Who am I"), responses={200: MeOut})
    def get(self, request: Request) -> Response:
        assert isinstance(request.user, User)  # the view requires a signed-in user
        user = User.objects.select_related(
            "role", "institution__region", "institution__municipality"
        ).get(pk=request.user.pk)
        return Response(MeOut(user).data)
