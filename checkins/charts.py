"""The pulse over time as numbers for a small server-rendered SVG (no script, no colour
needed to read it: the recruiter side is a solid line with round markers, the hiring side a
dashed line with square markers, every point labelled with its value)."""

from __future__ import annotations

from dataclasses import dataclass

from .models import PulseSide

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 24, 28, 44
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


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def pulse_chart(points, lines: dict) -> dict | None:
    """Coordinates for templates/checkins/_pulse_chart.html, or None with nothing to draw."""
    if not points or not any(v is not None for p in points for v in p.values.values()):
        return None
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
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
            offset = -10 if side == PulseSide.RECRUITING else 18
            markers.append(Marker(x, y, _fmt(value), SHAPES[side.value], y + offset))
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
            {"x": x_at(i), "label": f"{p.checkin.starts_at:%-d %b}"} for i, p in enumerate(points)
        ],
        "tick_y": HEIGHT - BOTTOM + 18,
        "series": series,
    }
