"""The two kinds of thing the benchmark measures (listed in ``bench/pages.py`` and
``bench/pages_reporting.py``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Page:
    name: str
    persona: str
    url: str
    # The API route that returns the same data, or None (then ``api_note`` says why).
    api: str | None
    # Statements run one after the other; their total is the page's bare SQL time.
    sql: tuple[str, ...]
    api_note: str = ""


@dataclass(frozen=True)
class Report:
    """A report build, timed in a Django process: ``build(user, facts)`` runs through the
    real services (inside a transaction the bench rolls back); ``sql`` is the hand-written
    aggregate that gives the same figures; ``figures(user, facts)``, if given, gathers
    the report's content alone (no layout), to tell the figures' cost from the file's."""

    name: str
    persona: str
    build: Callable[[Any, Any], object]
    sql: tuple[str, ...]
    figures: Callable[[Any, Any], object] | None = None
