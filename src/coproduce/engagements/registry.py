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


@dataclass(frozen=True)
class TranslatedContent:
    """A kind of item staff write in English and Welsh (core/bilingual.py), listed on the Welsh-language compliance
    pages (engagements/compliance.py) with a link to where it is fixed."""

    position: int  # the order of the kinds on the page
    model: Any
    label: Any  # the kind, lazily translated and plural: "Proposals"
    engagement: str  # the lookup from the model to its engagement ("engagement", "proposal__engagement"; "" for one)
    edit_url: Callable[[Any, Any], str]  # (item, its engagement) -> the page that edits its texts
    name: tuple[str, str] = ("", "title")  # (the lookup to the object whose field names the item, that field)
    fields: tuple[str, ...] | None = None  # the translated fields this kind is about (all of the model's if None)
    only: Callable[[Any], Any] | None = None  # narrows the queryset: only what people read (not hidden, …)


#: The kinds of translated content, in order of position.
translated_content: list[TranslatedContent] = []


def add_translated_content(*kinds: TranslatedContent) -> None:
    for kind in kinds:
        if kind not in translated_content:
            translated_content.append(kind)
    translated_content.sort(key=lambda kind: kind.position)
