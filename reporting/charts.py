"""Bar chart geometry for server-rendered SVG: pure, no Django.

Numbers in, rectangles out; the template draws them with SVG attributes only (the
content security policy allows no inline styles)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

WIDTH = 640
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 200


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # None: withheld (small cell), drawn as an empty bar
    shown: str
    y: int
    width: int
    text_x: int
    text_y: int


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    height: int
    width: int = WIDTH
    label_width: int = LABEL_WIDTH


def bar_chart(
    *, title: str, items: list[tuple[str, int | str | None]], format_value: Callable[[int], Any] = str
) -> BarChart:
    """Horizontal bars, one per item, scaled to the largest shown value; a text item (a withheld
    figure's marker, already translated) is written beside an empty bar."""
    numbers = [value for _, value in items if isinstance(value, int)]
    largest = max(numbers, default=0) or 1
    room = WIDTH - LABEL_WIDTH - 60
    bars = []
    for index, (label, value) in enumerate(items):
        y = index * (BAR_HEIGHT + GAP)
        number = value if isinstance(value, int) else None
        width = round(room * number / largest) if number else 0
        bars.append(
            Bar(
                label=label, value=number, y=y, width=width,
                shown="" if value is None else str(value if number is None else format_value(number)),
                text_x=LABEL_WIDTH + width + 6, text_y=y + BAR_HEIGHT - 6,
            )
        )
    return BarChart(title=title, bars=bars, height=max(len(items) * (BAR_HEIGHT + GAP), BAR_HEIGHT))
