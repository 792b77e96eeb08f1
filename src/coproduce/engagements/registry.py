"""What the apps above engagements add to it, so that engagements never imports them (docs/design/architecture.md).

Each app adds itself in its AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Functions that add an app's part of the demo to the demo engagement (`coproduce demo`), in the order added.
demo_loaders: list[Callable[[Any], None]] = []


def add_demo_loader(loader: Callable[[Any], None]) -> None:
    if loader not in demo_loaders:
        demo_loaders.append(loader)
