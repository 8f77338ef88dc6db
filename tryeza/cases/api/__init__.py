"""Case endpoints under /api/v1/, by the same door (``access``) and services as the pages.
Split by subdomain: ``case`` (list, detail, reveal, status, counts, timeline, access log)
with ``registration``, ``care`` (screening to escalation), ``plan`` (services with their
versions), ``referrals`` (sent and received); ``base`` holds what they share. The routes
are in ``tryeza/cases/api_urls.py``."""

from tryeza.cases.api.base import Conflict
from tryeza.cases.api.case import (
    CaseAccessLog,
    CaseCounts,
    CaseDetail,
    CaseListCreate,
    CaseReveal,
    CaseStatus,
    CaseTimeline,
)

__all__ = [
    "CaseAccessLog",
    "CaseCounts",
    "CaseDetail",
    "CaseListCreate",
    "CaseReveal",
    "CaseStatus",
    "CaseTimeline",
    "Conflict",
]
