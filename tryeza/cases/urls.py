from django.urls import path

from tryeza.cases.views import care, escalations, referrals
from tryeza.cases.views import case as views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_register_view, name="register"),
    path("export/", views.case_export, name="export"),
    path("escalated/", escalations.escalation_list, name="escalations"),
    # Before "<code>/", which would otherwise take "referrals" for a case code.
    path("referrals/", referrals.inbox, name="referrals-received"),
    path("referrals/<int:pk>/", referrals.received, name="referral"),
    path("<str:code>/", views.case_detail, name="detail"),
    path("<str:code>/log/", views.case_access_log, name="access-log"),
    path("<str:code>/screening/", care.screening, name="screening"),
    path("<str:code>/rights/", care.rights, name="rights"),
    path("<str:code>/needs/", care.needs, name="needs"),
    path("<str:code>/plan/", care.plan, name="plan"),
    path("<str:code>/follow-up/", care.follow_up, name="follow-up"),
    path("<str:code>/escalate/", care.escalate, name="escalate"),
    path("<str:code>/timeline/", care.timeline, name="timeline"),
    path("<str:code>/refer/", referrals.refer, name="refer"),
]
