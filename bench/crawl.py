"""Every page a person reaches in a few clicks, timed at 100k cases: how the pages the
benchmark does not list are watched (the meeting page and the audit log were found this
way; docs/PERFORMANCE.md).

    DATABASE_URL=postgres://…/tryeza_bench .venv/bin/python -m bench.crawl [--top 30]

Signed in as each demo account, it opens the home page, follows every link on it and on
the pages it leads to (two clicks by default), and times each page in process: a warming
request, then the median of three, each inside a transaction rolled back (pages that
record an access write nothing that stays). Exports (``format=``) are left out unless
``--exports``. Prints any page that failed, then the slowest; ``--out`` writes them all
as JSON.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tryeza.settings")
os.environ.setdefault("TRYEZA_DEBUG", "0")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tryeza.accounts.models import User  # noqa: E402

# One account of each kind of person: case work in Elbasan, its committee and table,
# ONAC, a shelter and an observer (demo usernames, password ``tryeza-demo``).
USERS = (
    "elbasan.cpu",
    "elbasan.secretariat",
    "elbasan.committee",
    "elbasan.police",
    "elbasan.ngo",
    "onac.coordinator",
    "onac.dpo",
    "shelter.admin",
    "iom.observer",
)
LINK = re.compile(r'href="(/[^"#]*)"')
NOT_PAGES = ("/accounts/logout", "/static/", "/i18n/", "/admin/", "/api/")


def _time(client: Client, url: str) -> tuple[dict[str, Any], list[str]]:
    """Median milliseconds of three requests after a warming one, the queries of one, the
    status, and the links of an HTML answer; everything rolled back."""
    with transaction.atomic():
        client.get(url)
        times = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
        transaction.set_rollback(True)
    html = response.status_code == 200 and "html" in response.get("Content-Type", "")
    links = LINK.findall(response.content.decode()) if html else []
    figures = {
        "ms": round(statistics.median(times), 1),
        "queries": len(queries),
        "status": response.status_code,
    }
    return figures, links


def crawl(username: str, depth: int, most: int, exports: bool) -> list[dict[str, Any]]:
    client = Client(raise_request_exception=False)  # a failing page is a finding
    client.force_login(User.objects.get(username=username))
    seen: set[str] = set()
    found, frontier = [], ["/"]
    for _ in range(depth + 1):
        following = []
        for link in frontier:
            url = link.replace("&amp;", "&")
            if url in seen or url.startswith(NOT_PAGES) or len(seen) >= most:
                continue
            if "format=" in url and not exports:
                continue
            seen.add(url)
            figures, links = _time(client, url)
            found.append({"user": username, "url": url, **figures})
            following += links
        frontier = following
    return found


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.crawl", description=__doc__.split("\n")[0])
    p.add_argument("--users", default=",".join(USERS), help="demo usernames, comma-separated")
    p.add_argument("--depth", type=int, default=2, help="clicks from the home page (2)")
    p.add_argument("--most", type=int, default=250, help="pages per account at most (250)")
    p.add_argument("--top", type=int, default=30, help="the slowest pages printed (30)")
    p.add_argument("--exports", action="store_true", help="time the exports too")
    p.add_argument("--out", type=Path, help="every page's figures as JSON")
    args = p.parse_args(argv)
    settings.ALLOWED_HOSTS = ["*"]  # the test client's host
    logging.disable(logging.ERROR)  # sign-in notices; failures are listed below instead
    pages: list[dict[str, Any]] = []
    for username in args.users.split(","):
        found = crawl(username, args.depth, args.most, args.exports)
        print(f"{username}: {len(found)} pages", file=sys.stderr)
        pages += found
    pages.sort(key=lambda page: -page["ms"])
    for page in pages:
        if page["status"] >= 500:
            print(f"FAILED {page['status']}  {page['user']} {page['url']}")
    print(f"{'ms':>8} {'q':>4} {'status':>6}  {'account':<20} page")
    for page in pages[: args.top]:
        print(
            f"{page['ms']:>8.1f} {page['queries']:>4} {page['status']:>6}  "
            f"{page['user']:<20} {page['url']}"
        )
    if args.out:
        args.out.write_text(json.dumps(pages, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
