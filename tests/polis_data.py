"""Where the tests find the four shared Polis exports (CC BY 4.0): $COPRODUCE_POLIS_DATA if set, else
../shared/data/polis-opendata next to the repository (the layout of this project's machines)."""

from __future__ import annotations

import os
from pathlib import Path

POLIS_DATA = Path(
    os.environ.get("COPRODUCE_POLIS_DATA")
    or Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polis-opendata"
)
