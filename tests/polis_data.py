"""Where the tests find the four shared Polis exports (CC BY 4.0): $COPRODUCE_POLIS_DATA if set, else
shared/data/polis-opendata in the nearest folder above the repository that has one (../shared on this project's
machines, wherever a clone is made beside or below it). Tests that need the data skip, saying where they looked,
when it is nowhere."""

from __future__ import annotations

import os
from pathlib import Path

_REPOSITORY = Path(__file__).resolve().parents[1]
_NEAREST = next(
    (found for parent in _REPOSITORY.parents if (found := parent / "shared" / "data" / "polis-opendata").is_dir()),
    _REPOSITORY.parent / "shared" / "data" / "polis-opendata",
)
POLIS_DATA = Path(os.environ.get("COPRODUCE_POLIS_DATA") or _NEAREST)
