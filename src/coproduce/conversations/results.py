"""Turn an analysis snapshot into what a results page shows, in plain language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from coproduce.conversations.analysis import compute_snapshot, is_stale, latest_snapshot
from coproduce.conversations.models import Statement
from coproduce.core.svg import group_letter, legend_marker, opinion_map
from coproduce.translations.reading import with_translations

# The words for the common-ground probability. A statement is labelled common ground from 0.8 (the engine's
# threshold, decision 0002): "likely"; from 0.95, "very likely".
LIKELY = 0.8
VERY_LIKELY = 0.95


def sureness(probability: float | None) -> str:
    """The common-ground probability in plain words (the pages put the number beside them; so does the API)."""
    if probability is None:
        return ""
    if probability >= VERY_LIKELY:
        return _("very likely")
    if probability >= LIKELY:
        return _("likely")
    return _("not sure yet")


@dataclass
class StatementRow:
    id: int
    text: str
    agree: int
    disagree: int
    passed: int
    note: str = ""
    groups: list[dict] = field(default_factory=list)
    # The statement itself, with its language and confirmed translations, for the pages (the API reads `text`).
    statement: Any = None
    # The engine's probability that every opinion group agrees (schema 1.1): how sure the common-ground label is.
    probability: float | None = None

    @property
    def sureness(self) -> str:
        return sureness(self.probability)

    @property
    def probability_percent(self) -> int | None:
        return None if self.probability is None else round(100 * self.probability)

    @property
    def votes(self) -> int:
        return self.agree + self.disagree + self.passed

    def percent(self, n: int) -> int:
        return round(100 * n / self.votes) if self.votes else 0

    @property
    def agree_percent(self) -> int:
        return self.percent(self.agree)

    @property
    def disagree_percent(self) -> int:
        return self.percent(self.disagree)

    @property
    def pass_percent(self) -> int:
        return self.percent(self.passed)


def build_results(
    data: dict,
    texts: dict[int, str],
    you_participant_id: int | None,
    perspective_names: dict[str, str] | None = None,
    statements: dict[int, Any] | None = None,
) -> dict:
    """perspective_names: {perspective id in the snapshot: its name in the reader's language}. statements: {id:
    Statement with its translations}, for pages that show each statement in the reader's language."""
    names = perspective_names or {}
    objects = statements or {}
    statements = {int(s["id"]): s for s in data.get("statements", []) if int(s["id"]) in texts}
    group_ids = [g["id"] for g in data.get("groups", [])]
    index_of = {g: i for i, g in enumerate(group_ids)}

    def row(sid: int, note: str = "") -> StatementRow | None:
        s = statements.get(int(sid))
        if s is None or s.get("excluded"):
            return None
        per_group = [
            {
                "letter": group_letter(index_of[g["group"]]),
                "marker": legend_marker(index_of[g["group"]]),
                "agree": g["agree"],
                "disagree": g["disagree"],
                "pass": g["pass"],
                "votes": g["agree"] + g["disagree"] + g["pass"],
                "agree_percent": round(100 * g["agree"] / max(1, g["agree"] + g["disagree"] + g["pass"])),
            }
            for g in s.get("groups", [])
            if g["group"] in index_of
        ]
        probability = s.get("common_ground_probability")
        return StatementRow(
            int(sid),
            texts[int(sid)],
            s["agree"],
            s["disagree"],
            s["pass"],
            note,
            per_group,
            objects.get(int(sid)),
            probability if isinstance(probability, int | float) and probability == probability else None,
        )

    summaries = data.get("summaries", {})

    def rows(items: list[dict]) -> list[StatementRow]:
        return [r for r in (row(item["id"]) for item in items) if r is not None]

    groups = [
        {
            "id": g["id"],
            "letter": group_letter(i),
            "size": g.get("size", 0),
            "marker": legend_marker(i),
            "distinct": [
                r
                for r in (
                    row(
                        item["id"],
                        _("agree more than others")
                        if item.get("direction") == "agree"
                        else _("disagree more than others"),
                    )
                    for item in next(
                        (
                            rep["statements"]
                            for rep in summaries.get("representative", [])
                            if rep.get("group") == g["id"]
                        ),
                        [],
                    )
                )
                if r is not None
            ],
        }
        for i, g in enumerate(data.get("groups", []))
    ]
    participants = data.get("participants", [])
    you = next((p for p in participants if p.get("id") == you_participant_id), None)
    you_group = index_of.get(you.get("group")) if you else None
    map_svg = opinion_map(
        participants,
        group_ids,
        you=you,
        title=_("Opinion map"),
        description=_(
            "Each mark is a person. People who voted alike are close together. Colours and shapes show the opinion groups."
        ),
        you_label=_("You are here"),
    )
    perspective_summary = summaries.get("perspectives", {})
    perspectives = [
        {"id": q["id"], "name": names.get(str(q["id"]), q["id"]), "size": q.get("size")}
        for q in data.get("perspectives", [])
    ]
    perspective_rows = []
    for item in perspective_summary.get("common_ground", []):
        s = statements.get(int(item["id"]))
        if s is None or s.get("excluded"):
            continue
        perspective_rows.append(
            {
                "text": texts[int(item["id"])],
                "statement": objects.get(int(item["id"])),
                "cells": [
                    {
                        "perspective": c["perspective"],
                        "suppressed": c.get("agree") is None,
                        "agree": c.get("agree"),
                        "votes": None if c.get("agree") is None else c["agree"] + c["disagree"] + c["pass"],
                    }
                    for c in s.get("perspectives", [])
                ],
            }
        )
    return {
        "map_svg": map_svg,
        "groups": groups,
        "you": you,
        "you_group": group_letter(you_group) if you_group is not None else None,
        "common_ground": rows(summaries.get("common_ground", [])),
        "common_disagreement": rows(summaries.get("common_disagreement", [])),
        "divisive": rows(summaries.get("divisive", [])),
        "perspectives": perspectives,
        "perspective_common_ground": perspective_rows,
        "unsure_count": sum(1 for s in statements.values() if not s.get("excluded") and s.get("common_ground") is None),
        "single_group": len(group_ids) == 1,
    }


def perspective_names(engagement) -> dict[str, str]:
    """{perspective id as the snapshot holds it: name in the active language} (one query)."""
    return {str(p.pk): p.name for p in engagement.perspectives.all()}


def current_results(conversation, you_participant_id: int | None) -> dict:
    """The latest snapshot (recomputed first if votes came in since) and what a results page shows of it.

    With a worker the snapshot follows votes within seconds; without one, or if it fell behind, it is computed
    here. Used by the participants' results page and the facilitators' live view alike.
    """
    snapshot = latest_snapshot(conversation)
    if is_stale(conversation, snapshot):
        snapshot = compute_snapshot(conversation)
    context = {"snapshot": snapshot}
    if snapshot is not None:
        # Each statement with its language and confirmed translations, in one query (conversation_id too: the
        # related manager sets each statement's conversation, which would read a deferred id once per statement).
        published = with_translations(
            conversation.statements.filter(status=Statement.Status.PUBLISHED).only(
                "pk", "conversation_id", "text", "language"
            )
        )
        statements = {s.pk: s for s in published}
        texts = {pk: s.text for pk, s in statements.items()}
        context.update(
            build_results(
                snapshot.data, texts, you_participant_id, perspective_names(conversation.engagement), statements
            )
        )
    return context
