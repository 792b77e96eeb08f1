"""The journey's charts, drawn on the server (core/svg.py: the platform's palette and markers): a radar of where
each round put each dimension, and a trend of each dimension over the rounds. Each chart has a title and a
description, and the page puts its data table beside it. A held-back figure (too few answers) is not drawn."""

from __future__ import annotations

import math

from django.utils.safestring import SafeString

from coproduce.core.svg import AXIS, GRID, GROUP_COLOURS, GROUP_SHAPES, TEXT, chart, marker

Series = tuple[str, list[float | None]]  # a round's label and its median per dimension (None: held back)


def _style(i: int) -> tuple[str, str]:
    return GROUP_COLOURS[i % len(GROUP_COLOURS)], GROUP_SHAPES[i % len(GROUP_SHAPES)]


def radar(
    dimensions: list[str], top: int, series: list[Series], *, title: str, description: str, id_prefix: str
) -> SafeString:
    """One spoke per dimension, numbered as the data table's rows (level 1 at the centre, `top` at the rim), one
    outline per round. `dimensions` gives how many (their names are in the table)."""
    size, centre, radius = 360, 180.0, 120.0
    n = max(len(dimensions), 3)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * (value - 1) / max(top - 1, 1) if top > 1 else radius
        return centre + r * math.cos(angle), centre + r * math.sin(angle)

    parts = []
    for level in range(1, top + 1):
        ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, level) for i in range(n)))
        parts.append(f'<polygon points="{ring}" fill="none" stroke="{GRID}"/>')
    for i in range(len(dimensions)):
        x, y = point(i, top)
        parts.append(f'<line x1="{centre}" y1="{centre}" x2="{x:.1f}" y2="{y:.1f}" stroke="{AXIS}"/>')
        # Spokes are numbered as the rows of the data table beside the chart: names would not fit on a phone.
        lx, ly = point(i, top + max(top - 1, 1) * 0.12)
        parts.append(
            f'<text x="{lx:.1f}" y="{ly + 4:.1f}" font-size="13" font-weight="bold" fill="{TEXT}" '
            f'text-anchor="middle">{i + 1}</text>'
        )
    for s, (_label, values) in enumerate(series):
        colour, shape = _style(s)
        points = [point(i, v) for i, v in enumerate(values) if v is not None]
        if len(points) >= 3 and len(points) == len(values):
            outline = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polygon points="{outline}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.extend(marker(shape, x, y, 4.5, colour) for x, y in points)
    return chart(size, size, parts, title=title, description=description, id_prefix=id_prefix)


def trend(
    rounds: list[str], top: int, values: list[float | None], *, title: str, description: str, id_prefix: str
) -> SafeString:
    """One dimension's median over the rounds, left to right: a line where neighbours are both shown."""
    width, height, left, right, top_pad, bottom = 320, 160, 30, 14, 14, 30
    inner_w, inner_h = width - left - right, height - top_pad - bottom
    step = inner_w / max(len(rounds) - 1, 1)

    def y_of(v: float) -> float:
        return top_pad + inner_h * (1 - (v - 1) / max(top - 1, 1))

    parts = []
    for level in range(1, top + 1):
        y = y_of(level)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="10" fill="{TEXT}" text-anchor="end">{level}</text>'
        )
    colour, shape = _style(0)
    previous = None
    for i, value in enumerate(values):
        x = left + step * i if len(rounds) > 1 else left + inner_w / 2
        parts.append(
            f'<text x="{x:.1f}" y="{height - 10}" font-size="10" fill="{TEXT}" text-anchor="middle">{i + 1}</text>'
        )
        if value is None:
            previous = None
            continue
        y = y_of(value)
        if previous is not None:
            parts.append(
                f'<line x1="{previous[0]:.1f}" y1="{previous[1]:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
                f'stroke="{colour}" stroke-width="2"/>'
            )
        parts.append(marker(shape, x, y, 4.5, colour))
        previous = (x, y)
    return chart(width, height, parts, title=title, description=description, id_prefix=id_prefix)
