"""Shared fixtures for the engine tests (no Django needed: run with ``-p no:django``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.polis_data import POLIS_DATA  # noqa: E402  (the shared Polis exports)

CONVERSATIONS = ["bg2050-volunteers", "15-per-hour-seattle", "scoop-hivemind.biodiversity", "vtaiwan.uberx"]


def polis_dir(name: str) -> Path:
    path = POLIS_DATA / name
    if not (path / "participants-votes.csv").exists():
        pytest.skip(f"shared Polis data not found at {path}")
    return path


@pytest.fixture(scope="session")
def bg2050():
    from coproduce.commonground import read_polis

    return read_polis(polis_dir("bg2050-volunteers"))
