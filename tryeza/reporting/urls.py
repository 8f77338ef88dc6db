"""Pages of the situational analysis and the bi-annual report, under /reports/."""

from django.urls import include, path

app_name = "reporting"

urlpatterns = [
    path("", include("tryeza.reporting.views.urls_region")),
    path("", include("tryeza.reporting.views.urls_xlsx")),
    path("", include("tryeza.reporting.views.urls_report")),
    path("", include("tryeza.reporting.views.urls_national")),
]
