"""Attention over time: matching articles per year for one or more searches, as counts and
as a share of the archive's articles that year, with the geometry of their SVG charts."""

import math
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from articles import selectors
from articles.charts import Bar
from articles.querysets import year_of

MAX_QUERIES = 4


def per_year(articles) -> dict[int, int]:
    """{year: number of articles} over the dated articles of a queryset."""
    rows = (
        articles.filter(published_on__isnull=False)
        .order_by()
        .values_list(year_of("published_on"))
        .annotate(count=Count("pk"))
    )
    return dict(rows)


@dataclass(frozen=True)
class Series:
    query: str
    counts: dict[int, int]


@dataclass(frozen=True)
class Row:
    """One year of the text alternative: the archive's articles, then per query
    (count, share in percent)."""

    year: int
    total: int
    values: list[tuple[int, float]]


@dataclass
class Trend:
    series: list[Series]
    totals: dict[int, int]
    years: list[int]
    mode: str = "stemmed"

    def url(self, **extra) -> str:
        """/trends/ for these queries (the page, or with format=csv its download)."""
        params = [("q", s.query) for s in self.series] + [("mode", self.mode), *extra.items()]
        return f"{reverse('articles:trends')}?{urlencode(params)}"

    @property
    def page_url(self) -> str:
        return self.url()

    @property
    def csv_url(self) -> str:
        return self.url(format="csv")

    @cached_property
    def count_chart(self) -> "GroupedChart":
        return self.chart("count")

    @cached_property
    def share_chart(self) -> "GroupedChart":
        return self.chart("share")

    @cached_property
    def rows(self) -> list[Row]:
        return [
            Row(
                year,
                self.totals.get(year, 0),
                [
                    (s.counts.get(year, 0), share(s.counts.get(year, 0), self.totals.get(year, 0)))
                    for s in self.series
                ],
            )
            for year in self.years
        ]

    def chart(self, measure: str) -> "GroupedChart":
        """The counts ("count") or the shares ("share") as grouped bars, one colour a query."""
        values = [
            [value[0 if measure == "count" else 1] for value in row.values] for row in self.rows
        ]
        title = (
            "Matching articles per year"
            if measure == "count"
            else "Share of the year's articles that match (%)"
        )
        return grouped_chart(self.years, values, title=title, percent=measure == "share")


def share(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def trend(searches: list[tuple[str, object]], *, mode: str = "stemmed") -> Trend | None:
    """searches: (query, SearchResults) pairs. Years run over the whole archive's span, so
    that charts of different queries line up; None when nothing is dated."""
    return trend_of([(query, per_year(results.hits)) for query, results in searches], mode=mode)


def trend_of(counted: list[tuple[str, dict[int, int]]], *, mode: str = "stemmed") -> Trend | None:
    """The same from counts already made: (query, {year: matching articles}) pairs."""
    totals = {year: count for year, count in selectors.articles_per_year() if count}
    if not totals:
        return None
    series = [Series(query, counts) for query, counts in counted]
    return Trend(series, totals, list(range(min(totals), max(totals) + 1)), mode)


# Geometry -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Group:
    label: str
    center: float
    bars: list[Bar]


@dataclass(frozen=True)
class GroupedChart:
    groups: list[Group]
    ticks: list[Tick]
    width: int
    height: int
    left: int
    baseline: float
    title: str


def nice_step(peak: float, ticks: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) that covers peak in about `ticks`."""
    raw = peak / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(power * factor for factor in (1, 2, 5, 10) if power * factor >= raw)


def _label(value: float, percent: bool) -> str:
    text = f"{value:.1f}".removesuffix(".0") if percent else f"{value:,.0f}"
    return f"{text}%" if percent else text


def grouped_chart(
    labels: list, values: list[list[float]], *, title: str, percent: bool = False
) -> GroupedChart:
    """values[i][j]: group i (a year), series j (a query). Axis at the left with round ticks,
    labels under the groups."""
    left, top, bottom, plot = 44, 12, 22, 150
    series = max((len(row) for row in values), default=1)
    bar_width = 28 if series == 1 else max(10, 40 // series)
    gap = 14
    group_width = series * bar_width
    peak = max((v for row in values for v in row), default=0) or 1
    step = nice_step(peak) if percent else max(1, round(nice_step(peak)))
    top_value = step * -(-peak // step)
    scale = plot / top_value
    baseline = top + plot
    groups = []
    for index, (label, row) in enumerate(zip(labels, values, strict=True)):
        x0 = left + gap + index * (group_width + gap)
        bars = [
            Bar(
                label=_label(value, percent),
                count=value,
                x=x0 + j * bar_width,
                y=round(baseline - value * scale, 1),
                width=bar_width - 2,
                height=round(value * scale, 1),
            )
            for j, value in enumerate(row)
        ]
        groups.append(Group(str(label), round(x0 + group_width / 2, 1), bars))
    ticks = []
    value = 0.0
    while value <= top_value + 1e-9:
        ticks.append(Tick(round(baseline - value * scale, 1), _label(value, percent)))
        value += step
    width = left + gap + len(labels) * (group_width + gap)
    return GroupedChart(groups, ticks, width, top + plot + bottom, left, baseline, title)
