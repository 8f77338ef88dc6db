"""Helpers shared by the directory page tests."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def same_queries_for_more_rows(
    client: Any, django_assert_num_queries: Any
) -> Callable[[str, Callable[[int], None]], None]:
    """Counts the queries of a page with few rows, adds rows, and asserts the same count."""

    def check(url: str, add_rows: Callable[[int], None]) -> None:
        add_rows(3)
        client.get(url)  # warm up: content types, sessions, caches
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        add_rows(27)
        with django_assert_num_queries(len(few.captured_queries)):
            assert client.get(url).status_code == 200

    return check
