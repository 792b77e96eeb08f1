"""Frameworks as JSON: what an organisation imports and exports, and the two the platform ships (frameworks/*.json).

The format ("coproduce-framework/1") gives every text as {"en": …, "cy": …}; levels are numbered by their order.
`parse` checks everything before anything is written and raises InvalidFramework with a message for people (in
the reader's language) saying what is wrong and where.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from coproduce.core.bilingual import LANGUAGES

FORMAT = "coproduce-framework/1"
SHIPPED = Path(__file__).resolve().parent / "frameworks"
MAX_BYTES = 200_000
MIN_LEVELS, MAX_LEVELS = 2, 10
MAX_DIMENSIONS = 20
MAX_STATEMENTS = 12


class InvalidFramework(ValueError):
    """The JSON is not a framework we can import; `str(error)` says why, for people."""


@dataclass
class DimensionData:
    key: str
    name: dict[str, str]
    description: dict[str, str]
    statements: list[dict[str, str]] = field(default_factory=list)


@dataclass
class FrameworkData:
    slug: str
    name: dict[str, str]
    description: dict[str, str]
    source: dict[str, str]
    levels: list[tuple[dict[str, str], dict[str, str]]]
    dimensions: list[DimensionData]


def _texts(value: Any, where: str, *, required: bool, max_length: int) -> dict[str, str]:
    if value is None and not required:
        return {code: "" for code in LANGUAGES}
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict) or any(not isinstance(v, str) for v in value.values()):
        raise InvalidFramework(_("%(where)s must be a text, or a text for each language.") % {"where": where})
    texts = {code: value.get(code, "").strip() for code in LANGUAGES}
    if required and not any(texts.values()):
        raise InvalidFramework(_("%(where)s needs a text in English or Welsh.") % {"where": where})
    if any(len(text) > max_length for text in texts.values()):
        raise InvalidFramework(
            _("%(where)s is too long: at most %(n)s characters.") % {"where": where, "n": max_length}
        )
    return texts


def _list(value: Any, where: str, low: int, high: int) -> list:
    if not isinstance(value, list) or not low <= len(value) <= high:
        raise InvalidFramework(
            _("%(where)s must be a list of %(low)s to %(high)s items.") % {"where": where, "low": low, "high": high}
        )
    return value


def parse(text: str | bytes) -> FrameworkData:
    """The framework in `text`, checked whole; InvalidFramework says what is wrong."""
    if len(text) > MAX_BYTES:
        raise InvalidFramework(_("The file is too big for a framework."))
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidFramework(
            _("This is not valid JSON (%(problem)s). Nothing was imported.") % {"problem": getattr(error, "msg", "")}
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidFramework(_("This is not a framework file: it needs “format”: “%(format)s”.") % {"format": FORMAT})
    name = _texts(data.get("name"), _("The name"), required=True, max_length=200)
    slug = slugify(str(data.get("slug") or name["en"] or name["cy"]))[:60]
    if not slug:
        raise InvalidFramework(_("The framework needs a short name (slug) made of letters or numbers."))
    levels = [
        (
            _texts(
                level.get("name") if isinstance(level, dict) else level,
                _("Level %(n)s") % {"n": i},
                required=True,
                max_length=200,
            ),
            _texts(
                level.get("description") if isinstance(level, dict) else None,
                _("Level %(n)s") % {"n": i},
                required=False,
                max_length=2000,
            ),
        )
        for i, level in enumerate(_list(data.get("levels"), _("The levels"), MIN_LEVELS, MAX_LEVELS), start=1)
    ]
    dimensions = []
    keys: set[str] = set()
    for i, raw in enumerate(_list(data.get("dimensions"), _("The dimensions"), 1, MAX_DIMENSIONS), start=1):
        where = _("Dimension %(n)s") % {"n": i}
        if not isinstance(raw, dict):
            raise InvalidFramework(_("%(where)s must be an object with a name.") % {"where": where})
        dimension_name = _texts(raw.get("name"), where, required=True, max_length=200)
        key = slugify(str(raw.get("key") or dimension_name["en"] or dimension_name["cy"]))[:60] or f"d{i}"
        if key in keys:
            raise InvalidFramework(_("Two dimensions have the same key “%(key)s”.") % {"key": key})
        keys.add(key)
        statements = [
            _texts(s, _("A statement of dimension %(n)s") % {"n": i}, required=True, max_length=400)
            for s in _list(
                raw.get("statements", []), _("The statements of dimension %(n)s") % {"n": i}, 0, MAX_STATEMENTS
            )
        ]
        dimensions.append(
            DimensionData(
                key=key,
                name=dimension_name,
                description=_texts(raw.get("description"), where, required=False, max_length=2000),
                statements=statements,
            )
        )
    return FrameworkData(
        slug=slug,
        name=name,
        description=_texts(data.get("description"), _("The description"), required=False, max_length=4000),
        source=_texts(data.get("source"), _("Where the ideas come from"), required=False, max_length=2000),
        levels=levels,
        dimensions=dimensions,
    )


def _both(obj: Any, name: str) -> dict[str, str]:
    return {code: getattr(obj, f"{name}_{code}") or "" for code in LANGUAGES}


def export(framework: Any) -> dict[str, Any]:
    """The framework as JSON data that `parse` reads back (dimensions and levels must be prefetched)."""
    return {
        "format": FORMAT,
        "slug": framework.slug,
        "name": _both(framework, "name"),
        "description": _both(framework, "description"),
        "source": _both(framework, "source"),
        "levels": [
            {"name": _both(level, "name"), "description": _both(level, "description")}
            for level in framework.levels.all()
        ],
        "dimensions": [
            {
                "key": dimension.key,
                "name": _both(dimension, "name"),
                "description": _both(dimension, "description"),
                "statements": [_both(statement, "text") for statement in dimension.statements.all()],
            }
            for dimension in framework.dimensions.all()
        ],
    }


def shipped() -> list[FrameworkData]:
    """The frameworks the platform ships, in order."""
    return [parse(path.read_text(encoding="utf-8")) for path in sorted(SHIPPED.glob("*.json"))]
