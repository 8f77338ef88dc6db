"""Case routes, mounted under /api/v1/ by ``tryeza/api_urls.py``. Fixed paths come before
``cases/<code>/`` so that no word is taken for a case code."""

from django.urls import path

from tryeza.cases.api import care, case, plan, referrals

urlpatterns = [
    path("cases/", case.CaseListCreate.as_view(), name="api-cases"),
    path("cases/counts/", case.CaseCounts.as_view(), name="api-case-counts"),
    path("cases/escalated/", care.EscalatedCases.as_view(), name="api-cases-escalated"),
    path("cases/<str:code>/", case.CaseDetail.as_view(), name="api-case"),
    path("cases/<str:code>/reveal/", case.CaseReveal.as_view(), name="api-case-reveal"),
    path("cases/<str:code>/status/", case.CaseStatus.as_view(), name="api-case-status"),
    path("cases/<str:code>/timeline/", case.CaseTimeline.as_view(), name="api-case-timeline"),
    path("cases/<str:code>/log/", case.CaseAccessLog.as_view(), name="api-case-log"),
    path("cases/<str:code>/screenings/", care.Screenings.as_view(), name="api-case-screenings"),
    path("cases/<str:code>/rights/", care.Rights.as_view(), name="api-case-rights"),
    path(
        "cases/<str:code>/cooperation/",
        care.CooperationRecords.as_view(),
        name="api-case-cooperation",
    ),
    path("cases/<str:code>/assessments/", care.Assessments.as_view(), name="api-case-assessments"),
    path("cases/<str:code>/services/", plan.PlannedServices.as_view(), name="api-case-services"),
    path(
        "cases/<str:code>/services/<int:pk>/",
        plan.PlannedServiceDetail.as_view(),
        name="api-case-service",
    ),
    path("cases/<str:code>/follow-ups/", care.FollowUps.as_view(), name="api-case-follow-ups"),
    path("cases/<str:code>/escalations/", care.Escalations.as_view(), name="api-case-escalations"),
    path(
        "cases/<str:code>/referrals/", referrals.CaseReferrals.as_view(), name="api-case-referrals"
    ),
    path(
        "referrals/received/",
        referrals.ReferralsReceived.as_view(),
        name="api-referrals-received",
    ),
    path(
        "referrals/received/<int:pk>/",
        referrals.ReferralReceived.as_view(),
        name="api-referral-received",
    ),
    path(
        "referrals/received/<int:pk>/accept/",
        referrals.AcceptReferral.as_view(),
        name="api-referral-accept",
    ),
    path(
        "referrals/received/<int:pk>/decline/",
        referrals.DeclineReferral.as_view(),
        name="api-referral-decline",
    ),
    path(
        "referrals/received/<int:pk>/reveal/",
        referrals.RevealReferred.as_view(),
        name="api-referral-reveal",
    ),
]
