"""Server-rendered SVG bar charts with labelled axes: the geometry here, drawn by a template."""

import math
from dataclasses import dataclass

WIDTH = 720  # the viewBox; the SVG is scaled to its column's width
LEFT, RIGHT, TOP = 50, 8, 28  # room for the y axis's ticks and title, and the top count
BOTTOM = 56  # room for the years and the x axis's title


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float
    url: str = ""

    @property
    def center(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    ticks: list[Tick]
    width: int
    height: int
    baseline: float
    left: int
    title: str
    x_label: str
    y_label: str

    @property
    def top(self) -> int:
        return TOP

    @property
    def y_label_y(self) -> float:
        return round((TOP + self.baseline) / 2, 1)

    @property
    def x_label_x(self) -> float:
        return round((self.left + self.width - RIGHT) / 2, 1)


def ticks_for(peak: int) -> list[int]:
    """0 and a few round steps reaching the peak: 0, 1, 2 for 2; 0, 5, 10, 15 for 13."""
    step = max(1, math.ceil(peak / 4))
    if step > 2:
        magnitude = 10 ** (len(str(step)) - 1)
        step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= step)
    return list(range(0, peak + step, step)) if peak else [0, 1]


def bar_chart(
    series,
    *,
    title: str,
    y_label: str,
    x_label: str = "Year",
    height: int = 230,
    url_for=None,
) -> BarChart | None:
    """series: (label, count) pairs in order, every one drawn (zeros too). url_for(label)
    gives a bar's link; a bar of 0 has none."""
    if not series:
        return None
    ticks = ticks_for(max(count for _, count in series))
    top_value = ticks[-1]
    plot = height - TOP - BOTTOM
    baseline = TOP + plot
    slot = (WIDTH - LEFT - RIGHT) / len(series)
    bar_width = round(min(48, slot * 0.7), 1)
    bars = []
    for index, (label, count) in enumerate(series):
        bar_height = round(plot * count / top_value, 1)
        bars.append(
            Bar(
                label=str(label),
                count=count,
                x=round(LEFT + index * slot + (slot - bar_width) / 2, 1),
                y=round(baseline - bar_height, 1),
                width=bar_width,
                height=bar_height,
                url=url_for(label) if url_for and count else "",
            )
        )
    return BarChart(
        bars=bars,
        ticks=[Tick(value, round(baseline - plot * value / top_value, 1)) for value in ticks],
        width=WIDTH,
        height=height,
        baseline=baseline,
        left=LEFT,
        title=title,
        x_label=x_label,
        y_label=y_label,
    )
