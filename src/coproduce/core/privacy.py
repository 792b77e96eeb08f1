"""Small numbers: the one threshold below which a figure about people is not shown (issue 14).

Every suppressed figure of the platform (feedback per perspective, perspective scores and dots, the analysis per
perspective, open data) reads it here, from the SMALL_NUMBERS_THRESHOLD setting (5 unless an operator sets another).
A page that deliberately uses another threshold keeps it as a named constant beside a comment saying why (the
themes board's, in listening/board.py). The engine gets it as a parameter: it never reads settings.
"""

from __future__ import annotations

from django.conf import settings


def small_numbers_threshold() -> int:
    """Figures about fewer people (or answers) than this are not shown: they could point to someone."""
    return settings.SMALL_NUMBERS_THRESHOLD


def shown(n: int) -> bool:
    """Whether a figure about n people may be shown."""
    return n >= small_numbers_threshold()
