"""The benchmark's two PostgreSQL databases: the large one (``manage.py demo --scale
large``: 100k cases) and a 1k-case twin with the same network, for the query counts.
Both are separate from the development and test databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from bench.load import ROOT
from bench.personas import case_count

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tryeza_bench"


def small_url(url: str) -> str:
    """The 1k twin of a database URL: the same server, the name with ``_1k``."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_1k"))


def _name_and_server(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.path.lstrip("/"), urlunsplit(parts._replace(path="/postgres"))


def connect(url: str) -> psycopg.Connection[Any]:
    return psycopg.connect(url, autocommit=True)


def exists_with_cases(url: str) -> int:
    """How many cases the database holds; 0 if it or its tables do not exist."""
    try:
        with connect(url) as conn:
            return case_count(conn)
    except (psycopg.OperationalError, psycopg.errors.UndefinedTable):
        return 0


def recreate(url: str) -> None:
    name, server = _name_and_server(url)
    with connect(server) as conn:
        database = sql.Identifier(name)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(database))


def _manage(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=True,
    )


def migrate(url: str) -> None:
    """Bring the schema up to the code (the code may have gained migrations since), then
    vacuum and analyse. A bulk load leaves the planner without statistics (it guessed 146
    pending cases for 41,738) until autovacuum comes round; production tables have them."""
    _manage(url, "migrate", "--verbosity=0")
    with connect(url) as conn:
        conn.execute("VACUUM (ANALYZE)")


def build_large(url: str) -> float:
    """A fresh database with the demo at ``--scale large``; the seconds it took."""
    started = time.monotonic()
    recreate(url)
    migrate(url)
    _manage(url, "demo", "--scale=large")
    return time.monotonic() - started


def build_small(url: str, cases: int = 1000) -> float:
    started = time.monotonic()
    recreate(url)
    django_side(url, "build-1k", str(cases))
    return time.monotonic() - started


def django_side(url: str, *args: str) -> Any:
    """Run ``bench.django_side`` against ``url``; its JSON answer."""
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.django_side", *args],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"bench.django_side {' '.join(args)} failed on {urlsplit(url).path}")
    return json.loads(done.stdout.strip().splitlines()[-1])
