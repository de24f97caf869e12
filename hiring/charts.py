"""Every chart in Accord, drawn on the server as SVG: the pulse on a search's Check-ins tab
and the figures' charts in insights. It sits in `hiring`, the lowest floor both use, and
knows nothing of either (one writer per format, like `csv_export` and `ics`).

No script, no library, nothing from a CDN: the Content Security Policy stays as it is. The
SVG takes its colours from classes in static/css/app.css (no inline styles). Every chart

- has a title that says what it shows (the figure's caption and the SVG's <title>);
- comes with the same numbers as a table (`Chart.table`), which
  templates/includes/chart.html renders beside it;
- never relies on colour alone: each series has its own marker shape and its own line
  (solid, dashed, dotted), bars carry their value in words, and values are written beside
  their points when there are few enough to read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

SHAPES = ("circle", "square", "triangle", "diamond")
LINES = ("solid", "dashed", "dotted", "solid")
MAX_POINT_LABELS = 8  # beyond this many points, values are in the table only
MAX_TICK_LABELS = 7


def number(value: float | None, unit: str = "") -> str:
    """1.0 → "1", 3.25 → "3.3"; None → "—"."""
    if value is None:
        return "—"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"


@dataclass(frozen=True)
class Series:
    """One line: a key for its CSS class, a label for the legend and the table, one value
    (or None for a gap) per x label."""

    key: str
    label: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    shape: str
    text: str
    label_y: float | None  # None: no value written beside it

    @property
    def box_x(self) -> float:
        return round(self.x - 5, 1)

    @property
    def box_y(self) -> float:
        return round(self.y - 5, 1)

    @property
    def points(self) -> str:
        """The outline of a triangle or diamond marker, 5 px around (x, y)."""
        x, y = self.x, self.y
        if self.shape == "triangle":
            return f"{x},{y - 6} {x + 6},{y + 5} {x - 6},{y + 5}"
        return f"{x},{y - 6} {x + 6},{y} {x},{y + 6} {x - 6},{y}"


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    shape: str
    dash: str
    segments: list[str]
    markers: list[Marker]


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: its label, its value, the words written after it."""

    label: str
    value: float
    text: str
    y: float = 0
    width: float = 0
    label_y: float = 0
    style: str = "solid"
    text_x: float = 0


@dataclass
class Table:
    """The chart's numbers, as the table beside it: a header row and one row per x label
    (line charts) or per bar."""

    caption: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class Chart:
    kind: str  # "line" or "bars"
    key: str  # unique on the page: ids of the title and the table
    title: str
    width: int
    height: int
    table: Table
    left: float = 0
    right: float = 0
    top: float = 0
    bottom: float = 0
    axis_x: float = 0
    tick_y: float = 0
    grid: list[dict] = field(default_factory=list)
    ticks: list[dict] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    bar_height: float = 0
    label_width: float = 0
    legend: list[Line] = field(default_factory=list)


