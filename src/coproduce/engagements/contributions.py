"""What a person gave and what they got back: the registry behind "My contributions" (issue 16, "give and get").

Engagements knows participants but none of the things they write or choose, so each app above adds itself in its
``AppConfig.ready()``, as it does for the personal-data registry (``coproduce.accounts.personal_data``):

- ``ContributionKind``: one kind of thing a participant gives (statements, votes, proposals, comments, choices,
  dots, feedback), with a function that reads every item of that kind of the given participant records at once
  and returns them as ``Contribution``s. Each item names what it is about in ``about`` (``{"statement": 12}``,
  ``{"proposal": 3}``), so that the apps above can say what became of it without knowing the item's kind.
- ``OutcomeSource``: what became of the things of one sort (``"statement"``, ``"proposal"``), given all their ids
  at once: the conversation says a statement's agree share and whether it is common ground, proposals that a
  proposal cited it and a decision took that up, delivery the actions and whether they are done. Each source
  follows the golden thread one step further, in a fixed number of queries however many items there are.

``contributions_of(participants)`` asks every kind, then every source, and returns the items grouped by
engagement and kind, in the order of each entry's position.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from coproduce.engagements.models import Engagement, Participant


@dataclass
class Outcome:
    """One thing that became of a contribution: "Common ground", "Cited by the proposal …", "Done"."""

    label: str  # what happened, in the reader's language
    title: str = ""  # what it happened in (a proposal, a decision, an action), linked when there is a url
    url: str = ""
    lang: str = ""  # the title's language when it is someone's own words (a participant's proposal)
    done: bool = False  # the end of the thread: a delivered action


@dataclass
class Contribution:
    """One thing a participant gave."""

    kind: str  # the ContributionKind's name
    engagement_id: int
    summary: str  # what they did ("You agreed", "You rated it: Yes, mostly"), in the reader's language
    text: str = ""  # their words, or what the item is about, shown as written
    lang: str = ""  # the language of `text` when it is someone's words (a lang attribute); "" for page text
    url: str = ""  # where the item is on the site, if it is public
    about: dict[str, int] = field(default_factory=dict)  # {"statement": id} or {"proposal": id}: for OutcomeSources
    outcomes: list[Outcome] = field(default_factory=list)


@dataclass(frozen=True)
class ContributionKind:
    position: int
    name: str  # "statements", "votes", …
    heading: Any  # lazily translated
    fetch: Callable[[list[Participant]], list[Contribution]]  # every item of these records, set-based


@dataclass(frozen=True)
class OutcomeSource:
    position: int
    about: str  # the sort of thing it follows: "statement", "proposal"
    outcomes: Callable[[set[int]], dict[int, list[Outcome]]]  # ids -> what became of each, set-based


kinds: list[ContributionKind] = []
sources: list[OutcomeSource] = []


def _add_sorted(registry: list[Any], entries: Iterable[Any]) -> None:
    for entry in entries:
        if entry not in registry:
            registry.append(entry)
    registry.sort(key=lambda entry: entry.position)


def add_kinds(*entries: ContributionKind) -> None:
    _add_sorted(kinds, entries)


def add_outcome_sources(*entries: OutcomeSource) -> None:
    _add_sorted(sources, entries)


@dataclass
class Group:
    kind: ContributionKind
    items: list[Contribution]


@dataclass
class EngagementContributions:
    engagement: Engagement
    groups: list[Group]

    @property
    def count(self) -> int:
        return sum(len(group.items) for group in self.groups)


def contributions_of(participants: list[Participant]) -> list[EngagementContributions]:
    """Every contribution of the participant records (their engagements read with them), with what became of it:
    one entry per engagement, in the order of the records given, each with its non-empty groups."""
    if not participants:
        return []
    by_kind = {kind.name: kind.fetch(participants) for kind in kinds}
    every = [item for items in by_kind.values() for item in items]
    for source in sources:
        ids = {item.about[source.about] for item in every if source.about in item.about}
        if not ids:
            continue
        found = source.outcomes(ids)
        for item in every:
            if source.about in item.about:
                item.outcomes.extend(found.get(item.about[source.about], []))
    result = []
    for participant in participants:
        engagement = participant.engagement
        groups = [
            Group(kind, [item for item in by_kind[kind.name] if item.engagement_id == engagement.pk]) for kind in kinds
        ]
        result.append(EngagementContributions(engagement, [group for group in groups if group.items]))
    return result
