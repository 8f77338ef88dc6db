"""Every API route under /api/v1/. Each app's ``api.py`` declares its views; this file
only mounts them."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
