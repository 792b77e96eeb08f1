"""Signposting's part of `coproduce demo`: filled in below."""

from __future__ import annotations


def load_demo(engagement) -> None:
    return None
