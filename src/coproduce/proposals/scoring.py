"""Prioritisation in the web app: which options are compared, the next pair for a participant, and the scores.

The maths is in coproduce.pairwise (pure); this module reads the database in a fixed number of queries.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.db.models import Count, Q, Sum

from coproduce.core.privacy import shown
from coproduce.engagements.models import Engagement, Participant
from coproduce.pairwise import Comparison, Scores, choose_pair, fit
from coproduce.pairwise.bradley_terry import Z_95
from coproduce.proposals.models import DotAllocation, PairwiseChoice, PrioritisationSettings, Proposal

PAIR_SALT = "coproduce.proposals.pair"
PAIR_MAX_AGE = 24 * 60 * 60


def options(engagement: Engagement) -> list[Proposal]:
    """The options people compare: shortlisted proposals that are not hidden, oldest first."""
    return list(
        Proposal.objects.filter(engagement=engagement, status=Proposal.Status.SHORTLISTED, is_hidden=False).order_by(
            "pk"
        )
    )


def ranked_options(engagement: Engagement) -> list[Proposal]:
    """The options the results rank: those people compare now, and every visible one they compared or put dots on
    before (a decided proposal is no longer shortlisted, and its results must stay: they are what was decided on)."""
    compared = PairwiseChoice.objects.filter(engagement=engagement)
    return list(
        Proposal.objects.filter(engagement=engagement, is_hidden=False)
        .filter(
            Q(status=Proposal.Status.SHORTLISTED)
            | Q(pk__in=compared.values("option_a"))
            | Q(pk__in=compared.values("option_b"))
            | Q(pk__in=DotAllocation.objects.filter(engagement=engagement).values("proposal"))
        )
        .order_by("pk")
    )


def next_pair(engagement: Engagement, participant: Participant, choices: list[Proposal], rng=None):
    """The next pair for this participant, or None when done.

    Adaptive (coproduce.pairwise.pairing): before any comparison, the least compared pairs; then the pair whose
    answer is worth most under the scores fitted to every answer so far.
    """
    ids = [p.pk for p in choices]
    answers = list(
        PairwiseChoice.objects.filter(engagement=engagement, option_a__in=ids, option_b__in=ids)
        .order_by()
        .values_list("option_a", "option_b", "chosen")
        .annotate(n=Count("pk"))
    )
    counts: dict[tuple[int, int], int] = {}
    for a, b, _chosen, n in answers:
        counts[(a, b)] = counts.get((a, b), 0) + n
    seen = set(
        PairwiseChoice.objects.filter(participant=participant, option_a__in=ids, option_b__in=ids).values_list(
            "option_a", "option_b"
        )
    )
    scores = None
    if answers:
        fitted = _fit(choices, [(a, b, chosen) for a, b, chosen, n in answers for _ in range(n)])
        se = (fitted.upper - fitted.lower) / (2 * Z_95)
        scores = {p.pk: (float(fitted.score[i]), float(se[i])) for i, p in enumerate(choices)}
    pair = choose_pair(ids, counts, seen=seen, rng=rng or random.Random(), scores=scores)
    if pair is None:
        return None
    by_id = {p.pk: p for p in choices}
    return by_id[pair[0]], by_id[pair[1]]


def sign_pair(engagement: Engagement, participant: Participant, a: Proposal, b: Proposal) -> str:
    """The pair as shown, signed: the answer can name only one of these two (or neither), never a forged pair."""
    return signing.dumps(
        {"e": engagement.pk, "p": str(participant.public_id), "a": a.pk, "b": b.pk, "n": secrets.token_hex(12)},
        salt=PAIR_SALT,
        compress=True,
    )


@dataclass
class ShownPair:
    a: int
    b: int
    nonce: str


def read_pair(token: str, engagement: Engagement, participant: Participant) -> ShownPair | None:
    """The pair shown to this participant in this engagement, or None if the token is forged, old or someone else's."""
    try:
        data = signing.loads(token, salt=PAIR_SALT, max_age=PAIR_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("e") != engagement.pk or data.get("p") != str(participant.public_id):
        return None
    return ShownPair(int(data["a"]), int(data["b"]), str(data["n"]))


@dataclass
class OptionScore:
    proposal: Proposal
    rank: int
    percent: int  # chance, in %, of being preferred to an average option
    lower: int
    upper: int
    comparisons: int
    wins: int
    ties: int
    by_perspective: list[dict[str, Any]] = field(default_factory=list)  # filled by the table by perspective


def _fit(choices: list[Proposal], rows: list[tuple[int, int, int | None]]) -> Scores:
    index = {p.pk: i for i, p in enumerate(choices)}
    comparisons = [
        Comparison(index[a], index[b], None if chosen is None else index[chosen])
        for a, b, chosen in rows
        if a in index and b in index and (chosen is None or chosen in index)
    ]
    return fit(len(choices), comparisons)


def _rows(scores: Scores, choices: list[Proposal]) -> list[OptionScore]:
    chance, lower, upper = Scores.chance(scores.score), Scores.chance(scores.lower), Scores.chance(scores.upper)
    return [
        OptionScore(
            choices[i],
            rank,
            round(100 * chance[i]),
            round(100 * lower[i]),
            round(100 * upper[i]),
            int(scores.comparisons[i]),
            int(scores.wins[i]),
            int(scores.ties[i]),
        )
        for rank, i in enumerate(scores.order(), start=1)
    ]


def priorities_public(
    engagement: Engagement, features: frozenset[str] | set[str], has_decisions: bool | None = None
) -> bool:
    """Whether the priorities page is open to everyone: while prioritisation or decisions are on, and for good once
    the engagement has a decision or anyone has prioritised (a decision is read against the priorities behind it)."""
    from coproduce.engagements.models import Feature

    return (
        bool(set(features) & {Feature.PRIORITISATION, Feature.DECISIONS})
        or (engagement.decisions.exists() if has_decisions is None else has_decisions)
        or prioritised(engagement)
    )


def prioritised(engagement: Engagement) -> bool:
    """Whether anyone has chosen between pairs or spread dots in this engagement."""
    return (
        PairwiseChoice.objects.filter(engagement=engagement).exists()
        or DotAllocation.objects.filter(engagement=engagement).exists()
    )


def results(engagement: Engagement) -> dict:
    """Scores over everyone, and per perspective (cells from fewer people or comparisons than core.privacy's
    small-numbers threshold hidden: privacy, and noise)."""
    choices = ranked_options(engagement)
    if len(choices) < 2:
        return {"options": choices, "rows": [], "perspectives": [], "total": 0, "people": 0}
    ids = [p.pk for p in choices]
    data = list(
        PairwiseChoice.objects.filter(engagement=engagement, option_a__in=ids, option_b__in=ids).values_list(
            "option_a", "option_b", "chosen", "participant_id", "participant__perspective_id"
        )
    )
    rows = _rows(_fit(choices, [(a, b, c) for a, b, c, _p, _q in data]), choices)
    perspectives = []
    for perspective in engagement.perspectives.all():
        mine = [(a, b, c, p) for a, b, c, p, q in data if q == perspective.pk]
        people = len({p for *_x, p in mine})
        if not shown(people):
            perspectives.append({"perspective": perspective, "people": people, "suppressed": True, "cells": {}})
            continue
        scores = _rows(_fit(choices, [(a, b, c) for a, b, c, _p in mine]), choices)
        cells = {row.proposal.pk: (row if shown(row.comparisons) else None) for row in scores}
        perspectives.append({"perspective": perspective, "people": people, "suppressed": False, "cells": cells})
    for row in rows:
        row.by_perspective = [
            {
                "name": item["perspective"].name,
                "cell": None if item["suppressed"] else item["cells"].get(row.proposal.pk),
            }
            for item in perspectives
        ]
    return {
        "options": choices,
        "rows": rows,
        "perspectives": perspectives,
        "total": len(data),
        "people": len({p for *_x, p, _q in data}),
    }


def settings_of(phase) -> PrioritisationSettings:
    """The phase's prioritisation settings; pairwise when a facilitator has not chosen."""
    try:
        return phase.prioritisation
    except PrioritisationSettings.DoesNotExist:
        return PrioritisationSettings(phase=phase)


@dataclass
class DotsRow:
    proposal: Proposal
    rank: int
    dots: int
    people: int
    share: int  # percent of all dots
    by_perspective: list[dict[str, Any]] = field(default_factory=list)  # filled by dots_results


def dots_results(engagement: Engagement, choices: list[Proposal]) -> dict:
    """Dots per option over everyone, and per perspective (perspectives of fewer people than core.privacy's
    small-numbers threshold hidden)."""
    ids = [p.pk for p in choices]
    rows = list(
        DotAllocation.objects.filter(engagement=engagement, proposal_id__in=ids)
        .values("proposal_id", "participant__perspective_id")
        .annotate(dots=Sum("dots"), people=Count("participant", distinct=True))
    )
    people_by_perspective = dict(
        DotAllocation.objects.filter(engagement=engagement, proposal_id__in=ids)
        .values("participant__perspective_id")
        .annotate(n=Count("participant", distinct=True))
        .values_list("participant__perspective_id", "n")
    )
    totals: dict[int, int] = {}
    for row in rows:
        totals[row["proposal_id"]] = totals.get(row["proposal_id"], 0) + row["dots"]
    people = dict(
        DotAllocation.objects.filter(engagement=engagement, proposal_id__in=ids)
        .values("proposal_id")
        .annotate(n=Count("participant", distinct=True))
        .values_list("proposal_id", "n")
    )
    everyone = sum(totals.values())
    ordered = sorted(choices, key=lambda p: (-totals.get(p.pk, 0), p.pk))
    table = [
        DotsRow(
            p,
            rank,
            totals.get(p.pk, 0),
            people.get(p.pk, 0),
            round(100 * totals.get(p.pk, 0) / everyone) if everyone else 0,
        )
        for rank, p in enumerate(ordered, start=1)
    ]
    perspectives = []
    for perspective in engagement.perspectives.all():
        n = people_by_perspective.get(perspective.pk, 0)
        cells = {
            row["proposal_id"]: row["dots"] for row in rows if row["participant__perspective_id"] == perspective.pk
        }
        perspectives.append({"perspective": perspective, "people": n, "suppressed": not shown(n), "cells": cells})
    for row in table:
        row.by_perspective = [
            {
                "name": item["perspective"].name,
                "dots": None if item["suppressed"] else item["cells"].get(row.proposal.pk, 0),
            }
            for item in perspectives
        ]
    return {
        "dots_rows": table if everyone else [],
        "dots_total": everyone,
        "dots_people": DotAllocation.objects.filter(engagement=engagement).values("participant").distinct().count(),
        "dots_perspectives": perspectives,
    }


def ranking_shown(people: int) -> bool:
    """Whether an overall ranking (pairwise scores, or dots) may be published: once at least core.privacy's
    small-numbers threshold of people have chosen (issue 16). Fewer people's choices would say more about those
    few than about what matters, and could point to them. The one rule for every place that shows a ranking."""
    return shown(people)
