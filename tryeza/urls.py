from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("tryeza.web.urls")),
    path("accounts/", include("tryeza.accounts.urls")),
    path("directory/", include("tryeza.directory.urls")),
    path("cases/", include("tryeza.cases.urls")),
    path("meetings/", include("tryeza.meetings.urls")),
    path("reports/", include("tryeza.reporting.urls")),
    path("audit/", include("tryeza.audit.urls")),
    path("api/v1/", include("tryeza.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
