"""Figures kept until the data under them changes: ONAC's national tables, and per region
and half-year the sources, their differences, the returns, the review trail, the totals
it stands by and who is expected to report (``selectors.sources``, ``discrepancies``,
``region_totals``; ``reporters.returns_by_institution``, ``trail``, ``expected_names``,
``expected_counts``; the committee page's rows of reporters), the counts of cases by
region and status that everyone but case workers sees (``cases.access``), and what
the national and regional home pages show of the directory (``web.views``).

Computing the national tables reads every region's reports and groups every case
(about 300 ms at ten times national scale); figures like these change only when a
report moves in its workflow, a return or an explanation is saved, a case is registered
or changed, ONAC sets the tolerance between sources, or the system administrator edits
the directory (institutions, structures, memberships: the admin is the only place they
are edited, and it logs every change). The cache key holds the latest of those changes
(six MAX() reads in one query), so a change shows at the next request.

A change's time is taken when it is saved, not when its transaction commits: one saved
before another but committed after it has an older time than a key already read, and a
value computed between the two commits would lack it under the newer key. So a value
is kept for the full timeout (``TRYEZA_FIGURES_CACHE_SECONDS``, 0 turns keeping off)
only once the latest change is older than any transaction lasts (``SETTLED``: a request
is ended by gunicorn's 60 s timeout); computed under a younger key, it is kept for
``UNSETTLED_KEPT`` seconds, the longest such a late change can stay unseen. The timeout
also bounds what the key cannot see: a geography file loaded again. Decisions do not
read kept figures: approval checks the differences afresh
(``selectors.unexplained_discrepancies``). Per process (Django's default local-memory
cache), per language and per question asked.

A page that reads several kept figures and writes nothing meanwhile reads the data
version once, inside ``one_version()``."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language

from tryeza.cases.models import Case
from tryeza.reporting.models import DataReturn, ElementBounds, Explanation, ReviewEvent

T = TypeVar("T")


# Where each change leaves its time: the first four indexed; ONAC's ranges (a row per
# element) and the admin's log are short.
CHANGES = (
    (ReviewEvent, "at"),
    (DataReturn, "updated_at"),
    (Explanation, "at"),
    (Case, "updated_at"),
    (ElementBounds, "updated_at"),
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


# A change this old has committed, or never will (see the module's docstring).
SETTLED = datetime.timedelta(seconds=60)
UNSETTLED_KEPT = 5


def _settled(version: tuple[object, ...]) -> bool:
    """Whether the latest change in ``version`` is older than any transaction lasts.
    SQLite's raw cursor gives the times as text, in UTC."""
    times = []
    for value in version:
        when = parse_datetime(value) if isinstance(value, str) else value
        if isinstance(when, datetime.datetime):
            times.append(when if timezone.is_aware(when) else when.replace(tzinfo=datetime.UTC))
    return not times or timezone.now() - max(times) >= SETTLED


# The data version read by ``one_version()`` for the kept reads inside it.
_read_once: ContextVar[tuple[object, ...] | None] = ContextVar("figures_version", default=None)


@contextmanager
def one_version() -> Iterator[None]:
    """The kept reads inside share one reading of the data version (one query instead
    of one each). Only around reads: a change made inside would not move the version
    they use."""
    if not settings.TRYEZA_FIGURES_CACHE_SECONDS:
        yield
        return
    token = _read_once.set(data_version())
    try:
        yield
    finally:
        _read_once.reset(token)


def cached(name: str, compute: Callable[[], T], *question: Hashable) -> T:
    timeout = settings.TRYEZA_FIGURES_CACHE_SECONDS
    if not timeout:
        return compute()
    current = _read_once.get()
    if current is None:
        current = data_version()
    version = repr((get_language(), question, current)).encode()
    key = f"tryeza:figures:{name}:{hashlib.sha256(version).hexdigest()}"
    found = cache.get(key)
    if found is None:
        settled = _settled(current)  # before computing: what committed by now is read
        found = compute()
        cache.set(key, found, timeout if settled else min(timeout, UNSETTLED_KEPT))
    return found
