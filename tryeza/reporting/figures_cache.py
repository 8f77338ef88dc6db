"""Figures kept until the data under them changes: ONAC's national tables, and per region
and half-year the sources, the returns, the review trail, the totals it stands by and
who is expected to report (``selectors.sources`` and ``region_totals``;
``reporters.returns_by_institution``, ``trail``, ``expected_names``, ``expected_counts``).

Computing the national tables reads every region's reports and groups every case
(about 300 ms at ten times national scale); figures like these change only when a
report moves in its workflow, a return or an explanation is saved, a case is registered
or changed, or the system administrator edits the directory (institutions, structures,
memberships: the admin is the only place they are edited, and it logs every change).
The cache key holds the latest of those changes (five MAX() reads in one query), so a
change shows at the next request; the timeout (``TRYEZA_FIGURES_CACHE_SECONDS``, 0 turns
it off) bounds what the key cannot see, such as a geography file loaded again. Per
process (Django's default local-memory cache), per language and per question asked."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.db import connection
from django.utils.translation import get_language

from tryeza.cases.models import Case
from tryeza.reporting.models import DataReturn, Explanation, ReviewEvent

T = TypeVar("T")


# Where each change leaves its time: the first four indexed; the admin's log is short.
CHANGES = (
    (ReviewEvent, "at"),
    (DataReturn, "updated_at"),
    (Explanation, "at"),
    (Case, "updated_at"),
    (LogEntry, "action_time"),
)


def data_version() -> tuple[object, ...]:
    """The latest change to anything the kept figures are computed from, in one query
    (the ORM makes one per aggregate)."""
    quote = connection.ops.quote_name
    latest = [
        f"(SELECT MAX({quote(column)}) FROM {quote(model._meta.db_table)})"  # noqa: S608 — names from the models
        for model, column in CHANGES
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(latest)}")
        return tuple(cursor.fetchone() or ())


def cached(name: str, compute: Callable[[], T], *question: Hashable) -> T:
    timeout = settings.TRYEZA_FIGURES_CACHE_SECONDS
    if not timeout:
        return compute()
    version = repr((get_language(), question, data_version())).encode()
    key = f"tryeza:figures:{name}:{hashlib.sha256(version).hexdigest()}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout)
    return found
