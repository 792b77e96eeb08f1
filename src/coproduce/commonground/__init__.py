"""coproduce.commonground - the common-ground engine.

Pure Python on NumPy / SciPy (sparse) / scikit-learn; it never imports Django, so it can be used alone::

    from coproduce.commonground import Votes, analyse, read_polis
    conv = read_polis("path/to/polis-export")
    analysis = analyse(conv.votes, excluded=conv.excluded)
    analysis.to_json()

Sign convention: +1 = agree, -1 = disagree, 0 = pass. See docs/engine.md.

The names below are loaded when first used (PEP 562), so that importing one module - the Polis reader, which
needs only NumPy - does not load SciPy and the whole analysis.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .analysis import POLIS_COMPATIBLE, SCHEMA_VERSION, Analysis, analyse
    from .planted import PlantedConversation, planted_conversation
    from .polis import PolisConversation, PolisFormatError, StatementMeta, read_polis, write_polis
    from .votes import Votes

_WHERE = {
    "POLIS_COMPATIBLE": "analysis",
    "SCHEMA_VERSION": "analysis",
    "Analysis": "analysis",
    "analyse": "analysis",
    "PlantedConversation": "planted",
    "planted_conversation": "planted",
    "PolisConversation": "polis",
    "PolisFormatError": "polis",
    "StatementMeta": "polis",
    "read_polis": "polis",
    "write_polis": "polis",
    "Votes": "votes",
}

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


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next look-up finds it directly
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
