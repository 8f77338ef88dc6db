"""Pages and API routes about cases, and the home pages, run as many SQL queries with 30
cases as with 3: the query count does not grow with the data (issue 6; the benchmark in
bench/ checks the same at 1k and 100k cases). The unfiltered case list and its API route
are covered in test_pages.py and test_api_case.py, a case's pages as its records grow in
test_care_pages.py."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tryeza.cases.choices import Stage, Status
from tryeza.cases.models import Case
from tryeza.cases.services import case_change_status, case_register

from .conftest import elbasan_draft, planted_identity

# (persona fixture, URL; "{code}" is the first case's code)
PAGES = [
    ("cpu_worker", "/cases/?status=pending&sex=female"),
    ("cpu_worker", "/cases/{code}/"),
    ("cpu_worker", "/api/v1/cases/{code}/"),
    ("cpu_worker", "/api/v1/cases/?status=pending"),
    ("cpu_worker", "/"),
    ("committee_member", "/cases/"),
    ("national_coordinator", "/cases/"),
    ("national_coordinator", "/api/v1/cases/counts/"),
    ("national_coordinator", "/"),
    ("secretariat_officer", "/"),
]


def add_cases(network: dict[str, Any], worker: Any, count: int) -> list[Case]:
    """``count`` cases on the worker's team and the shelter's, every other one pending."""
    made = []
    for n in range(count):
        case = case_register(
            actor=worker,
            draft=elbasan_draft(network),
            identity=planted_identity(),
            team=[network["shelter_el"]],
        )
        if n % 2:
            case = case_change_status(
                actor=worker,
                case=case,
                expected_version=case.version,
                stage=Stage.AT_RISK,
                status=Status.PENDING,
            )
        made.append(case)
    return made


@pytest.mark.parametrize(("persona", "url"), PAGES)
def test_a_page_runs_as_many_queries_with_30_cases_as_with_3(
    request, client, settings, network, cpu_worker, django_assert_num_queries, persona, url
):
    # Figures kept between visits (the counts) are computed each time here: a kept
    # reading is one query whatever the data, the computing is what could grow.
    settings.TRYEZA_FIGURES_CACHE_SECONDS = 0
    first = add_cases(network, cpu_worker, 3)[0]
    user = request.getfixturevalue(persona)
    client.force_login(user)
    url = url.format(code=first.code)
    assert client.get(url).status_code == 200  # warm the session
    with CaptureQueriesContext(connection) as three:
        assert client.get(url).status_code == 200
    add_cases(network, cpu_worker, 27)
    assert Case.objects.count() == 30
    with django_assert_num_queries(len(three.captured_queries)):
        assert client.get(url).status_code == 200
