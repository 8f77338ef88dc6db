"""The parts of the benchmark that run inside Django, each in its own process against the
database in DATABASE_URL (so one run can look at two databases, and so the export's peak
memory is that of a process doing nothing else):

    python -m bench.django_side queries      # SQL queries per page and API route
    python -m bench.django_side export       # peak memory streaming the CSV export
    python -m bench.django_side reports      # report builds (bench/pages.py REPORTS)
    python -m bench.django_side build-1k     # the 1k-case database (same network)

Each prints one JSON document on its last line.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tryeza.settings")
# DEBUG off, as under gunicorn; CaptureQueriesContext records queries all the same.
os.environ.setdefault("TRYEZA_DEBUG", "0")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from bench.pages import PAGES, PERSONAS, REPORTS  # noqa: E402
from bench.personas import Facts, facts_for  # noqa: E402
from tryeza.accounts.models import User  # noqa: E402


def _facts(persona: str) -> Facts:
    raw = connection.cursor().connection  # the psycopg connection Django holds
    return facts_for(raw, PERSONAS[persona])


class _SQLClock:
    """Adds up the time spent in the database (an ``execute_wrapper``)."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def _measure(client: Client, url: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """The queries one request makes, and the median of ten requests, alone, split into
    time in the database and the rest (Python: middleware, view, templates)."""
    client.get(url, headers=headers)  # warm: sessions, caches, first-request work
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    # Read now: the next request's request_started signal empties the query log.
    count = len(captured.captured_queries)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    totals, sqls = [], []
    for _ in range(10):
        clock = _SQLClock()
        with connection.execute_wrapper(clock):
            started = time.perf_counter()
            client.get(url, headers=headers)
            totals.append(time.perf_counter() - started)
        sqls.append(clock.seconds)
    return {
        "queries": count,
        "alone_ms": round(statistics.median(totals) * 1000, 1),
        "db_ms": round(statistics.median(sqls) * 1000, 1),
    }


def queries() -> dict[str, Any]:
    """Queries per page and per API route, signed in as each page's persona."""
    counts: dict[str, Any] = {}
    for page in PAGES:
        facts = _facts(page.persona)
        user = User.objects.get(username=facts.username)
        client = Client()
        client.force_login(user)
        counts[page.name] = {"page": _measure(client, page.url.format(**facts.params()))}
        if page.api:
            token, _ = Token.objects.get_or_create(user=user)
            api = Client()
            counts[page.name]["api"] = _measure(
                api, page.api.format(**facts.params()), {"Authorization": f"Token {token.key}"}
            )
    return counts


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux: the process's resident high-water mark.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export() -> dict[str, Any]:
    """Stream the case list's CSV export of every case in the database, through the real
    view, and report this process's peak resident memory.

    The export is of the caller's cases, and no demo account is on every team; so the
    case worker's institution is put on every case's team first, and everything the run
    wrote (those team rows, the access-log rows the export records) is rolled back."""
    facts = _facts("case_worker")
    user = User.objects.get(username=facts.username)
    client = Client()
    client.force_login(user)
    client.get("/cases/")  # load templates, translations and the ORM before the baseline
    baseline = _peak_mb()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO cases_teammember (case_id, institution_id, is_lead, added_at) "
                "SELECT c.id, %s, false, now() FROM cases_case c WHERE NOT EXISTS "
                "(SELECT 1 FROM cases_teammember t WHERE t.case_id = c.id "
                "AND t.institution_id = %s)",
                [facts.institution_id, facts.institution_id],
            )
        started = time.perf_counter()
        response = client.get("/cases/export/?format=csv")
        rows = size = 0
        for chunk in response.streaming_content:  # type: ignore[attr-defined]
            size += len(chunk)
            rows += chunk.count(b"\n")
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return {
        "rows": rows - 1,  # the header
        "megabytes": round(size / 2**20, 1),
        "seconds": round(seconds, 1),
        "baseline_rss_mb": round(baseline, 1),
        "peak_rss_mb": round(_peak_mb(), 1),
    }


def _median_ms(repeats: int, run: Callable[[], object]) -> float:
    """Median milliseconds of ``run()``, each run inside a transaction rolled back and
    with nothing kept from the one before (``figures_cache``): a build reads its figures
    as a worker's first build does."""
    times = []
    for _ in range(repeats):
        cache.clear()
        with transaction.atomic():
            started = time.perf_counter()
            run()
            times.append(time.perf_counter() - started)
            transaction.set_rollback(True)
    return round(statistics.median(times) * 1000, 1)


def reports(repeats: int) -> dict[str, Any]:
    """Each report build (median of ``repeats``, each rolled back), its content gathered
    alone, and its SQL aggregate."""
    results: dict[str, Any] = {}
    for report in REPORTS:
        facts = _facts(report.persona)
        user = User.objects.get(username=facts.username)
        build_ms = _median_ms(repeats, partial(report.build, user, facts))
        figures_ms = None
        if report.figures is not None:
            figures_ms = _median_ms(repeats, partial(report.figures, user, facts))
        sqls = []
        with connection.cursor() as cursor:
            for _ in range(repeats):
                started = time.perf_counter()
                for statement in report.sql:
                    cursor.execute(statement, facts.params())
                    cursor.fetchall()
                sqls.append(time.perf_counter() - started)
        results[report.name] = {
            "build_ms": build_ms,
            "figures_ms": figures_ms,
            "sql_ms": round(statistics.median(sqls) * 1000, 2),
        }
    return results


def build_1k(cases: int) -> dict[str, Any]:
    """The demo at ``--scale large`` (the same network, accounts and personas) with
    ``cases`` bulk cases instead of 100,000: the demo's per-scale count is set for this
    process only, then the real command runs."""
    import io

    from django.core.management import call_command

    import tryeza.demo.bulk as bulk

    bulk.CASES_PER_SCALE = max(1, cases // 25)
    call_command("migrate", verbosity=0)
    call_command("demo", scale="large", reset=True, stdout=io.StringIO())
    from tryeza.cases.models import Case

    return {"cases": Case.objects.count()}


def main(argv: list[str]) -> None:
    command = argv[0] if argv else ""
    if command == "queries":
        result = queries()
    elif command == "export":
        result = export()
    elif command == "reports":
        result = reports(int(argv[1]) if len(argv) > 1 else 5)
    elif command == "build-1k":
        result = build_1k(int(argv[1]) if len(argv) > 1 else 1000)
    else:
        raise SystemExit(__doc__)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
