"""Planted families: the varied synthetic conversations the choice of the number of groups is judged on.

Fixed (committed) *before* the group model was tuned, so that no parameter was chosen by looking at them all:
only the families marked ``tuning`` were looked at while choosing the model's settings; the ``held_out``
families were run only to report and to gate. Every family varies something real conversations vary: the
number of groups (2 to 6, or none), how many statements each person votes on (dense or sparse), how uneven
the groups are, and how noisy the votes are.

Gate (``tests/commonground/test_families.py`` and ``make bench``): the planted number of groups found in at
least 90 % of the conversations with structure, and one group ("no clear opinion groups yet") on every
conversation without.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .planted import PlantedConversation, planted_conversation

__all__ = ["Family", "FAMILIES", "conversations"]


@dataclass(frozen=True)
class Family:
    """name; n_participants x n_statements; ks : the planted numbers of groups (1 = no structure);
    params : keyword arguments of :func:`planted_conversation`; held_out : not looked at while tuning."""

    name: str
    n_participants: int
    n_statements: int
    ks: tuple[int, ...]
    params: dict[str, Any] = field(default_factory=dict)
    held_out: bool = False
    description: str = ""


FAMILIES: tuple[Family, ...] = (
    Family(
        "dense",
        400,
        60,
        (2, 3, 4, 5, 6),
        {"min_votes": 30, "mean_votes": 45.0},
        description="most people vote on most statements",
    ),
    Family(
        "sparse",
        1500,
        200,
        (2, 3, 4, 5, 6),
        {"min_votes": 8, "mean_votes": 20.0},
        description="each person votes on about a tenth of the statements",
    ),
    Family(
        "unequal",
        800,
        100,
        (2, 3, 4, 5, 6),
        {"uneven": 2.0},
        description="group sizes proportional to 1 / (1 + 2 g): the smallest of six is under 5 %",
    ),
    Family("none-dense", 400, 60, (1,), {"min_votes": 30, "mean_votes": 45.0}, description="no groups"),
    # ---- held out: not looked at while the model's settings were chosen
    Family(
        "noisy",
        600,
        100,
        (2, 3, 4, 5, 6),
        {"noise": 0.15, "pass_rate": 0.25},
        held_out=True,
        description="15 % random votes, a quarter passes",
    ),
    Family(
        "many-light",
        3000,
        600,
        (2, 3, 4, 5, 6),
        {"min_votes": 10, "mean_votes": 30.0},
        held_out=True,
        description="many statements, everyone votes on few (the case decision 0003 left open)",
    ),
    Family(
        "unequal-sparse",
        1500,
        200,
        (2, 3, 4, 5, 6),
        {"uneven": 1.0, "min_votes": 8, "mean_votes": 20.0},
        held_out=True,
        description="uneven groups and sparse votes together",
    ),
    Family(
        "none-sparse", 1500, 200, (1,), {"min_votes": 8, "mean_votes": 20.0}, held_out=True, description="no groups"
    ),
    # ---- held out, added (with REPORT_SEEDS) before the second round of tuning (issue 22): never looked at
    # while choosing; run only to report
    Family(
        "uneven-noisy",
        1000,
        150,
        (2, 3, 4, 5, 6),
        {"uneven": 0.6, "noise": 0.1, "min_votes": 12, "mean_votes": 30.0},
        held_out=True,
        description="uneven groups, 10 % random votes, about 30 votes each",
    ),
    Family(
        "none-many-light",
        3000,
        600,
        (1,),
        {"min_votes": 10, "mean_votes": 30.0},
        held_out=True,
        description="no groups; many statements, everyone votes on few",
    ),
    Family(
        "none-noisy",
        600,
        100,
        (1,),
        {"noise": 0.15, "pass_rate": 0.25},
        held_out=True,
        description="no groups, noisy",
    ),
    # ---- small conversations (added in the fifth round, issue 22, before the model was changed for them): a
    # local engagement often has 60 to 200 people, fewer votes than any family above. The demo's 60 people said
    # "no clear opinion groups yet" with two groups plain on its map. "small" and "none-small" are for tuning;
    # the 200-person pair is held out, as the families above.
    Family(
        "small",
        60,
        20,
        (2, 3),
        {"min_votes": 8, "mean_votes": 15.0},
        description="a small local conversation: 60 people, about 15 votes each",
    ),
    Family("none-small", 60, 20, (1,), {"min_votes": 8, "mean_votes": 15.0}, description="no groups, 60 people"),
    Family(
        "small-200",
        200,
        40,
        (2, 3, 4),
        {"min_votes": 8, "mean_votes": 20.0},
        held_out=True,
        description="200 people, about 20 votes each",
    ),
    Family(
        "none-small-200",
        200,
        40,
        (1,),
        {"min_votes": 8, "mean_votes": 20.0},
        held_out=True,
        description="no groups, 200 people",
    ),
)

#: Seeds of the gate; the benchmark may use more.
GATE_SEEDS = (100, 101, 102, 103)

#: Seeds fixed before the second round of tuning (issue 22) and never run while choosing: the held-out figures
#: of record are measured on these. Seeds 100 and 101 of the held-out families were looked at while finding
#: why the first model missed groups there, so they count as tuning data from then on.
REPORT_SEEDS = (200, 201, 202, 203)


def conversations(
    families: tuple[Family, ...] = FAMILIES, seeds: tuple[int, ...] = GATE_SEEDS
) -> Iterator[tuple[Family, int, int, PlantedConversation]]:
    """Yield (family, planted k, seed, conversation) for every family, planted k and seed."""
    for fam in families:
        for k in fam.ks:
            for seed in seeds:
                yield fam, k, seed, planted_conversation(fam.n_participants, fam.n_statements, k, seed, **fam.params)
