"""The situational analysis of a region: entry by institutions, review by the committee's
secretariat, acceptance by ONAC. Region codes are ISO 3166-2 (``AL-03``) and periods
half-years (``2026S1``), so these patterns never catch a word such as ``national``."""

from django.urls import URLPattern, path, re_path

from tryeza.reporting.views import entry, region, review

HALF = r"^(?P<region>[A-Z]{2}-[A-Z0-9]{1,3})/(?P<period>[0-9]{4}S[12])/"

urlpatterns: list[URLPattern] = [
    path("", region.index, name="index"),
    path("ranges/", region.ranges, name="ranges"),
    re_path(HALF + r"$", review.region_page, name="region"),
    re_path(HALF + r"figures/$", entry.entry, name="entry"),
    re_path(HALF + r"returns/send-back/$", entry.return_send_back, name="return-send-back"),
    re_path(HALF + r"explain/$", review.explain, name="region-explain"),
    re_path(HALF + r"analysis/$", review.analysis, name="region-analysis"),
    re_path(HALF + r"approve/$", review.approve, name="region-approve"),
    re_path(HALF + r"accept/$", region.accept, name="region-accept"),
    re_path(HALF + r"reopen/$", region.reopen, name="region-reopen"),
]
