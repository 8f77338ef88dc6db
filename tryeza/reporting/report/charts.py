"""Horizontal bar charts as inline SVG for the PDF (WeasyPrint draws them as vectors).

A chart is drawn from the values as displayed: a bar only for a plain number; "<5" and
"x" are written as marks with no bar, so a chart's length never tells a hidden value."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from tryeza.reporting.report.tables import Bars

WIDTH = 480
LABEL_WIDTH = 170
BAR_SPACE = 250
ROW = 20
BAR = 13
LABEL_CHARS = 30
COLOUR = "#2b5d8c"

# (title, inline SVG) as the PDF template places it.
Drawn = tuple[str, SafeString]


def _label(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _row(i: int, label: str, value: str, top: int) -> SafeString:
    y = i * ROW
    text = format_html('<text x="0" y="{}" font-size="9">{}</text>', y + BAR - 2, _label(label))
    if not value.isdigit():
        # A mark, not a figure: written where the bar would start, nothing drawn.
        return format_html(
            '{}<text x="{}" y="{}" font-size="9">{}</text>', text, LABEL_WIDTH, y + BAR - 2, value
        )
    length = round(int(value) * BAR_SPACE / top)
    return format_html(
        '{}<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
        '<text x="{}" y="{}" font-size="9">{}</text>',
        text,
        LABEL_WIDTH,
        y,
        length,
        BAR,
        COLOUR,
        LABEL_WIDTH + length + 4,
        y + BAR - 2,
        value,
    )


def bar_chart(chart: Bars) -> SafeString:
    drawn = [int(value) for _label, value in chart.bars if value.isdigit()]
    top = max(drawn, default=0) or 1
    height = max(len(chart.bars), 1) * ROW
    rows = format_html_join(
        "", "{}", ((_row(i, label, value, top),) for i, (label, value) in enumerate(chart.bars))
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" '
        'viewBox="0 0 {} {}" role="img" aria-label="{}" font-family="DejaVu Sans">{}</svg>',
        WIDTH,
        height,
        WIDTH,
        height,
        chart.title,
        rows,
    )


def render(charts: tuple[Bars, ...]) -> list[Drawn]:
    """(title, svg) per chart, for the PDF template."""
    return [(chart.title, bar_chart(chart)) for chart in charts if chart.bars]
