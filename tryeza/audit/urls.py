from django.urls import path

from tryeza.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_log, name="log"),
    path("verifications/", views.verification_start, name="verify"),
    path("verifications/<int:pk>/", views.verification_progress, name="verification"),
]
