"""coproduce.commonground - the common-ground engine.

Pure Python on NumPy / SciPy (sparse) / scikit-learn; it never imports Django, so it can be used alone::

    from coproduce.commonground import Votes, analyse, read_polis
    conv = read_polis("path/to/polis-export")
    analysis = analyse(conv.votes, excluded=conv.excluded)
    analysis.to_json()

Sign convention: +1 = agree, -1 = disagree, 0 = pass. See docs/engine.md.
"""

from __future__ import annotations

from .analysis import POLIS_COMPATIBLE, SCHEMA_VERSION, Analysis, analyse
from .planted import PlantedConversation, planted_conversation
from .polis import PolisConversation, PolisFormatError, StatementMeta, read_polis, write_polis
from .votes import Votes

__all__ = [
    "POLIS_COMPATIBLE",
    "SCHEMA_VERSION",
    "Analysis",
    "PlantedConversation",
    "PolisConversation",
    "PolisFormatError",
    "StatementMeta",
    "Votes",
    "analyse",
    "planted_conversation",
    "read_polis",
    "write_polis",
]
