"""The prioritisation chart: each option's score as a dot on a 0–100 scale with its 95 % interval as a line.

An image with a title and description; the page puts the same numbers in a table beside it (core/svg.py's rule).
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe


def interval_chart(rows, *, title: str, description: str, label_width: int = 0, width: int = 340) -> SafeString:
    """rows: objects with .rank, .percent, .lower, .upper. Options are labelled by rank (the table names them)."""
    left, right, row_h, top = 36, 12, 28, 28
    plot = width - left - right
    height = top + row_h * len(rows) + 8

    def x(percent: float) -> float:
        return left + plot * percent / 100

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="priorities-title priorities-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="priorities-title">{escape(title)}</title><desc id="priorities-desc">{escape(description)}</desc>'
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="#fff" stroke="#b1b4b6"/>'
    ]
    for tick in (0, 25, 50, 75, 100):
        parts.append(f'<line x1="{x(tick):.1f}" y1="{top - 6}" x2="{x(tick):.1f}" y2="{height - 6}" '
                     f'stroke="{"#6f777b" if tick == 50 else "#e5e6e7"}"/>')
        parts.append(f'<text x="{x(tick):.1f}" y="{top - 10}" font-size="11" text-anchor="middle" fill="#0b0c0c">{tick}</text>')
    for n, row in enumerate(rows):
        y = top + row_h * n + row_h / 2
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" font-size="12" text-anchor="end" fill="#0b0c0c">{row.rank}</text>')
        parts.append(f'<line x1="{x(row.lower):.1f}" y1="{y:.1f}" x2="{x(row.upper):.1f}" y2="{y:.1f}" '
                     f'stroke="#0b0c0c" stroke-width="2"/>')
        parts.append(f'<circle cx="{x(row.percent):.1f}" cy="{y:.1f}" r="5" fill="#1d70b8"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers and escaped text only


def bar_chart(rows, *, title: str, description: str, width: int = 340) -> SafeString:
    """rows: objects with .rank and .share (percent of all dots): one horizontal bar per option, by rank."""
    left, right, row_h, top = 36, 12, 28, 12
    plot = width - left - right
    height = top + row_h * len(rows) + 8
    biggest = max((row.share for row in rows), default=0) or 1
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="dots-title dots-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="dots-title">{escape(title)}</title><desc id="dots-desc">{escape(description)}</desc>'
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="#fff" stroke="#b1b4b6"/>'
    ]
    for n, row in enumerate(rows):
        y = top + row_h * n
        length = plot * row.share / biggest
        parts.append(f'<text x="{left - 8}" y="{y + row_h / 2 + 4:.1f}" font-size="12" text-anchor="end" fill="#0b0c0c">{row.rank}</text>')
        parts.append(f'<rect x="{left}" y="{y + 5:.1f}" width="{length:.1f}" height="{row_h - 10}" fill="#1d70b8"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers and escaped text only
