"""A view that fails with a person's name in its exception, for the leak tests."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

PLANTED = "Shpresa Zyberaj"


def failing(request: HttpRequest) -> HttpResponse:
    raise ValueError(f"could not file the case of {PLANTED}")


urlpatterns = [path("fail/", failing)]
