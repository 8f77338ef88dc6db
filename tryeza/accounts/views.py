"""Sign-in and password pages: Django's own views, with Tryeza's templates and messages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _


def idle_minutes() -> int:
    return int(settings.SESSION_COOKIE_AGE) // 60


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # Said on the sign-in page so that being signed out while idle is no surprise.
        return {**super().get_context_data(**kwargs), "idle_minutes": idle_minutes()}


class LogoutView(auth_views.LogoutView):
    """Signs out (POST only, as in Django) and says so on the sign-in page."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have signed out."))
        return response
