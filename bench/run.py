"""Tryeza's benchmark (issue 6): pages and their API routes under load, beside the bare
SQL that returns the same data; queries per page at 1k and 100k cases; peak memory of
the CSV export; report builds once the reporting app declares them.

    make bench                      # or: .venv/bin/python -m bench.run [--build]

See docs/PERFORMANCE.md for what each figure means.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg

from bench import cpu, databases, load
from bench.pages import PAGES, PERSONAS, REPORTS, Page
from bench.personas import DEMO_PASSWORD, Facts, case_count, facts_for
from bench.report import machine, table, verdicts, write

RESULTS = Path(__file__).parent / "results" / "latest.json"


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    p.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or databases.DEFAULT_URL,
        help="the large database (default $DATABASE_URL, else %(default)s)",
    )
    p.add_argument(
        "--build",
        action="store_true",
        help="rebuild both databases first (about 10 min; done anyway when they are missing)",
    )
    p.add_argument("--seconds", type=float, default=20, help="load per page and route (20)")
    p.add_argument(
        "--think-ms",
        default="500,1500",
        help="each client's wait between an answer and its next request, low,high (500,1500)",
    )
    p.add_argument(
        "--saturation-seconds",
        type=float,
        default=10,
        help="then the same clients with no wait, for the server's capacity (10; 0 skips)",
    )
    p.add_argument("--warmup", type=float, default=2, help="unmeasured load first (2)")
    p.add_argument("--clients", type=int, default=16, help="concurrent clients (16)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    p.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument(
        "--quiet-wait", type=float, default=10, help="wait up to this for an idle machine (10)"
    )
    p.add_argument("--sql-repeats", type=int, default=30, help="runs of each bare SQL (30)")
    p.add_argument("--only", default="", help="comma-separated page names")
    p.add_argument("--no-queries", action="store_true", help="skip the query counts")
    p.add_argument("--no-export", action="store_true", help="skip the export's memory")
    p.add_argument("--no-reports", action="store_true", help="skip the report builds")
    p.add_argument("--out", type=Path, default=RESULTS)
    return p.parse_args(argv)


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def prepare(args: argparse.Namespace) -> str:
    """Both databases ready and migrated; the small one's URL."""
    small = databases.small_url(args.database_url)
    if args.build or not databases.exists_with_cases(args.database_url):
        say("Building the large database (manage.py demo --scale large, about 7 min)…")
        say(f"  built in {databases.build_large(args.database_url):.0f} s")
    if args.build or (not args.no_queries and not databases.exists_with_cases(small)):
        say("Building the 1k-case twin (the same network, 1,000 bulk cases, about 3 min)…")
        say(f"  built in {databases.build_small(small):.0f} s")
    for url in (args.database_url, *(() if args.no_queries else (small,))):
        databases.migrate(url)
    return small


def bare_sql(conn: Any, page: Page, facts: Facts, repeats: int) -> float:
    """Median milliseconds of the page's statements, run one after the other. Values are
    bound in the client, as Django does, so PostgreSQL plans each statement for its values
    (a prepared statement's generic plan picked a worse join for the list's count)."""
    params = facts.params()
    cursor = psycopg.ClientCursor(conn)

    def once() -> float:
        started = time.perf_counter()
        for statement in page.sql:
            cursor.execute(statement, params)
            cursor.fetchall()
        return time.perf_counter() - started

    for _ in range(3):
        once()
    return statistics.median(once() for _ in range(repeats)) * 1000


def sign_in_all(server: load.Server, personas: set[str], clients: int) -> dict[str, Any]:
    """``clients`` sessions per persona (one per client, as 16 people would have), and
    each persona's API token."""
    jobs = [(p, PERSONAS[p]) for p in sorted(personas) for _ in range(clients)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        cookies = list(pool.map(lambda job: load.sign_in(server, job[1], DEMO_PASSWORD), jobs))
    auth: dict[str, Any] = {p: {"page": [], "api": []} for p in personas}
    for (persona, _), cookie in zip(jobs, cookies, strict=True):
        auth[persona]["page"].append(cookie)
    for persona in personas:
        token = load.api_token(server, PERSONAS[persona], DEMO_PASSWORD)
        auth[persona]["api"] = [token] * clients
    return auth


def backends(conn: Any) -> list[int]:
    """The PostgreSQL processes serving the benchmark's database (gunicorn's connections)."""
    rows = conn.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
    ).fetchall()
    return [pid for (pid,) in rows]


def check(server: load.Server, path: str, header: str) -> None:
    status, body = load.get(server, path, header)
    if status != 200 or 'name="password"' in body:
        raise SystemExit(f"{path} answered {status} (or the sign-in page): not measured")


