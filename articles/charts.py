"""Small server-rendered SVG bar charts: geometry computed here, drawn by a template."""

from dataclasses import dataclass


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
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    baseline: float
    title: str


def bar_chart(
    series, *, title: str, height: int = 120, bar_width: int = 36, gap: int = 8, url_for=None
) -> BarChart | None:
    """series: (label, count) pairs in order. Room is left below the bars for labels."""
    if not series:
        return None
    top, label_room = 16, 20
    plot = height - top - label_room
    peak = max(count for _, count in series) or 1
    bars = []
    for index, (label, count) in enumerate(series):
        bar_height = round(plot * count / peak, 1)
        bars.append(
            Bar(
                label=str(label),
                count=count,
                x=gap + index * (bar_width + gap),
                y=round(top + plot - bar_height, 1),
                width=bar_width,
                height=bar_height,
                url=url_for(label) if url_for and count else "",
            )
        )
    width = gap + len(series) * (bar_width + gap)
    return BarChart(bars=bars, width=width, height=height, baseline=top + plot, title=title)
