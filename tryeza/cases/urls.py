from django.urls import path

from tryeza.cases.views import case as views
from tryeza.cases.views import escalations

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_register_view, name="register"),
    path("export/", views.case_export, name="export"),
    path("escalated/", escalations.escalation_list, name="escalations"),
    path("<str:code>/", views.case_detail, name="detail"),
    path("<str:code>/log/", views.case_access_log, name="access-log"),
]
