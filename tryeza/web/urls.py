# No app_name: "home" is the settings' LOGIN_REDIRECT_URL and every page links to it.
from django.urls import path

from tryeza.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
