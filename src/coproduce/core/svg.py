"""Server-side SVG charts. Every chart is an image with a text alternative, and pages put a data table beside it.

Colour is never the only cue: opinion groups also differ by shape, and bars carry their numbers in the table.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies; all ≥ 3:1 against white.
GROUP_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8a6d00", "#56B4E9"]
GROUP_SHAPES = ["circle", "square", "triangle", "diamond", "cross", "circle"]
UNGROUPED = "#6f777b"
MAX_DOTS = 2000  # a bigger map says nothing more and weighs more on a phone


def group_letter(index: int) -> str:
    return chr(ord("A") + index) if index < 26 else str(index + 1)


def _marker(shape: str, x: float, y: float, r: float, fill: str) -> str:
    if shape == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" fill="{fill}"/>'
    if shape == "triangle":
        return (f'<polygon points="{x:.1f},{y - r * 1.2:.1f} {x - r * 1.1:.1f},{y + r * .8:.1f} '
                f'{x + r * 1.1:.1f},{y + r * .8:.1f}" fill="{fill}"/>')
    if shape == "diamond":
        return (f'<polygon points="{x:.1f},{y - r * 1.3:.1f} {x + r * 1.3:.1f},{y:.1f} {x:.1f},{y + r * 1.3:.1f} '
                f'{x - r * 1.3:.1f},{y:.1f}" fill="{fill}"/>')
    if shape == "cross":
        return (f'<path d="M{x - r:.1f} {y - r:.1f}L{x + r:.1f} {y + r:.1f}M{x + r:.1f} {y - r:.1f}L{x - r:.1f} {y + r:.1f}" '
                f'stroke="{fill}" stroke-width="2.5"/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}"/>'


def opinion_map(
    participants: list[dict[str, Any]], group_ids: list[Any], *, you: dict[str, Any] | None, title: str, description: str, you_label: str,
    size: int = 320,
) -> SafeString:
    """Participants as dots, one colour and shape per opinion group; "you are here" drawn on top."""
    points = [p for p in participants if p.get("x") is not None and p.get("y") is not None]
    pad = 24
    if points:
        span = max(max(abs(p["x"]) for p in points), max(abs(p["y"]) for p in points), 1e-9)
    else:
        span = 1.0

    def pos(p: dict[str, Any]) -> tuple[float, float]:
        return (pad + (p["x"] / span + 1) / 2 * (size - 2 * pad), pad + (1 - (p["y"] / span + 1) / 2) * (size - 2 * pad))

    step = max(1, math.ceil(len(points) / MAX_DOTS))
    index_of = {g: i for i, g in enumerate(group_ids)}
    dots = []
    for p in points[::step]:
        x, y = pos(p)
        gi = index_of.get(p.get("group"))
        if gi is None:
            dots.append(_marker("circle", x, y, 2.5, UNGROUPED))
        else:
            dots.append(_marker(GROUP_SHAPES[gi % 6], x, y, 3.2, GROUP_COLOURS[gi % 6]))
    you_svg = ""
    if you is not None and you.get("x") is not None:
        x, y = pos(you)
        you_svg = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="none" stroke="#0b0c0c" stroke-width="3"/>'
            f'<text x="{min(x + 12, size - 70):.1f}" y="{max(y - 10, 14):.1f}" font-size="13" font-weight="700" '
            f'fill="#0b0c0c">{escape(you_label)}</text>'
        )
    svg = (
        f'<svg class="chart" viewBox="0 0 {size} {size}" width="100%" role="img" aria-labelledby="map-title map-desc" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="map-title">{escape(title)}</title>'
        f'<desc id="map-desc">{escape(description)}</desc>'
        f'<rect x="0.5" y="0.5" width="{size - 1}" height="{size - 1}" fill="#fff" stroke="#b1b4b6"/>'
        f'<line x1="{size / 2}" y1="{pad}" x2="{size / 2}" y2="{size - pad}" stroke="#e5e6e7"/>'
        f'<line x1="{pad}" y1="{size / 2}" x2="{size - pad}" y2="{size / 2}" stroke="#e5e6e7"/>'
        + "".join(dots) + you_svg + "</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - built from numbers and escaped text only


def legend_marker(index: int | None) -> SafeString:
    """A small inline SVG of a group's marker, for legends and table rows (decorative: the text says the group)."""
    if index is None:
        inner = _marker("circle", 8, 8, 4, UNGROUPED)
    else:
        inner = _marker(GROUP_SHAPES[index % 6], 8, 8, 5, GROUP_COLOURS[index % 6])
    return mark_safe(f'<svg width="16" height="16" aria-hidden="true" focusable="false">{inner}</svg>')  # noqa: S308


def agreement_bar(agree: int, disagree: int, passed: int, *, width: int = 200) -> SafeString:
    """A stacked bar of agree / disagree / pass; decorative, because the numbers are printed beside it."""
    total = agree + disagree + passed
    if total == 0:
        return mark_safe("")
    a, d = agree / total * width, disagree / total * width
    return mark_safe(  # noqa: S308 - numbers only
        f'<svg class="bar" width="{width}" height="12" viewBox="0 0 {width} 12" aria-hidden="true" focusable="false">'
        f'<rect width="{a:.1f}" height="12" fill="#00703c"/>'
        f'<rect x="{a:.1f}" width="{d:.1f}" height="12" fill="#d4351c"/>'
        f'<rect x="{a + d:.1f}" width="{width - a - d:.1f}" height="12" fill="#b1b4b6"/></svg>'
    )
