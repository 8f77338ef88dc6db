"""Figures from case work: persons identified per quarter by region and category, counted
from the cases' anonymous fields only (never the identity tables). They are shown beside
what institutions typed, as one more source: "case work (Tryeza)"."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from tryeza.cases.access import case_counts
from tryeza.cases.choices import AgeBand, Exploitation, Stage, Where
from tryeza.reporting.periods import Period
from tryeza.reporting.validation import Cell

SOURCE = "casework"

_AGE = {band.value: ("0-17" if band in AgeBand.minors() else "18+") for band in AgeBand}
_AGE[AgeBand.UNKNOWN.value] = "unknown"
_WHERE = {
    Where.DOMESTIC.value: "domestic",
    Where.ABROAD.value: "abroad",
    Where.BOTH.value: "abroad",
}


def case_figures(
    half: Period, region_ids: Iterable[int] | None = None
) -> dict[int, dict[Cell, int]]:
    """Region id -> cells of ``victims_identified`` and ``at_risk_identified`` for the
    quarters of ``half``. One grouped query, however many cases there are."""
    rows = case_counts(
        [
            "region_id",
            "stage",
            "sex",
            "age_band",
            "exploitation",
            "exploited_where",
            "municipality__code",
        ],
        identified_from=half.start,
        identified_to=half.end,
        region_ids=region_ids,
        by_quarter=True,
    )
    figures: dict[int, dict[Cell, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        period = f"{half.year}Q{row['q']}"
        cells = figures[row["region_id"]]
        at_risk = row["stage"] == Stage.AT_RISK
        element = "at_risk_identified" if at_risk else "victims_identified"
        n = row["n"]
        cells[(element, period, "", "")] += n
        cells[(element, period, "sex", row["sex"])] += n
        cells[(element, period, "age", _AGE.get(row["age_band"], "unknown"))] += n
        if row["municipality__code"]:
            cells[(element, period, "municipality", row["municipality__code"])] += n
        if not at_risk:
            exploitation = row["exploitation"]
            if exploitation == Exploitation.NONE_YET:
                exploitation = Exploitation.UNKNOWN
            cells[(element, period, "exploitation", exploitation)] += n
            cells[
                (element, period, "destination", _WHERE.get(row["exploited_where"], "unknown"))
            ] += n
    return {region: dict(cells) for region, cells in figures.items()}
