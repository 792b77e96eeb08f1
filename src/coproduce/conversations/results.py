"""Turn an analysis snapshot into what a results page shows, in plain language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from coproduce.conversations.analysis import (
    compute_snapshot,
    derived,
    is_stale,
    latest_snapshot,
    live_base,
    live_statements,
)
from coproduce.conversations.models import Statement
from coproduce.core.svg import MapDrawing, group_letter, legend_marker, map_drawing
from coproduce.translations.models import Translation
from coproduce.translations.reading import confirmed_translations, with_translations

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


@dataclass(frozen=True)
class Prepared:
    """What the results pages read of one analysis, by statement id and in each section's order: computed once per
    snapshot (analysis.derived), so that a page builds only the rows it needs words for. Shared between requests,
    never changed. Language-free: the words (and notes in the reader's language) are added per request."""

    statements: dict[int, dict]  # id: the engine's statement (excluded ones too, as the snapshot has them)
    group_ids: list
    # id of each statement not excluded: (agree, disagree, pass, per group, probability, label, group-aware consensus)
    figures: dict[int, tuple]
    every: list[int]  # ids not excluded, the most voted on first
    not_sure: frozenset[int]  # ids not excluded without enough votes to say (common_ground is None)
    participants: dict  # participant id: the engine's participant (for "you are here")
    placed: int  # participants on the map (with a position)
    # The map drawn without its words or "you are here", by the size above which it shows density (a setting that
    # tests lower): drawn once, on the first page that shows it.
    maps: dict[int | None, MapDrawing] = field(default_factory=dict)
    # The common-ground label now of the statements voted on since the analysis (with_live): they join or leave
    # the common-ground section at once.
    common_ground_now: dict[int, bool | None] = field(default_factory=dict)

    def common_ground_ids(self, listed: list[int]) -> list[int]:
        """The common-ground section's statements, from the analysis's list (`listed`, surest first): the statements
        voted on since the analysis as their label is now, those that have just become common ground after the
        analysis's own, surest first, until the next analysis orders them. The results pages and the API alike."""
        if not self.common_ground_now:
            return listed
        now = self.common_ground_now
        kept = [sid for sid in listed if now.get(sid, True)]
        shown = set(listed)
        joined = [sid for sid, label in now.items() if label and sid not in shown and sid in self.figures]
        joined.sort(key=lambda sid: (-(self.figures[sid][4] or 0.0), sid))
        return kept + joined

    def map_drawing(self, participants: list[dict], bin_above: int | None) -> MapDrawing:
        if bin_above not in self.maps:
            self.maps[bin_above] = map_drawing(participants, self.group_ids, bin_above=bin_above)
        return self.maps[bin_above]


def group_figures(index: int, agree: int, disagree: int, passed: int) -> dict:
    votes = agree + disagree + passed
    return {
        "letter": group_letter(index),
        "marker": legend_marker(index),
        "agree": agree,
        "disagree": disagree,
        "pass": passed,
        "votes": votes,
        "agree_percent": round(100 * agree / max(1, votes)),
    }


def with_live(prepared: Prepared, live: dict) -> Prepared:
    """`prepared` with the statements voted on since its analysis as they stand now (analysis.live_statements):
    their counts overall and per group, probability and label. A new Prepared for this request; the kept one is
    not changed. The map, the groups and the order of the other sections stay the analysis's."""
    figures = dict(prepared.figures)
    not_sure = set(prepared.not_sure)
    for sid, now in live.items():
        if sid not in figures:  # excluded from the analysis
            continue
        agree, disagree, passed = (int(x) for x in now.counts)
        per_group = [group_figures(i, int(g[0]), int(g[1]), int(g[2])) for i, g in enumerate(now.group_counts.tolist())]
        figures[sid] = (
            agree,
            disagree,
            passed,
            per_group,
            now.common_ground_probability,
            now.common_ground,
            now.group_aware_consensus,
        )
        if now.common_ground is None:
            not_sure.add(sid)
        else:
            not_sure.discard(sid)
    return replace(
        prepared,
        figures=figures,
        not_sure=frozenset(not_sure),
        common_ground_now={sid: now.common_ground for sid, now in live.items() if sid in figures},
    )


def prepare(data: dict) -> Prepared:
    statements = {int(s["id"]): s for s in data.get("statements", [])}
    group_ids = [g["id"] for g in data.get("groups", [])]
    index_of = {g: i for i, g in enumerate(group_ids)}
    figures = {}
    for sid, s in statements.items():
        if s.get("excluded"):
            continue
        per_group = [
            group_figures(index_of[g["group"]], g["agree"], g["disagree"], g["pass"])
            for g in s.get("groups", [])
            if g["group"] in index_of
        ]
        probability = s.get("common_ground_probability")
        probability = probability if isinstance(probability, int | float) and probability == probability else None
        figures[sid] = (
            s["agree"],
            s["disagree"],
            s["pass"],
            per_group,
            probability,
            s.get("common_ground"),
            s.get("group_aware_consensus"),
        )
    every = sorted(figures, key=lambda sid: (-(figures[sid][0] + figures[sid][1] + figures[sid][2]), sid))
    participants = data.get("participants", [])
    return Prepared(
        statements=statements,
        group_ids=group_ids,
        figures=figures,
        every=every,
        not_sure=frozenset(sid for sid in figures if statements[sid].get("common_ground") is None),
        participants={p.get("id"): p for p in participants},
        placed=sum(1 for p in participants if p.get("x") is not None),
    )


def build_results(
    data: dict,
    texts: dict[int, str],
    you_participant_id: int | None,
    perspective_names: dict[str, str] | None = None,
    statements: dict[int, Any] | None = None,
    *,
    top: int | None = None,
    with_map: bool = True,
    with_every: bool = True,
    prepared: Prepared | None = None,
) -> dict:
    """perspective_names: {perspective id in the snapshot: its name in the reader's language}. statements: {id:
    Statement with its translations}, for pages that show each statement in the reader's language (current_results
    gives none and attaches them to the rows it shows: with_statements). prepared: prepare(data), if the caller
    keeps it.

    Every section is given whole (`common_ground`, …) and, for the pages, its first `top` rows (`common_ground_top`,
    …; each group's `distinct_top`): a section's lists come from the engine strongest first, so the first rows are
    what matters most, and "see all" (results_list) pages through the rest. top=None: the setting. with_every=False
    leaves out `every_statement` (every statement's row, for "see all" only)."""
    top = settings.COPRODUCE_RESULTS_TOP if top is None else top
    names = perspective_names or {}
    objects = statements or {}
    known = prepared or prepare(data)
    group_ids = known.group_ids
    figures = known.figures

    def row(sid: int, note: str = "") -> StatementRow | None:
        sid = int(sid)
        if sid not in texts or sid not in figures:  # not published, or excluded from the analysis
            return None
        agree, disagree, passed, per_group, probability = figures[sid][:5]
        return StatementRow(sid, texts[sid], agree, disagree, passed, note, per_group, objects.get(sid), probability)

    summaries = data.get("summaries", {})

    def rows(items: list[dict]) -> list[StatementRow]:
        return [r for r in (row(item["id"]) for item in items) if r is not None]

    representative = {rep.get("group"): rep["statements"] for rep in summaries.get("representative", [])}
    groups = [
        {
            "id": g["id"],
            "letter": group_letter(i),
            "size": g.get("size", 0),
            "marker": legend_marker(i),
            "distinct": _distinct(row, representative.get(g["id"], [])),
        }
        for i, g in enumerate(data.get("groups", []))
    ]
    you = known.participants.get(you_participant_id) if you_participant_id is not None else None
    you_group = group_ids.index(you.get("group")) if you and you.get("group") in group_ids else None
    for group in groups:
        group["distinct_top"] = group["distinct"][:top]
    map_svg = (
        known.map_drawing(data.get("participants", []), settings.COPRODUCE_MAP_BIN_ABOVE).chart(
            you=you,
            title=_("Opinion map"),
            description=_(
                "Each mark is a person. People who voted alike are close together. Colours and shapes show the opinion groups."
            ),
            you_label=_("You are here"),
            density_description=_(
                "Each square is a part of the map: the darker it is, the more people are there. People who voted "
                "alike are close together. A square’s colour is the opinion group most of its people are in, and "
                "each group’s letter and shape mark its middle. The table gives the number of people in each group."
            ),
        )
        if with_map
        else ""
    )
    perspective_summary = summaries.get("perspectives", {})
    perspectives = [
        {
            "id": q["id"],
            "name": names.get(str(q["id"]), q["id"]),
            "size": q.get("size"),
            # What sets this perspective apart, strongest first ("see all" filters by it); the engine leaves out
            # perspectives of too few people to show (their size is None, their lists empty).
            "distinct": _distinct(
                row,
                next(
                    (
                        rep["statements"]
                        for rep in perspective_summary.get("representative", [])
                        if rep.get("perspective") == q["id"]
                    ),
                    [],
                ),
            )
            if q.get("size") is not None
            else [],
        }
        for q in data.get("perspectives", [])
    ]
    perspective_rows = []
    for item in perspective_summary.get("common_ground", []):
        sid = int(item["id"])
        if sid not in texts or sid not in figures:
            continue
        perspective_rows.append(
            {
                "id": sid,
                "text": texts[sid],
                "statement": objects.get(sid),
                "cells": [
                    {
                        "perspective": c["perspective"],
                        "suppressed": c.get("agree") is None,
                        "agree": c.get("agree"),
                        "votes": None if c.get("agree") is None else c["agree"] + c["disagree"] + c["pass"],
                    }
                    for c in known.statements[sid].get("perspectives", [])
                ],
            }
        )
    # Voted on since the analysis: in the section as their label is now (Prepared.common_ground_ids).
    common_ground = [
        r
        for r in (
            row(sid) for sid in known.common_ground_ids([int(i["id"]) for i in summaries.get("common_ground", [])])
        )
        if r is not None
    ]
    # Every statement, for "see all": the most voted on first (the order is the prepared one).
    every = [r for r in (row(sid) for sid in known.every) if r is not None] if with_every else []
    common_disagreement = rows(summaries.get("common_disagreement", []))
    divisive = rows(summaries.get("divisive", []))
    not_sure = {sid for sid in known.not_sure if sid in texts}
    return {
        "map_svg": map_svg,
        "binned_map": with_map and known.placed > settings.COPRODUCE_MAP_BIN_ABOVE,
        "groups": groups,
        "you": you,
        "you_group": group_letter(you_group) if you_group is not None else None,
        "top": top,
        "common_ground": common_ground,
        "common_ground_top": common_ground[:top],
        "common_disagreement": common_disagreement,
        "common_disagreement_top": common_disagreement[:top],
        "divisive": divisive,
        "divisive_top": divisive[:top],
        "perspectives": perspectives,
        "perspective_common_ground": perspective_rows,
        "perspective_common_ground_top": perspective_rows[:top],
        # The same statements as rows of the "see all" list (show=across-perspectives).
        "perspective_common_ground_rows": rows(perspective_summary.get("common_ground", [])),
        "every_statement": every,
        "not_sure_ids": not_sure,
        "unsure_count": len(not_sure),
        "single_group": len(group_ids) == 1,
    }


def _distinct(row: Callable[..., StatementRow | None], items: list[dict]) -> list[StatementRow]:
    """The rows of a list of statements that set a group or a perspective apart, each with which way."""
    return [
        r
        for r in (
            row(
                item["id"],
                _("agree more than others") if item.get("direction") == "agree" else _("disagree more than others"),
            )
            for item in items
        )
        if r is not None
    ]


def perspective_names(engagement) -> dict[str, str]:
    """{perspective id as the snapshot holds it: name in the active language} (one query)."""
    return {str(p.pk): p.name for p in engagement.perspectives.all()}


def ready_for_pages(snapshot) -> None:
    """What every results page, the projector and the API derive from a snapshot, built once per snapshot in each
    process (analysis.latest_snapshot: in the background for a large conversation's new one)."""
    prepared = derived(snapshot, "results", prepare)
    derived(snapshot, "live", live_base)
    prepared.map_drawing(snapshot.data.get("participants", []), settings.COPRODUCE_MAP_BIN_ABOVE)


def fresh_snapshot(conversation):
    """The latest snapshot, recomputed first if votes came in since.

    With a worker the snapshot follows votes within seconds; without one, or if it fell behind, it is computed here,
    unless the conversation is large (settings.COPRODUCE_LIVE_COUNTS_FROM_VOTES; decision 0023).
    """
    snapshot = latest_snapshot(conversation, ready=ready_for_pages)
    if is_stale(conversation, snapshot) and (
        snapshot is None or snapshot.vote_count < settings.COPRODUCE_LIVE_COUNTS_FROM_VOTES
    ):
        # Large conversations are not analysed inside a page (seconds at 2 M votes): the votes' own scheduled
        # analysis catches up, and the page shows the statements voted on since as they stand (live_statements).
        snapshot = compute_snapshot(conversation)
    return snapshot


def results_now(conversation, snapshot) -> Prepared:
    """The figures of every statement as they stand now: the snapshot's, with the statements voted on since it
    recounted (analysis.live_statements, decision 0023). The one source of the results page, its "see all" lists,
    the projector and the API's analysis, so that they show the same figures."""
    prepared = derived(snapshot, "results", prepare)
    live = live_statements(conversation, snapshot)
    return with_live(prepared, live) if live else prepared


def current_results(
    conversation,
    you_participant_id: int | None,
    *,
    snapshot=None,
    top: int | None = None,
    with_map: bool = True,
    with_every: bool = False,
) -> dict:
    """The latest snapshot (`fresh_snapshot`, unless the caller has it already) and what a results page shows of it.
    Used by the participants' results page, its "see all" lists (with_every=True: every statement's row) and the
    facilitators' live view alike."""
    snapshot = snapshot or fresh_snapshot(conversation)
    context: dict[str, Any] = {"snapshot": snapshot}
    if snapshot is not None:
        # The words of every published statement (plain rows: a few ms for thousands); the statements themselves,
        # with their translations, only for the rows a page shows (with_statements), not for every statement.
        texts = dict(
            conversation.statements.filter(status=Statement.Status.PUBLISHED).order_by().values_list("pk", "text")
        )
        context.update(
            build_results(
                snapshot.data,
                texts,
                you_participant_id,
                perspective_names(conversation.engagement),
                top=top,
                with_map=with_map,
                with_every=with_every,
                prepared=results_now(conversation, snapshot),
            )
        )
        shown = [
            *context["common_ground_top"],
            *context["common_disagreement_top"],
            *context["divisive_top"],
            *context["perspective_common_ground_top"],
            *(row for group in context["groups"] for row in group["distinct_top"]),
        ]
        with_statements(conversation, shown)
    return context


def with_statements(conversation, rows: list) -> list:
    """Give each row (a StatementRow, or a perspective row's dict) its statement with its language and confirmed
    translations, in one query whatever the number of rows: the pages show each in the reader's language."""
    ids = {row["id"] if isinstance(row, dict) else row.id for row in rows}
    if not ids:
        return rows
    # conversation_id too: the related manager sets each statement's conversation, which would read a deferred id
    # once per statement.
    found = with_translations(
        conversation.statements.filter(pk__in=ids, status=Statement.Status.PUBLISHED).only(
            "pk", "conversation_id", "text", "language"
        )
    ).in_bulk()
    for row in rows:
        if isinstance(row, dict):
            row["statement"] = found.get(row["id"])
        else:
            row.statement = found.get(row.id)
    return rows


# The "see all" list's filters: what each `show` value lists, from the results' sections.
SHOW = ("", "common-ground", "divisive", "common-disagreement", "across-perspectives", "not-sure")


def statement_list(
    results: dict,
    *,
    show: str = "",
    group: str = "",
    text: str = "",
    perspective: str = "",
    translated: dict[int, list[str]] | None = None,
) -> list[StatementRow]:
    """Every statement of the results, or those of one section (`show`: SHOW), or those that set one opinion group
    apart (`group`: its letter) or one perspective (`perspective`: its id, as text), whose words (or a confirmed
    translation) contain `text`. A section's statements keep its order (strongest first); every statement, the most
    voted on first. `translated`: {statement id: its confirmed translations} (translated_texts), read once for a
    search; without it, each row's statement's."""
    chosen: list
    if group:
        chosen = next((g["distinct"] for g in results.get("groups", []) if g["letter"] == group), [])
    elif perspective:
        chosen = next((q["distinct"] for q in results.get("perspectives", []) if str(q["id"]) == perspective), [])
    elif show == "across-perspectives":
        chosen = results.get("perspective_common_ground_rows", [])
    elif show == "common-ground":
        chosen = results.get("common_ground", [])
    elif show == "divisive":
        chosen = results.get("divisive", [])
    elif show == "common-disagreement":
        chosen = results.get("common_disagreement", [])
    elif show == "not-sure":
        chosen = [row for row in results.get("every_statement", []) if row.id in results.get("not_sure_ids", ())]
    else:
        chosen = results.get("every_statement", [])
    needle = text.strip().casefold()
    if needle:
        chosen = [row for row in chosen if needle in _searchable(row, translated)]
    return chosen


def translated_texts(conversation) -> dict[int, list[str]]:
    """{statement id: the texts of its confirmed translations} for the whole conversation, in one query: what a
    search of "see all" reads besides each statement's words."""
    found: dict[int, list[str]] = {}
    rows = Translation.objects.filter(
        content_type=ContentType.objects.get_for_model(Statement),
        object_id__in=conversation.statements.values("pk"),
        status=Translation.Status.CONFIRMED,
    ).values_list("object_id", "text")
    for object_id, text in rows:
        found.setdefault(object_id, []).append(text)
    return found


def _searchable(row: StatementRow, translated: dict[int, list[str]] | None = None) -> str:
    words = [row.text]
    if translated is not None:
        words += translated.get(row.id, [])
    elif row.statement is not None:
        words += list(confirmed_translations(row.statement).values())
    return " ".join(words).casefold()
