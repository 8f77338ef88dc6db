"""Reporting periods keyed the way national systems (DHIS2) key them: half-years
``2026S1``/``2026S2`` and quarters ``2026Q1``…``2026Q4``. A period is a value, not a row."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

_CODE = re.compile(r"^(?P<year>\d{4})(?P<kind>[SQ])(?P<index>\d)$")

# A committee has a month after the half-year ends to send its report to ONAC.
DAYS_TO_REPORT = 30


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str  # "S" half-year, "Q" quarter
    index: int

    @classmethod
    def parse(cls, code: str) -> Period:
        match = _CODE.match(code or "")
        if not match:
            raise PeriodError(
                _("“%(code)s” is not a period such as 2026S1 or 2026Q1.") % {"code": code}
            )
        year, kind, index = int(match["year"]), match["kind"], int(match["index"])
        if not 2000 <= year <= 2100 or not 1 <= index <= (2 if kind == "S" else 4):
            raise PeriodError(
                _("“%(code)s” is not a period such as 2026S1 or 2026Q1.") % {"code": code}
            )
        return cls(year, kind, index)

    @classmethod
    def parse_half(cls, code: str) -> Period:
        """A half-year such as 2026S1; a quarter is refused."""
        period = cls.parse(code)
        if period.kind != "S":
            raise PeriodError(_("“%(code)s” is not a half-year such as 2026S1.") % {"code": code})
        return period

    @classmethod
    def half_of(cls, day: datetime.date) -> Period:
        return cls(day.year, "S", 1 if day.month <= 6 else 2)

    @property
    def code(self) -> str:
        return f"{self.year}{self.kind}{self.index}"

    def __str__(self) -> str:
        return self.code

    @property
    def months(self) -> int:
        return 6 if self.kind == "S" else 3

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, (self.index - 1) * self.months + 1, 1)

    @property
    def end(self) -> datetime.date:
        last_month = self.index * self.months
        if last_month == 12:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, last_month + 1, 1) - datetime.timedelta(days=1)

    @property
    def due(self) -> datetime.date:
        """The day the committee's report for this half-year is due at ONAC."""
        return self.end + datetime.timedelta(days=DAYS_TO_REPORT)

    @property
    def quarters(self) -> list[Period]:
        if self.kind == "Q":
            return [self]
        return [Period(self.year, "Q", (self.index - 1) * 2 + i) for i in (1, 2)]

    @property
    def half(self) -> Period:
        return self if self.kind == "S" else Period(self.year, "S", 1 if self.index <= 2 else 2)

    def previous(self) -> Period:
        if self.index > 1:
            return Period(self.year, self.kind, self.index - 1)
        return Period(self.year - 1, self.kind, 2 if self.kind == "S" else 4)

    def label(self) -> str:
        if self.kind == "S":
            return str(_("%(year)s, half %(index)s") % {"year": self.year, "index": self.index})
        return str(_("%(year)s, quarter %(index)s") % {"year": self.year, "index": self.index})


def half_years(last: Period, count: int) -> list[Period]:
    """``count`` half-years ending with ``last``, oldest first."""
    periods = [last.half]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return list(reversed(periods))


def current_half(today: datetime.date | None = None) -> Period:
    """The half-year being reported on: the last one that has ended."""
    today = today or datetime.date.today()
    return Period.half_of(today).previous()
