"""The prioritisation chart: each option's score as a dot on a 0–100 scale with its 95 % interval as a line.

An image with a title and description; the page puts the same numbers in a table beside it (core/svg.py's rule).
Drawn with core/svg.py's frame and palette, like every chart of the platform.
"""

from __future__ import annotations

from django.utils.safestring import SafeString

from coproduce.core.svg import ACCENT, AXIS, GRID, TEXT, chart


def interval_chart(rows, *, title: str, description: str, label_width: int = 0, width: int = 340) -> SafeString:
    """rows: objects with .rank, .percent, .lower, .upper. Options are labelled by rank (the table names them)."""
    left, right, row_h, top = 36, 12, 28, 28
    plot = width - left - right
    height = top + row_h * len(rows) + 8

    def x(percent: float) -> float:
        return left + plot * percent / 100

    parts = []
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{x(tick):.1f}" y1="{top - 6}" x2="{x(tick):.1f}" y2="{height - 6}" '
            f'stroke="{AXIS if tick == 50 else GRID}"/>'
        )
        parts.append(
            f'<text x="{x(tick):.1f}" y="{top - 10}" font-size="11" text-anchor="middle" fill="{TEXT}">{tick}</text>'
        )
    for n, row in enumerate(rows):
        y = top + row_h * n + row_h / 2
        parts.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" font-size="12" text-anchor="end" fill="{TEXT}">{row.rank}</text>'
        )
        parts.append(
            f'<line x1="{x(row.lower):.1f}" y1="{y:.1f}" x2="{x(row.upper):.1f}" y2="{y:.1f}" '
            f'stroke="{TEXT}" stroke-width="2"/>'
        )
        parts.append(f'<circle cx="{x(row.percent):.1f}" cy="{y:.1f}" r="5" fill="{ACCENT}"/>')
    return chart(width, height, parts, title=title, description=description, id_prefix="priorities")


def bar_chart(rows, *, title: str, description: str, width: int = 340) -> SafeString:
    """rows: objects with .rank and .share (percent of all dots): one horizontal bar per option, by rank."""
    left, right, row_h, top = 36, 12, 28, 12
    plot = width - left - right
    height = top + row_h * len(rows) + 8
    biggest = max((row.share for row in rows), default=0) or 1
    parts = []
    for n, row in enumerate(rows):
        y = top + row_h * n
        length = plot * row.share / biggest
        parts.append(
            f'<text x="{left - 8}" y="{y + row_h / 2 + 4:.1f}" font-size="12" text-anchor="end" fill="{TEXT}">{row.rank}</text>'
        )
        parts.append(f'<rect x="{left}" y="{y + 5:.1f}" width="{length:.1f}" height="{row_h - 10}" fill="{ACCENT}"/>')
    return chart(width, height, parts, title=title, description=description, id_prefix="dots")