def measure_pages(args: argparse.Namespace, pages: list[Page]) -> list[dict[str, Any]]:
    low, high = (int(part) for part in args.think_ms.split(","))
    think_ms = (low, high)
    conn = databases.connect(args.database_url)
    facts = {p: facts_for(conn, PERSONAS[p]) for p in {page.persona for page in pages}}
    say(f"gunicorn: {args.workers} workers × {args.threads} threads on port {args.port}")
    server = load.start_gunicorn(
        args.database_url, port=args.port, workers=args.workers, threads=args.threads
    )
    rows = []
    try:
        auth = sign_in_all(server, set(facts), args.clients)
        for page in pages:
            f = facts[page.persona]
            row: dict[str, Any] = {"name": page.name, "persona": f.username}
            for kind, path in (("page", page.url), ("api", page.api)):
                if path is None:
                    row["api_note"] = page.api_note
                    continue
                path = path.format(**f.params())
                headers = auth[page.persona][kind]
                check(server, path, headers[0])
                quiet = cpu.wait_for_quiet(args.quiet_wait)
                if args.warmup:
                    load.wrk(server, path, headers, seconds=args.warmup)

                def serving() -> list[int]:
                    return cpu.pids_serving(server.process.pid, backends(conn))

                with cpu.Window(serving) as window:
                    figures = load.wrk(
                        server, path, headers, seconds=args.seconds, think_ms=think_ms
                    )
                cpu.wait_idle(serving())
                row[kind] = {
                    "path": path,
                    **figures,
                    "busy_before": round(quiet, 2),
                    "others_cpu": round(window.others_share, 2),
                }
                say(
                    f"{page.name} {kind}: p95 {figures['p95_ms']:.1f} ms at {figures['rps']} "
                    f"req/s (machine {quiet:.0%} busy before; others took "
                    f"{window.others_share:.0%})"
                )
                if args.saturation_seconds:
                    most = load.wrk(server, path, headers, seconds=args.saturation_seconds)
                    cpu.wait_idle(serving())
                    row[kind]["saturation"] = most
                    say(f"  saturated: {most['rps']} req/s, p95 {most['p95_ms']:.1f} ms")
                if page.api_note and kind == "api":
                    row["api_note"] = page.api_note
            row["sql_ms"] = round(bare_sql(conn, page, f, args.sql_repeats), 3)
            rows.append(row)
    finally:
        server.stop()
        conn.close()
    return rows


def main(argv: list[str]) -> None:
    args = parse(argv)
    if not load.wrk_available():
        raise SystemExit("wrk is not installed: apt-get install wrk (or `make bench`).")
    started = time.monotonic()
    small = prepare(args)
    wanted = {name for name in args.only.split(",") if name}
    pages = [page for page in PAGES if not wanted or page.name in wanted]
    with databases.connect(args.database_url) as conn:
        cases = case_count(conn)
        postgresql = conn.execute("SHOW server_version").fetchone()
    results: dict[str, Any] = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {**machine(), "postgresql": postgresql[0] if postgresql else ""},
        "settings": {
            "cases": cases,
            "clients": args.clients,
            "seconds": args.seconds,
            "think_ms": args.think_ms,
            "saturation_seconds": args.saturation_seconds,
            "gunicorn": f"{args.workers} workers x {args.threads} threads (gthread)",
            "sql_repeats": args.sql_repeats,
        },
    }
    say(f"{cases:,} cases; {len(pages)} pages, {args.seconds:.0f} s each for page and API")
    results["pages"] = measure_pages(args, pages)
    if not args.no_queries:
        say("Counting queries per page at 1k and at 100k cases…")
        counts = {
            "1k": databases.django_side(small, "queries"),
            "100k": databases.django_side(args.database_url, "queries"),
        }
        for row in results["pages"]:
            measured = {scale: counts[scale].get(row["name"], {}) for scale in counts}
            row["queries"] = {
                scale: {kind: m["queries"] for kind, m in by_kind.items()}
                for scale, by_kind in measured.items()
            }
            # One request at a time, in process, at 100k cases: where the time goes.
            row["alone"] = {
                kind: {"ms": m["alone_ms"], "db_ms": m["db_ms"]}
                for kind, m in measured["100k"].items()
            }
    if not args.no_export:
        say("Streaming the CSV export of every case in a separate process…")
        results["export"] = databases.django_side(args.database_url, "export")
    if args.no_reports:
        results["reports_skipped"] = True
    elif REPORTS:
        say("Timing the report builds…")
        results["reports"] = databases.django_side(args.database_url, "reports", "5")
    verdicts(results)
    results["seconds"] = round(time.monotonic() - started)
    print()
    print(table(results))
    write(results, args.out)
    print(f"\nWritten to {args.out} ({results['seconds']} s in all).")


if __name__ == "__main__":
    main(sys.argv[1:])
