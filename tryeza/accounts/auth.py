"""How a request finds its user, at the least cost per request.

- The user comes with the role and institution (and its region) in one query, on pages
  (``UserBackend``) and on the API (``TokenAuthentication``): every page reads them for the
  navigation and the user's reach.
- The idle deadline is renewed at most once a minute (``IdleRenewalMiddleware``) instead of
  writing the session on every request; an idle session still ends ``SESSION_COOKIE_AGE``
  after the last renewal, so at most a minute earlier than after the last request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from tryeza.accounts.models import User

WITH_USER = ("role", "institution__region")
RENEW_AFTER_SECONDS = 60
RENEWED_KEY = "_tryeza_renewed"


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = User._default_manager.select_related(*WITH_USER).filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        # As Django REST framework's, with the user's role and institution in the same query.
        related = (f"user__{field}" for field in WITH_USER)
        token = Token.objects.select_related(*related).filter(key=key).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return token.user, token


class IdleRenewalMiddleware:
    """After ``SessionMiddleware``: marks a signed-in session for saving (which renews its
    expiry and cookie) when its last renewal is more than a minute old."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or SESSION_KEY not in session:
            return response
        now = int(time.time())
        if now - session.get(RENEWED_KEY, 0) >= RENEW_AFTER_SECONDS:
            session[RENEWED_KEY] = now
        return response
