"""What the apps above engagements add to it, so that engagements never imports them (docs/design/architecture.md).

Each app adds itself in its AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: Functions that add an app's part of the demo to the demo engagement (`coproduce demo`), in the order added.
demo_loaders: list[Callable[[Any], None]] = []


def add_demo_loader(loader: Callable[[Any], None]) -> None:
    if loader not in demo_loaders:
        demo_loaders.append(loader)


@dataclass(frozen=True)
class StaffLink:
    """A page of an engagement's staff area, linked from its navigation (templates/staff/_nav.html)."""

    position: int  # the order in the navigation: engagements' own pages first (10–50), then the cycle's
    url_name: str  # a URL taking the engagement's slug
    label: Any  # lazily translated (gettext_lazy), so that it is read in the language of each request
    section: str | None = None  # the `section` a page passes to the navigation to be marked as the current page


#: The engagement staff navigation, in order of position.
staff_links: list[StaffLink] = []


def add_staff_links(*links: StaffLink) -> None:
    for link in links:
        if link not in staff_links:
            staff_links.append(link)
    staff_links.sort(key=lambda link: link.position)
