"""A small SVG line-plot writer for the benchmark figures (no plotting dependency).

    >>> p = Panel("Time", "words", "seconds", (Series("parse", (100, 1000), (0.02, 0.2)),), log_x=True)
    >>> svg = render([p])
    >>> svg.startswith("<svg") and "parse" in svg and svg.count("<polyline") == 1
    True

A figure is a row of :class:`Panel` s (or several rows, ``columns`` per row),
each with axes, ticks at round values (powers of ten and 2, 5 between them
on a log axis), axis labels, a title and a legend; every :class:`Series` is a
polyline with a dot per point, dashed if asked.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b")
WIDTH, HEIGHT = 420, 300  # one panel
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 34, 46  # margins inside a panel


@dataclass(frozen=True)
class Series:
    name: str
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    dashed: bool = False


@dataclass(frozen=True)
class Panel:
    title: str
    x_label: str
    y_label: str
    series: tuple[Series, ...]
    log_x: bool = False
    log_y: bool = False


def nice_step(span: float, target: int = 5) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about ``target`` ticks over ``span``."""
    raw = span / max(1, target)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    return next((m * power for m in (1, 2, 5) if m * power >= raw), 10 * power)


def linear_ticks(low: float, high: float) -> list[float]:
    step = nice_step(high - low)
    first = math.floor(low / step) * step
    count = int(math.ceil((high - first) / step)) + 1
    return [round(first + i * step, 10) for i in range(count)]


def log_ticks(low: float, high: float) -> list[float]:
    """1, 2, 5 × powers of ten from below ``low`` to above ``high`` (only powers of ten if the range is wide)."""
    start, stop = math.floor(math.log10(low)), math.ceil(math.log10(high))
    mantissas = (1,) if stop - start > 3 else (1, 2, 5)
    ticks = [m * 10.0**e for e in range(start, stop + 1) for m in mantissas]
    inside = [t for t in ticks if low <= t <= high]
    below = [t for t in ticks if t < low][-1:]
    above = [t for t in ticks if t > high][:1]
    return below + inside + above


def label(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 1000:
        return f"{value / 1000:g}k"
    return f"{value:g}"


@dataclass(frozen=True)
class Axis:
    ticks: tuple[float, ...]
    log: bool
    start: float  # pixel of the first tick
    end: float  # pixel of the last tick

    def __call__(self, value: float) -> float:
        low, high = self.ticks[0], self.ticks[-1]
        if self.log:
            low, high, value = math.log10(low), math.log10(high), math.log10(value)
        frac = (value - low) / (high - low) if high > low else 0.5
        return self.start + frac * (self.end - self.start)


def make_axis(values: Sequence[float], log: bool, start: float, end: float) -> Axis:
    finite = [v for v in values if math.isfinite(v) and (v > 0 or not log)]
    low, high = (min(finite), max(finite)) if finite else (1.0, 10.0)
    if not log:
        low = min(low, 0.0)
        high = high if high > low else low + 1
    elif high <= low:
        low, high = low / 2, high * 2
    ticks = log_ticks(low, high) if log else linear_ticks(low, high)
    return Axis(tuple(ticks), log, start, end)


def render_panel(panel: Panel, x0: float, y0: float) -> list[str]:
    """The SVG elements of one panel whose top left corner is at (x0, y0)."""
    xs = [x for s in panel.series for x in s.xs]
    ys = [y for s in panel.series for y in s.ys]
    ax = make_axis(xs, panel.log_x, x0 + LEFT, x0 + WIDTH - RIGHT)
    ay = make_axis(ys, panel.log_y, y0 + HEIGHT - BOTTOM, y0 + TOP)
    out = [f'<text x="{x0 + WIDTH / 2}" y="{y0 + 18}" text-anchor="middle" font-weight="bold">'
           f"{escape(panel.title)}</text>"]
    for t in ax.ticks:
        px = ax(t)
        out.append(f'<line x1="{px:.1f}" y1="{ay.end}" x2="{px:.1f}" y2="{ay.start}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{px:.1f}" y="{ay.start + 15}" text-anchor="middle">{label(t)}</text>')
    for t in ay.ticks:
        py = ay(t)
        out.append(f'<line x1="{ax.start}" y1="{py:.1f}" x2="{ax.end}" y2="{py:.1f}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{ax.start - 5}" y="{py + 4:.1f}" text-anchor="end">{label(t)}</text>')
    out.append(f'<rect x="{ax.start}" y="{ay.end}" width="{ax.end - ax.start}" height="{ay.start - ay.end}" '
               'fill="none" stroke="#333"/>')
    log_note = " (log)" if panel.log_x else ""
    out.append(f'<text x="{(ax.start + ax.end) / 2}" y="{y0 + HEIGHT - 10}" text-anchor="middle">'
               f"{escape(panel.x_label)}{log_note}</text>")
    mid_y = (ay.start + ay.end) / 2
    y_note = " (log)" if panel.log_y else ""
    out.append(f'<text x="{x0 + 14}" y="{mid_y}" text-anchor="middle" transform="rotate(-90 {x0 + 14} {mid_y})">'
               f"{escape(panel.y_label)}{y_note}</text>")
    for i, s in enumerate(panel.series):
        colour = COLOURS[i % len(COLOURS)]
        points = [(ax(x), ay(y)) for x, y in zip(s.xs, s.ys, strict=True)
                  if math.isfinite(y) and (x > 0 or not panel.log_x) and (y > 0 or not panel.log_y)]
        dash = ' stroke-dasharray="5,4"' if s.dashed else ""
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.8"{dash}/>')
        if not s.dashed:
            out.extend(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.6" fill="{colour}"/>' for px, py in points)
        ly = ay.end + 14 + 15 * i
        out.append(f'<line x1="{ax.start + 8}" y1="{ly - 4}" x2="{ax.start + 26}" y2="{ly - 4}" stroke="{colour}" '
                   f'stroke-width="1.8"{dash}/>')
        out.append(f'<text x="{ax.start + 31}" y="{ly}">{escape(s.name)}</text>')
    return out


def render(panels: Sequence[Panel], columns: int = 3, title: str | None = None) -> str:
    """An SVG document with the panels laid out ``columns`` to a row."""
    rows = math.ceil(len(panels) / columns)
    head = 26 if title else 0
    width, height = WIDTH * min(columns, len(panels)), HEIGHT * rows + head
    body = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
            f'<rect width="{width}" height="{height}" fill="white"/>']
    if title:
        body.append(f'<text x="{width / 2}" y="18" text-anchor="middle" font-size="14">{escape(title)}</text>')
    for i, panel in enumerate(panels):
        body.extend(render_panel(panel, WIDTH * (i % columns), head + HEIGHT * (i // columns)))
    body.append("</svg>")
    return "\n".join(body) + "\n"
