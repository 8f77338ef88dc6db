"""The XLSX template of an institution's return and its upload."""

from django.urls import URLPattern, re_path

from tryeza.reporting.views import xlsx

# ISO 3166-2 region and half-year, as on the region pages: never a word such as "national".
HALF = r"^(?P<region>[A-Z]{2}-[A-Z0-9]{1,3})/(?P<period>[0-9]{4}S[12])/"

urlpatterns: list[URLPattern] = [
    re_path(HALF + r"template\.xlsx$", xlsx.template_view, name="template"),
    re_path(HALF + r"upload/$", xlsx.upload_view, name="upload"),
]
