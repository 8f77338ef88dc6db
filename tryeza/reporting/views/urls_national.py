"""ONAC's pages: the regions compared, public releases and the CTDC export."""

from django.urls import path

from tryeza.reporting.views import national

urlpatterns = [
    path("national/", national.national, name="national"),
    path("releases/", national.release_list, name="releases"),
    path("releases/new/", national.release_new, name="release-new"),
    path("releases/<int:pk>/csv/", national.release_download, name="release-download"),
    path("exports/ctdc.csv", national.ctdc_download, name="ctdc"),
]
