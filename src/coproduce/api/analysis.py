"""The latest analysis as open data: what the results page shows, as plain JSON (API and open-data download).

Only published statements appear with their words; statements moderated out are left out; per-perspective
figures for fewer people than core.privacy's threshold are null (the engine suppresses the cells; sizes here).
"""

from __future__ import annotations

from typing import Any

from coproduce.conversations.analysis import compute_snapshot, derived, is_stale, latest_snapshot
from coproduce.conversations.models import Conversation, Statement
from coproduce.conversations.results import fresh_snapshot, prepare, results_now, sureness
from coproduce.core.privacy import small_numbers_threshold
from coproduce.core.svg import group_letter


def current_snapshot(conversation: Conversation):
    """The latest snapshot, recomputed first if votes came in since, at any size: for open data, a build in the
    background whose files must all come from one analysis (the API's analysis and the pages: fresh_snapshot)."""
    snapshot = latest_snapshot(conversation)
    if is_stale(conversation, snapshot):
        snapshot = compute_snapshot(conversation)
    return snapshot


def _suppressed_size(size) -> int | None:
    return size if isinstance(size, int) and size >= small_numbers_threshold() else None


def analysis_document(conversation: Conversation, snapshot=None, *, live: bool = True) -> dict[str, Any]:
    """The analysis as the results page shows it: with no `snapshot`, the latest one as the pages take it
    (results.fresh_snapshot: a large conversation is not re-analysed inside a request) and every statement's figures
    as they stand now (results.results_now: the statements voted on since it recounted, the common-ground list as
    their labels are now). live=False: `snapshot`'s own figures (open data, whose files all come from one
    analysis)."""
    if snapshot is None:
        snapshot = fresh_snapshot(conversation) if live else current_snapshot(conversation)
    empty: dict[str, Any] = {
        "computed_at": None,
        "participants": 0,
        "votes": 0,
        "groups": [],
        "common_ground": [],
        "common_disagreement": [],
        "divisive": [],
        "perspectives": [],
        "perspective_common_ground": [],
        "statements": [],
    }
    if snapshot is None:
        return empty
    data = snapshot.data
    texts = dict(conversation.statements.filter(status=Statement.Status.PUBLISHED).values_list("pk", "text"))
    names = {str(p.pk): p.name for p in conversation.engagement.perspectives.all()}
    group_ids = [g["id"] for g in data.get("groups", [])]
    letters = {g: group_letter(i) for i, g in enumerate(group_ids)}
    statements = {
        int(s["id"]): s for s in data.get("statements", []) if int(s["id"]) in texts and not s.get("excluded")
    }
    # Every statement's figures, the same as the results page's (results_now), or the snapshot's own.
    known = results_now(conversation, snapshot) if live else derived(snapshot, "results", prepare)

    def statement(sid) -> dict[str, Any] | None:
        s = statements.get(int(sid))
        if s is None or int(sid) not in known.figures:
            return None
        agree, disagree, passed, per_group, probability, label, consensus = known.figures[int(sid)]
        return {
            "id": int(sid),
            "text": texts[int(sid)],
            "agree": agree,
            "disagree": disagree,
            "pass": passed,
            "group_aware_consensus": consensus,
            "common_ground": label,
            "common_ground_probability": probability,
            "common_ground_words": sureness(probability),
            "groups": [
                {"group": g["letter"], "agree": g["agree"], "disagree": g["disagree"], "pass": g["pass"]}
                for g in per_group
            ],
            "perspectives": [
                {
                    "perspective": names.get(str(c["perspective"]), str(c["perspective"])),
                    "agree": c.get("agree"),
                    "disagree": c.get("disagree"),
                    "pass": c.get("pass"),
                }
                for c in s.get("perspectives", [])
            ],
        }

    def listed(items) -> list[dict[str, Any]]:
        return [row for row in (statement(item["id"]) for item in items) if row is not None]

    summaries = data.get("summaries", {})
    representative = {rep.get("group"): rep.get("statements", []) for rep in summaries.get("representative", [])}
    groups = [
        {
            "id": letters[g["id"]],
            "size": g.get("size", 0),
            "distinctive": [
                {"statement": int(item["id"]), "direction": item.get("direction", "agree")}
                for item in representative.get(g["id"], [])
                if int(item["id"]) in statements
            ],
        }
        for g in data.get("groups", [])
    ]
    return {
        "computed_at": snapshot.created_at.isoformat(),
        "participants": snapshot.participant_count,
        "votes": snapshot.vote_count,
        "groups": groups,
        "common_ground": [
            row
            for row in (
                statement(sid)
                for sid in known.common_ground_ids([int(item["id"]) for item in summaries.get("common_ground", [])])
            )
            if row is not None
        ],
        "common_disagreement": listed(summaries.get("common_disagreement", [])),
        "divisive": listed(summaries.get("divisive", [])),
        "perspectives": [
            {"name": names.get(str(q["id"]), str(q["id"])), "size": _suppressed_size(q.get("size"))}
            for q in data.get("perspectives", [])
        ],
        "perspective_common_ground": listed(summaries.get("perspectives", {}).get("common_ground", [])),
        "statements": [statement(sid) for sid in statements],
    }
