"""Periods keyed like national systems, and the validation rules of a return."""

import datetime
from typing import Any

import pytest

from tryeza.reporting.catalogue import BY_CODE
from tryeza.reporting.periods import Period, PeriodError, current_half, half_years
from tryeza.reporting.validation import Range, known_cells, validate

MUNICIPALITIES = [("AL331", "Belsh"), ("AL332", "Cërrik")]


def test_periods_parse_and_span() -> None:
    half = Period.parse("2026S1")
    assert (half.start, half.end) == (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    assert [q.code for q in half.quarters] == ["2026Q1", "2026Q2"]
    assert Period.parse("2026Q4").end == datetime.date(2026, 12, 31)
    assert Period.parse("2026Q3").half.code == "2026S2"
    assert half.due == datetime.date(2026, 7, 30)
    assert [p.code for p in half_years(Period.parse("2026S1"), 3)] == [
        "2025S1",
        "2025S2",
        "2026S1",
    ]
    assert current_half(datetime.date(2026, 11, 23)).code == "2026S1"
    assert current_half(datetime.date(2026, 3, 1)).code == "2025S2"


@pytest.mark.parametrize("code", ["2026S3", "2026Q5", "26S1", "2026H1", "", "2026S1 "])
def test_bad_periods_are_refused(code: str) -> None:
    with pytest.raises(PeriodError):
        Period.parse(code)


def _check(numbers: dict[Any, int | None], **ranges: Range) -> list[str]:
    problems = validate(numbers, half="2026S1", municipalities=MUNICIPALITIES, ranges=ranges)
    return [p.message for p in problems]


def test_totals_equal_their_parts() -> None:
    total = ("school_abandonment", "2026S1", "", "")
    by_municipality = {
        ("school_abandonment", "2026S1", "municipality", "AL331"): 116,
        ("school_abandonment", "2026S1", "municipality", "AL332"): 108,
    }
    assert _check({total: 224, **by_municipality}) == []
    [message] = _check({total: 225, **by_municipality})
    assert "add up to 224, not to the total 225" in message
    # A partial breakdown may be less than the total, never more.
    assert (
        _check({total: 200, ("school_abandonment", "2026S1", "municipality", "AL331"): 116}) == []
    )
    assert _check({total: 100, ("school_abandonment", "2026S1", "municipality", "AL331"): 116})


def test_minors_not_more_than_total_and_breakdown_needs_total() -> None:
    [message] = _check(
        {
            ("victims_identified", "2026Q1", "", ""): 3,
            ("victims_identified", "2026Q1", "age", "0-17"): 5,
        }
    )
    assert "5 children are more than the total of 3" in message
    [message] = _check({("victims_identified", "2026Q2", "sex", "female"): 2})
    assert "enter the total" in message


def test_expected_range_catches_typos() -> None:
    numbers: dict[Any, int | None] = {("victims_identified", "2026Q1", "", ""): 700}
    [message] = _check(numbers, victims_identified=Range(0, 200))
    assert "outside the expected range 0–200" in message


def test_known_cells_cover_quarters_and_municipalities() -> None:
    cells = known_cells("2026S1", MUNICIPALITIES)
    assert ("victims_identified", "2026Q2", "municipality", "AL332") in cells
    assert ("school_abandonment", "2026S1", "reason", "poverty") in cells
    assert not any(BY_CODE[c[0]].kind == "text" for c in cells)