def line_chart(
    *,
    key: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    y_min: float,
    y_max: float,
    y_ticks: Sequence[float],
    unit: str = "",
    x_label: str = "Date",
    width: int = 560,
    height: int = 260,
) -> Chart | None:
    """A line per series over the x labels (e.g. weeks), or None when there is no value at
    all. Each series gets the next marker shape and line style; a point's value is written
    above it, or below when another series is higher there, so labels do not collide.
    `x_label` heads the table's first column (an empty header cell fails axe)."""
    if not labels or not any(v is not None for s in series for v in s.values):
        return None
    left, right, top, bottom = 42, 18, 24, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(labels) - 1, 1)
    span = (y_max - y_min) or 1

    def x_at(i):
        return round(left + (i * step if len(labels) > 1 else plot_w / 2), 1)

    def y_at(value):
        return round(top + (y_max - value) / span * plot_h, 1)

    write_values = len(labels) <= MAX_POINT_LABELS
    lines = []
    for n, one in enumerate(series):
        segments, current, markers = [], [], []
        for i, value in enumerate(one.values):
            if value is None:
                if current:
                    segments.append(" ".join(current))
                current = []
                continue
            x, y = x_at(i), y_at(value)
            current.append(f"{x},{y}")
            others = [
                (m, other.values[i])
                for m, other in enumerate(series)
                if m != n and i < len(other.values) and other.values[i] is not None
            ]
            below = any(v > value or (v == value and m < n) for m, v in others)
            label_y = None
            if write_values:
                label_y = min(y + 20, top + plot_h + 14) if below else max(y - 10, 12)
            markers.append(Marker(x, y, SHAPES[n % 4], number(value, unit), label_y))
        if current:
            segments.append(" ".join(current))
        lines.append(
            Line(
                key=one.key,
                label=one.label,
                shape=SHAPES[n % 4],
                dash=LINES[n % 4],
                segments=[s for s in segments if " " in s],
                markers=markers,
            )
        )
    stride = -(-len(labels) // MAX_TICK_LABELS)
    table = Table(
        caption=title,
        columns=[x_label, *[s.label for s in series]],
        rows=[
            [label, *[number(s.values[i], unit) for s in series]] for i, label in enumerate(labels)
        ],
    )
    return Chart(
        kind="line",
        key=key,
        title=title,
        width=width,
        height=height,
        table=table,
        left=left,
        right=width - right,
        top=top,
        bottom=height - bottom,
        axis_x=left - 8,
        tick_y=height - bottom + 18,
        grid=[{"y": y_at(v), "label": number(v, unit)} for v in y_ticks],
        ticks=[
            {"x": x_at(i), "label": label}
            for i, label in enumerate(labels)
            # the last label too, unless it would sit on the one before it
            if i % stride == 0 or (i == len(labels) - 1 and i % stride > stride / 2)
        ],
        lines=lines,
        legend=lines,
    )


def bar_chart(
    *,
    key: str,
    title: str,
    bars: Sequence[tuple[str, float, str]],
    columns: tuple[str, str] = ("Item", "Value"),
    width: int = 560,
    styles: Callable[[int], str] | None = None,
) -> Chart | None:
    """Horizontal bars, one per (label, value, text), the text written after each bar and
    in the table. None when every value is 0."""
    if not bars or not any(value for _l, value, _t in bars):
        return None
    label_width, bar_height, gap, top = 150, 22, 10, 8
    # Room for the words after the longest bar (about 7 px a character at 13 px).
    words = max(len(text) for _l, _v, text in bars) * 7 + 12
    room = max(width - label_width - words, 80)
    biggest = max(value for _l, value, _t in bars) or 1
    drawn = []
    for i, (label, value, text) in enumerate(bars):
        y = top + i * (bar_height + gap)
        drawn.append(
            Bar(
                label=label,
                value=value,
                text=text,
                y=y,
                width=round(max(value, 0) / biggest * room, 1),
                label_y=round(y + bar_height / 2, 1),
                style=styles(i) if styles else "solid",
                text_x=round(label_width + max(value, 0) / biggest * room + 6, 1),
            )
        )
    height = top * 2 + len(bars) * (bar_height + gap) - gap
    return Chart(
        kind="bars",
        key=key,
        title=title,
        width=width,
        height=height,
        table=Table(caption=title, columns=list(columns), rows=[[b.label, b.text] for b in drawn]),
        bars=drawn,
        bar_height=bar_height,
        label_width=label_width,
        left=label_width,
        axis_x=label_width - 8,
    )


def sparkline(
    *,
    series: Sequence[Series],
    y_min: float,
    y_max: float,
    guide: float | None = None,
    width=120,
    height=30,
) -> dict | None:
    """A small trend for a table cell: one polyline per series (shape and line style as in
    `line_chart`), a faint line at `guide` (a target), no axes; the cell carries the values
    in words."""
    count = max((len(s.values) for s in series), default=0)
    if not count or not any(v is not None for s in series for v in s.values):
        return None
    pad = 4
    step = (width - 2 * pad) / max(count - 1, 1)
    span = (y_max - y_min) or 1
    lines = []
    for n, one in enumerate(series):
        points = [
            (round(pad + i * step, 1), round(pad + (y_max - v) / span * (height - 2 * pad), 1))
            for i, v in enumerate(one.values)
            if v is not None
        ]
        last = points[-1] if points else None
        lines.append(
            {
                "key": one.key,
                "dash": LINES[n % 4],
                "shape": SHAPES[n % 4],
                "points": " ".join(f"{x},{y}" for x, y in points),
                "last": Marker(last[0], last[1], SHAPES[n % 4], "", None) if last else None,
            }
        )
    guide_y = None
    if guide is not None:
        guide_y = round(pad + (y_max - guide) / span * (height - 2 * pad), 1)
    return {"width": width, "height": height, "lines": lines, "guide_y": guide_y}
