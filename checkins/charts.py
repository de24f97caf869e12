"""The pulse over time as numbers for a small server-rendered SVG (no script, no colour
needed to read it: the recruiter side is a solid line with round markers, the hiring side a
dashed line with square markers, every point labelled with its value)."""

from __future__ import annotations

from dataclasses import dataclass

from .models import PulseSide

WIDTH, HEIGHT = 400, 250
LEFT, RIGHT, TOP, BOTTOM = 34, 22, 26, 40
MAX_TICK_LABELS = 6
SHAPES = {PulseSide.RECRUITING.value: "circle", PulseSide.HIRING.value: "square"}


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    value: str
    shape: str
    label_y: float

    @property
    def box_x(self) -> float:
        return round(self.x - 5, 1)

    @property
    def box_y(self) -> float:
        return round(self.y - 5, 1)


def _local(checkin):
    return checkin.starts_at.astimezone(checkin.series_zone())


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def pulse_chart(points, lines: dict) -> dict | None:
    """Coordinates for templates/checkins/_pulse_chart.html, or None with nothing to draw."""
    if not points or not any(v is not None for p in points for v in p.values.values()):
        return None
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    stride = -(-len(points) // MAX_TICK_LABELS)
    step = plot_w / max(len(points) - 1, 1)

    def x_at(i):
        return round(LEFT + (i * step if len(points) > 1 else plot_w / 2), 1)

    def y_at(value):
        return round(TOP + (5 - value) / 4 * plot_h, 1)

    series = []
    for side in PulseSide:
        segments, current, markers = [], [], []
        for i, point in enumerate(points):
            value = point.values.get(side.value)
            if value is None:
                if current:
                    segments.append(" ".join(current))
                current = []
                continue
            x, y = x_at(i), y_at(value)
            current.append(f"{x},{y}")
            # The label goes on the side away from the other line, so they never overlap.
            other = [v for k, v in point.values.items() if k != side.value and v is not None]
            below = bool(other) and (
                other[0] > value or (other[0] == value and side == PulseSide.HIRING)
            )
            markers.append(
                Marker(x, y, _fmt(value), SHAPES[side.value], y + (22 if below else -11))
            )
        if current:
            segments.append(" ".join(current))
        series.append(
            {
                "side": side.value,
                "label": lines[side.value],
                "shape": SHAPES[side.value],
                "segments": [s for s in segments if " " in s],
                "markers": markers,
            }
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "axis_x": LEFT - 10,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "grid": [{"value": v, "y": y_at(v)} for v in (1, 2, 3, 4, 5)],
        "ticks": [
            {"x": x_at(i), "label": f"{_local(p.checkin):%-d %b}"}
            for i, p in enumerate(points)
            if i % stride == 0 or i == len(points) - 1
        ],
        "tick_y": HEIGHT - BOTTOM + 18,
        "series": series,
    }
