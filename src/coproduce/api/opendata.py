"""Open data of an engagement: CSV, JSON, a Frictionless Data Package, and the Polis export format.

Every file is built from an explicit allow-list of fields (the TABLES below and engagement_document), never from
a model dump: a field added to a model later (confidential listening notes, an email address) cannot appear
here unless someone adds it to a list on purpose — and the tests search the files for personal data.

Participants are pseudonymised: numbered 1, 2, 3, … in the order of their first vote (then of joining), so the
numbers are stable within a dataset and say nothing about database ids. Hidden statements keep only their id and
the moderation reason; statements awaiting moderation only their id. Per-perspective figures for fewer
people than the small-numbers threshold (core.privacy) are left blank, and so is a participant's perspective when
fewer people of it took part.

Text cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) get a quote in front, in
every CSV, the Polis ones too (core/csvsafe.py, and the engine's copy of the rule; docs/api.md says why).
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import Count, F, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from coproduce.api import golden_thread
from coproduce.api.analysis import analysis_document, current_snapshot
from coproduce.api.golden_thread import both
from coproduce.commonground import StatementMeta, Votes, write_polis
from coproduce.conversations.models import Conversation, ModerationDecision, Statement, Vote
from coproduce.core import csvsafe
from coproduce.core.privacy import shown, small_numbers_threshold
from coproduce.core.svg import group_letter
from coproduce.engagements.models import LICENCE_URLS, Engagement, Licence, Participant
from coproduce.translations.reading import ANNOTATION, with_translations

POLIS_FILES = ("comments.csv", "votes.csv", "participants-votes.csv", "summary.csv")


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Frictionless Table Schema type
    description: str


# ------------------------------------------------------------------------------------------ the allow-lists
#: How the golden thread's tables refer to each other (checked by Frictionless validators): {resource: {field: the
#: resource whose field of the same name it refers to}}.
FOREIGN_KEYS = {
    "expert-input": {"proposal": "proposals"},
    "actions": {"decision": "decisions", "iteration": "iterations"},
    "updates": {"action": "actions"},
    "feedback": {"action": "actions"},
}


def _ids(ids) -> str:
    """Ids as one cell, separated by spaces (a cell holding a list)."""
    return " ".join(str(i) for i in ids)


STATEMENT_FIELDS = [
    Field("statement", "integer", "Statement id (the same as in the API)."),
    Field("status", "string", "published, hidden (moderated out) or pending (waiting for moderation)."),
    Field(
        "origin",
        "string",
        "participant, seed (from the facilitators), listening (from one-to-one listening, "
        "anonymised), import or assisted (entered on a participant's behalf).",
    ),
    Field("text", "string", "The statement's words as written, in its own language; blank unless published."),
    Field(
        "moderation_reason",
        "string",
        "Why a hidden statement was hidden (off_topic, personal_information, "
        "abusive, duplicate, outside_boundaries); blank if not hidden or not given.",
    ),
    Field(
        "author",
        "integer",
        "Pseudonymous number of the participant who wrote it; blank if not written by a participant or not published.",
    ),
    Field("created", "date", "The day the statement was written."),
    Field("agree", "integer", "Participants whose latest vote is agree; blank unless published."),
    Field("disagree", "integer", "Participants whose latest vote is disagree; blank unless published."),
    Field("pass", "integer", "Participants whose latest vote is pass (unsure); blank unless published."),
    Field("language", "string", "The language the statement was written in: en (English) or cy (Welsh)."),
    Field(
        "text_en",
        "string",
        "The statement in English: the original, or its translation confirmed by a second person; blank if there "
        "is none yet or it is not published.",
    ),
    Field(
        "text_cy",
        "string",
        "The statement in Welsh: the original, or its translation confirmed by a second person; blank if there is "
        "none yet or it is not published.",
    ),
]
VOTE_FIELDS = [
    Field("participant", "integer", "Pseudonymous participant number (see participants.csv)."),
    Field("statement", "integer", "Statement id (see statements.csv)."),
    Field("vote", "integer", "The latest vote: 1 agree, -1 disagree, 0 pass (the Polis sign convention)."),
    Field("assisted", "boolean", "Entered by a facilitator from a paper or phone response."),
]


# The small-numbers threshold (core.privacy) is a setting: these two field lists name it, so they are made when a
# download is built, not when this module is imported.
def _participant_fields() -> list[Field]:
    return [
        Field("participant", "integer", "Pseudonymous participant number: 1, 2, 3, … in the order of first vote."),
        Field(
            "perspective",
            "string",
            "The perspective the participant chose; blank if none, or if fewer than "
            f"{small_numbers_threshold()} people of that perspective took part.",
        ),
        Field("opinion_group", "string", "Opinion group (A, B, …) in the latest analysis; blank if not clustered."),
        Field("votes", "integer", "Number of statements the participant voted on (latest votes)."),
        Field("assisted", "boolean", "Responses entered by a facilitator on the participant's behalf."),
    ]


def _perspective_fields() -> list[Field]:
    n = small_numbers_threshold()
    return [
        Field("statement", "integer", "Statement id (published statements only)."),
        Field("perspective", "string", "Perspective name."),
        Field("voters", "integer", f"People of this perspective who voted on the statement; blank if fewer than {n}."),
        Field("agree", "integer", f"Of them, agree; blank if fewer than {n} voters."),
        Field("disagree", "integer", f"Of them, disagree; blank if fewer than {n} voters."),
        Field("pass", "integer", f"Of them, pass; blank if fewer than {n} voters."),
    ]


POLIS_COMMENT_FIELDS = [
    Field("timestamp", "integer", "Milliseconds since 1970 (synthetic: keeps the statements' order)."),
    Field("comment-id", "integer", "Statement id."),
    Field("author-id", "integer", "Pseudonymous participant number of the author; blank if none."),
    Field("agrees", "integer", "Agree votes (latest)."),
    Field("disagrees", "integer", "Disagree votes (latest)."),
    Field("moderated", "integer", "1 published, -1 moderated out, 0 waiting for moderation."),
    Field("is-meta", "boolean", "Always false (coproduce has no meta statements)."),
    Field("is-seed", "boolean", "A seed statement from the facilitators."),
    Field(
        "group-informed-consensus",
        "number",
        "Polis's group-aware consensus in the latest analysis; blank unless published.",
    ),
    Field("comment-body", "string", "The statement's words; blank unless published."),
]
POLIS_VOTE_FIELDS = [
    Field("timestamp", "integer", "Milliseconds since 1970 (synthetic: one event per latest vote)."),
    Field("datetime", "string", "The same moment, as text."),
    Field("comment-id", "integer", "Statement id."),
    Field("voter-id", "integer", "Pseudonymous participant number."),
    Field("vote", "integer", "1 agree, -1 disagree, 0 pass."),
]
POLIS_SUMMARY_FIELDS = [
    Field(
        "key",
        "string",
        "topic, url, views, voters, voters-in-conv, commenters, comments, groups or conversation-description.",
    ),
    Field("value", "string", "Its value."),
]


def _both(name: str, what: str, blank: str = "") -> list[Field]:
    """A text staff write in English and Welsh: two columns, name_en and name_cy."""
    tail = f"; blank if there is none yet{blank}."
    return [
        Field(f"{name}_en", "string", f"{what} in English{tail}"),
        Field(f"{name}_cy", "string", f"{what} in Welsh{tail}"),
    ]


# The golden thread (api/golden_thread.py says what is published of it, and why).
PROPOSAL_FIELDS = [
    Field("proposal", "integer", "Proposal id (the same as in the API)."),
    Field("status", "string", "open (for comments), shortlisted, decided (taken forward) or not_taken_forward."),
    Field("origin", "string", "codesign (written in co-design) or prioritisation (suggested as a missing option)."),
    Field(
        "boundary", "string", "Whether it is within the engagement's boundaries: unchecked, within, partly, outside."
    ),
    *_both("title", "Its title"),
    *_both("summary", "Its summary"),
    *_both("body", "The proposal in full"),
    *_both("status_reason", "Why it has this status", " or none was given"),
    *_both("boundary_note", "Why it is (or is not) within the boundaries", " or none was given"),
    Field("statements", "string", "Ids of the published statements it cites (statements.csv), separated by spaces."),
    Field("decisions", "string", "Ids of the decisions taking it up (decisions.csv), separated by spaces."),
    Field("comments", "integer", "How many published comments it has (their words are on the proposal's page)."),
    Field("created", "date", "The day it was written."),
    Field("updated", "date", "The day it last changed."),
]
EXPERT_INPUT_FIELDS = [
    Field("expert_input", "integer", "Expert input id."),
    Field("proposal", "integer", "The proposal it is about (proposals.csv)."),
    *_both("text", "Knowledge from an invited expert (who gave it is not published)"),
    Field("created", "date", "The day it was given."),
]
DECISION_FIELDS = [
    Field("decision", "integer", "Decision id (the same as in the API)."),
    Field("decided_on", "date", "When it was decided."),
    *_both("title", "What was decided"),
    *_both("decided_by", "Who decided: the body the decision record names (a board, a committee)"),
    *_both("reasons", "Why"),
    *_both("not_done", "What was not done, and why", " or nothing was said"),
    Field("proposals", "string", "Ids of the proposals it takes up (proposals.csv), separated by spaces."),
]
ITERATION_FIELDS = [
    Field("iteration", "integer", "Iteration id: a short, time-boxed cycle of delivery with one goal."),
    Field("starts_on", "date", "First day."),
    Field("ends_on", "date", "Last day."),
    *_both("name", "Its name"),
    *_both("goal", "Its goal"),
]
ACTION_FIELDS = [
    Field("action", "integer", "Action id (the same as in the API)."),
    Field("decision", "integer", "The decision it delivers (decisions.csv)."),
    Field("iteration", "integer", "Its iteration (iterations.csv); blank if it is in none."),
    Field("status", "string", "planned, in_progress, done or not_possible."),
    Field("target_date", "date", "When it should be done; blank if no date was set."),
    *_both("title", "What will be done"),
    *_both("description", "More about it", " or there is none"),
    *_both("owner", "Who owns it: a role or team, as staff wrote it"),
    *_both("status_reason", "Why it is not possible", " or it is possible"),
    Field("created", "date", "The day it was created."),
    Field("updated", "date", "The day it last changed."),
]
UPDATE_FIELDS = [
    Field("update", "integer", "Update id."),
    Field("action", "integer", "The action it is about (actions.csv)."),
    Field("status", "string", "The action's new status when the update is a change of status; blank otherwise."),
    *_both("text", "The update", " or it says nothing more than the change of status"),
    Field("created", "date", "The day it was published (who wrote it is not published)."),
]


def _feedback_fields() -> list[Field]:
    n = small_numbers_threshold()
    return [
        Field("action", "integer", "The action people gave feedback on (actions.csv)."),
        Field("respondents", "integer", "How many people said whether the change worked for them."),
        Field(
            "suppressed",
            "boolean",
            f"true when fewer than {n} people answered: the mean and the answers are then left blank, so that no one "
            "can be picked out.",
        ),
        Field(
            "mean_rating",
            "number",
            "Mean rating, 1 (did not work at all) to 5 (worked very well); blank if suppressed.",
        ),
        *(
            Field(
                f"rating_{value}",
                "integer",
                f"How many answered {value}; blank if suppressed, or if any answer was given by 1 to {n - 1} people "
                "(with the mean, the other counts would give it away).",
            )
            for value in range(1, 6)
        ),
    ]


def _polis_participant_fields(statement_ids: list[int]) -> list[Field]:
    return [
        Field("participant", "integer", "Pseudonymous participant number."),
        Field("xid", "string", "Always blank (no external ids are published)."),
        Field("group-id", "integer", "Opinion group number in the latest analysis; blank if not clustered."),
        Field("n-comments", "integer", "Statements written."),
        Field("n-votes", "integer", "Votes (latest per statement)."),
        Field("n-agree", "integer", "Agree votes."),
        Field("n-disagree", "integer", "Disagree votes."),
        *(
            Field(str(sid), "integer", f"Latest vote on statement {sid}: 1, -1, 0, blank if none.")
            for sid in statement_ids
        ),
    ]


# ------------------------------------------------------------------------------------------ licence
def licence_of(engagement: Engagement) -> dict[str, str]:
    return licence_for(engagement.organisation)


def licence_for(organisation) -> dict[str, str]:
    """The licence, and the line to credit the data with in English and in Welsh (the data is published in both)."""
    code = organisation.licence or Licence.OGL_3
    with override("en"):
        title = str(Licence(code).label)
    return {
        "name": code,
        "title": title,
        "path": LICENCE_URLS[Licence(code)],
        "attribution": attribution(code, organisation.name_en or organisation.name, "en"),
        "attribution_cy": attribution(code, organisation.name_cy or organisation.name_en or organisation.name, "cy"),
    }


def attribution(code: str, organisation_name: str, language: str = "en") -> str:
    with override(language):
        if code == Licence.OGL_3:
            return _(
                "Contains public sector information from %(organisation)s licensed under the Open Government Licence "
                "v3.0."
            ) % {"organisation": organisation_name}
        if code == Licence.CC0:
            return _(
                "Published by %(organisation)s under CC0 1.0: no attribution is required, but please credit the source."
            ) % {"organisation": organisation_name}
        return _("© %(organisation)s, licensed under %(licence)s (%(code)s).") % {
            "organisation": organisation_name,
            "licence": Licence(code).label,
            "code": code,
        }


# ------------------------------------------------------------------------------------------ building
class Dataset:
    """Everything published about one engagement, built with a fixed number of queries."""

    def __init__(self, engagement: Engagement, conversation: Conversation):
        self.engagement = engagement
        self.conversation = conversation
        self.created = timezone.now()
        self.snapshot = current_snapshot(conversation)
        voters = (
            Participant.objects.filter(engagement=engagement)
            .annotate(first_vote=Min("vote_events__created_at"), n_statements=Count("statements", distinct=True))
            .filter(Q(first_vote__isnull=False) | Q(n_statements__gt=0))
            .order_by(F("first_vote").asc(nulls_last=True), "created_at", "pk")
            .values_list("pk", "perspective_id", "perspective_id", "is_assisted")
        )
        # Names through the model, so that a Welsh-only name falls back as everywhere else (not through values()).
        self.perspective_names = {p.pk: p.name for p in engagement.perspectives.all()}
        self.participants = [(pk, self.perspective_names.get(q, ""), q, a) for pk, _q, q, a in voters]
        self.number = {pk: n for n, (pk, *_rest) in enumerate(self.participants, start=1)}
        self.statements = list(
            conversation.statements.order_by("created_at", "pk").values_list(
                "pk", "status", "origin", "text", "author_id", "created_at"
            )
        )
        # Languages and confirmed translations (in one query with the statements' language): statements.csv's
        # language, text_en and text_cy.
        self.languages: dict[int, str] = {}
        self.translated: dict[int, dict[str, str]] = {}
        for pk, language, en, cy in with_translations(conversation.statements.all()).values_list(
            "pk",
            "language",
            ANNOTATION.format(field="text", language="en"),
            ANNOTATION.format(field="text", language="cy"),
        ):
            self.languages[pk] = language
            self.translated[pk] = {"en": en, "cy": cy}
        reasons = (
            ModerationDecision.objects.filter(
                statement__conversation=conversation, action=ModerationDecision.Action.HIDE
            )
            .order_by("statement_id", "-created_at", "-pk")
            .values_list("statement_id", "reason")
        )
        self.reasons: dict[int, str] = {}
        for sid, reason in reasons:
            self.reasons.setdefault(sid, reason)
        self.votes = list(
            Vote.objects.filter(conversation=conversation)
            .order_by("participant_id", "statement_id")
            .values_list("participant_id", "statement_id", "value", "is_assisted")
        )
        self.published = {pk for pk, status, *_rest in self.statements if status == Statement.Status.PUBLISHED}
        # The golden thread: what the pages publish of it (api/golden_thread.py), a fixed number of queries.
        self.proposals = list(golden_thread.proposals(engagement))
        self.decisions = list(golden_thread.decisions(engagement))
        self.iterations = list(golden_thread.iterations(engagement, timezone.localdate()))
        self.actions = list(golden_thread.actions(engagement))
        self.updates = list(golden_thread.updates(engagement))
        self.feedback = golden_thread.feedback(engagement)

    # -- tables (lists of dicts keyed by the allow-listed field names)
    def statement_rows(self) -> list[dict[str, Any]]:
        counts: dict[int, list[int]] = {}
        for _p, sid, value, _a in self.votes:
            c = counts.setdefault(sid, [0, 0, 0])
            c[0 if value == 1 else 1 if value == -1 else 2] += 1
        rows = []
        for pk, status, origin, text, author_id, created_at in self.statements:
            published = pk in self.published
            agree, disagree, passed = counts.get(pk, [0, 0, 0])
            rows.append(
                {
                    "statement": pk,
                    "status": status,
                    "origin": origin,
                    "text": text if published else "",
                    "moderation_reason": self.reasons.get(pk, "") if status == Statement.Status.HIDDEN else "",
                    "author": self.number.get(author_id)
                    if published and origin == Statement.Origin.PARTICIPANT
                    else None,
                    "created": created_at.date().isoformat(),
                    "agree": agree if published else None,
                    "disagree": disagree if published else None,
                    "pass": passed if published else None,
                    "language": self.languages.get(pk, ""),
                    "text_en": self._version(pk, "en", text) if published else "",
                    "text_cy": self._version(pk, "cy", text) if published else "",
                }
            )
        return rows

    def _version(self, pk: int, language: str, text: str) -> str:
        if self.languages.get(pk) == language:
            return text
        return self.translated.get(pk, {}).get(language) or ""

    def vote_rows(self) -> list[dict[str, Any]]:
        rows = [
            {"participant": self.number[p], "statement": s, "vote": v, "assisted": a}
            for p, s, v, a in self.votes
            if p in self.number
        ]
        rows.sort(key=lambda r: (r["participant"], r["statement"]))
        return rows

    def _perspective_sizes(self) -> dict[int, int]:
        sizes: dict[int, int] = {}
        for _pk, _name, perspective_id, _assisted in self.participants:
            if perspective_id is not None:
                sizes[perspective_id] = sizes.get(perspective_id, 0) + 1
        return sizes

    def participant_rows(self) -> list[dict[str, Any]]:
        sizes = self._perspective_sizes()
        groups = {}
        if self.snapshot is not None:
            group_ids = [g["id"] for g in self.snapshot.data.get("groups", [])]
            index = {g: i for i, g in enumerate(group_ids)}
            groups = {
                p["id"]: group_letter(index[p["group"]])
                for p in self.snapshot.data.get("participants", [])
                if p.get("group") in index
            }
        n_votes: dict[int, int] = {}
        for p, _s, _v, _a in self.votes:
            n_votes[p] = n_votes.get(p, 0) + 1
        return [
            {
                "participant": self.number[pk],
                "perspective": name if perspective_id is not None and shown(sizes[perspective_id]) else "",
                "opinion_group": groups.get(pk, ""),
                "votes": n_votes.get(pk, 0),
                "assisted": assisted,
            }
            for pk, name, perspective_id, assisted in self.participants
        ]

    def perspective_rows(self) -> list[dict[str, Any]]:
        perspectives = list(self.engagement.perspectives.all())  # prefetched: no query
        of_participant = {pk: perspective_id for pk, _n, perspective_id, _a in self.participants}
        cells: dict[tuple[int, int], list[int]] = {}
        for p, s, v, _a in self.votes:
            q = of_participant.get(p)
            if q is None or s not in self.published:
                continue
            c = cells.setdefault((s, q), [0, 0, 0])
            c[0 if v == 1 else 1 if v == -1 else 2] += 1
        rows = []
        for pk, *_rest in self.statements:
            if pk not in self.published:
                continue
            for perspective in perspectives:
                agree, disagree, passed = cells.get((pk, perspective.pk), [0, 0, 0])
                voters = agree + disagree + passed
                enough = shown(voters)
                rows.append(
                    {
                        "statement": pk,
                        "perspective": perspective.name,
                        "voters": voters if enough else None,
                        "agree": agree if enough else None,
                        "disagree": disagree if enough else None,
                        "pass": passed if enough else None,
                    }
                )
        return rows

    # -- the golden thread
    def proposal_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "proposal": p.pk,
                "status": p.status,
                "origin": p.origin,
                "boundary": p.boundary,
                **both(p, "title"),
                **both(p, "summary"),
                **both(p, "body"),
                **both(p, "status_reason"),
                **both(p, "boundary_note"),
                "statements": _ids(c.statement_id for c in p.citations.all()),
                "decisions": _ids(d.pk for d in p.decisions.all()),
                "comments": p.n_comments,
                "created": p.created_at.date().isoformat(),
                "updated": p.updated_at.date().isoformat(),
            }
            for p in self.proposals
        ]

    def expert_input_rows(self) -> list[dict[str, Any]]:
        return [
            {"expert_input": e.pk, "proposal": p.pk, **both(e, "text"), "created": e.created_at.date().isoformat()}
            for p in self.proposals
            for e in p.expert_inputs.all()
        ]

    def decision_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "decision": d.pk,
                "decided_on": d.decided_on.isoformat(),
                **both(d, "title"),
                **both(d, "decided_by"),
                **both(d, "reasons"),
                **both(d, "not_done"),
                "proposals": _ids(p.pk for p in d.proposals.all()),
            }
            for d in self.decisions
        ]

    def iteration_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "iteration": i.pk,
                "starts_on": i.starts_on.isoformat(),
                "ends_on": i.ends_on.isoformat(),
                **both(i, "name"),
                **both(i, "goal"),
            }
            for i in self.iterations
        ]

    def action_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "action": a.pk,
                "decision": a.decision_id,
                "iteration": a.iteration_id,
                "status": a.status,
                "target_date": a.target_date.isoformat() if a.target_date else None,
                **both(a, "title"),
                **both(a, "description"),
                **both(a, "owner"),
                **both(a, "status_reason"),
                "created": a.created_at.date().isoformat(),
                "updated": a.updated_at.date().isoformat(),
            }
            for a in self.actions
        ]

    def update_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "update": u.pk,
                "action": u.action_id,
                "status": u.status,
                **both(u, "text"),
                "created": u.created_at.date().isoformat(),
            }
            for u in self.updates
        ]

    def feedback_rows(self) -> list[dict[str, Any]]:
        rows = []
        for a in self.actions:
            aggregate = golden_thread.feedback_aggregate(a.pk, self.feedback.get(a.pk))
            counts = {item["rating"]: item["people"] for item in aggregate["distribution"]}
            rows.append(
                {
                    "action": a.pk,
                    "respondents": aggregate["respondents"],
                    "suppressed": aggregate["suppressed"],
                    "mean_rating": aggregate["mean_rating"],
                    **{f"rating_{value}": counts.get(value) for value in range(1, 6)},
                }
            )
        return rows

    # -- documents
    def _texts(self, language: str) -> dict[str, Any]:
        """What staff wrote, in one language, falling back to the other where it has not been translated yet."""
        e = self.engagement
        other = "cy" if language == "en" else "en"

        def text(obj: Any, field: str) -> str:
            return getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_{other}", "") or ""

        boundaries = ("in_scope", "out_of_scope", "fixed", "budget", "who_decides", "timeline")
        return {
            "title": text(e, "title"),
            "question": text(e, "question"),
            "brief": text(e, "brief"),
            "organisation": text(e.organisation, "name"),
            "boundaries": {field: text(e, field) for field in boundaries},
            "perspectives": [text(p, "name") for p in e.perspectives.all()],
        }

    def engagement_document(self) -> dict[str, Any]:
        """The engagement as published: its texts in English at the top level (as before) and in Welsh under "cy"
        (issue 15: the open data carries both languages, whatever language the download was asked in)."""
        e = self.engagement
        english = self._texts("en")
        return {
            "slug": e.slug,
            "title": english["title"],
            "question": english["question"],
            "brief": english["brief"],
            "organisation": {"slug": e.organisation.slug, "name": english["organisation"]},
            "boundaries": english["boundaries"],
            "cy": self._texts("cy"),
            "phases": [
                {
                    "kind": p.kind,
                    "starts_on": p.starts_on.isoformat(),
                    "ends_on": p.ends_on.isoformat(),
                    "features": list(p.features),
                }
                for p in e.phases.all()
            ],
            "perspectives": english["perspectives"],
            "licence": licence_of(e),
            "published_at": self.created.isoformat(),
            # The other files of the package, by what they hold: the golden thread from statements to feedback.
            "files": {name: path for name, path, *_rest in self.tables()} | {"analysis": "analysis.json"},
        }

    def polis_folder(self, folder: Path) -> Path:
        """comments.csv, votes.csv, participants-votes.csv, summary.csv exactly in the shared Polis layout."""
        events = [(self.number[p], s, v) for p, s, v, _a in self.votes if p in self.number]
        pids, sids, values = zip(*events) if events else ((), (), ())
        votes = Votes.from_events(
            list(pids),
            list(sids),
            list(values),
            participants=sorted(self.number.values()),
            statements=[s[0] for s in self.statements],
        )
        metas = [
            StatementMeta(
                id=pk,
                text=text if pk in self.published else "",
                moderated=1 if status == Statement.Status.PUBLISHED else -1 if status == Statement.Status.HIDDEN else 0,
                is_seed=origin == Statement.Origin.SEED,
                author=self.number.get(author_id)
                if pk in self.published and origin == Statement.Origin.PARTICIPANT
                else None,
            )
            for pk, status, origin, text, author_id, _created in self.statements
        ]
        groups, gac = None, {}
        if self.snapshot is not None:
            group_ids = [g["id"] for g in self.snapshot.data.get("groups", [])]
            index = {g: i for i, g in enumerate(group_ids)}
            groups = {
                self.number[p["id"]]: index[p["group"]]
                for p in self.snapshot.data.get("participants", [])
                if p.get("group") in index and p["id"] in self.number
            }
            # Polis's group-informed-consensus, for published statements only (as Polis leaves it out for others).
            gac = {
                int(s["id"]): s["group_aware_consensus"]
                for s in self.snapshot.data.get("statements", [])
                if int(s["id"]) in self.published and s.get("group_aware_consensus") is not None
            }
        e = self.engagement
        return write_polis(
            folder,
            votes,
            metas,
            groups=groups,
            gac=gac,
            summary={
                "topic": e.title,
                "url": e.get_absolute_url(),
                "conversation-description": e.question,
            },
        )

    def tables(self) -> list[tuple[str, str, str, list[Field], list[str], Callable[[], list[dict[str, Any]]]]]:
        """The CSV tables of the package: (resource name, path, title, fields, primary key, rows)."""
        return [
            ("statements", "statements.csv", _("Statements"), STATEMENT_FIELDS, ["statement"], self.statement_rows),
            ("votes", "votes.csv", _("Votes"), VOTE_FIELDS, ["participant", "statement"], self.vote_rows),
            (
                "participants",
                "participants.csv",
                _("Participants"),
                _participant_fields(),
                ["participant"],
                self.participant_rows,
            ),
            (
                "perspectives",
                "perspectives.csv",
                _("Perspectives"),
                _perspective_fields(),
                ["statement", "perspective"],
                self.perspective_rows,
            ),
            ("proposals", "proposals.csv", _("Proposals"), PROPOSAL_FIELDS, ["proposal"], self.proposal_rows),
            (
                "expert-input",
                "expert-input.csv",
                _("Expert input"),
                EXPERT_INPUT_FIELDS,
                ["expert_input"],
                self.expert_input_rows,
            ),
            ("decisions", "decisions.csv", _("Decisions"), DECISION_FIELDS, ["decision"], self.decision_rows),
            ("iterations", "iterations.csv", _("Iterations"), ITERATION_FIELDS, ["iteration"], self.iteration_rows),
            ("actions", "actions.csv", _("Actions"), ACTION_FIELDS, ["action"], self.action_rows),
            ("updates", "updates.csv", _("Updates"), UPDATE_FIELDS, ["update"], self.update_rows),
            ("feedback", "feedback.csv", _("Feedback"), _feedback_fields(), ["action"], self.feedback_rows),
        ]

    def files(self) -> dict[str, bytes]:
        """Every file of the download, by its path in the zip."""
        out = {path: csv_bytes(fields, rows()) for _name, path, _title, fields, _key, rows in self.tables()}
        out["engagement.json"] = json_bytes(self.engagement_document())
        out["analysis.json"] = json_bytes(analysis_document(self.conversation, self.snapshot, live=False))
        with tempfile.TemporaryDirectory() as tmp:
            folder = self.polis_folder(Path(tmp) / "polis")
            for name in POLIS_FILES:
                out[f"polis/{name}"] = (folder / name).read_bytes()
        out["datapackage.json"] = json_bytes(self.datapackage(out))
        return out

    def datapackage(self, files: dict[str, bytes]) -> dict[str, Any]:
        e = self.engagement
        licence = licence_of(e)
        sids = [s[0] for s in self.statements]
        tables = [
            *((name, path, title, fields, key) for name, path, title, fields, key, _rows in self.tables()),
            ("polis-comments", "polis/comments.csv", "Polis comments.csv", POLIS_COMMENT_FIELDS, None),
            ("polis-votes", "polis/votes.csv", "Polis votes.csv", POLIS_VOTE_FIELDS, None),
            (
                "polis-participants-votes",
                "polis/participants-votes.csv",
                "Polis participants-votes.csv",
                _polis_participant_fields(sids),
                None,
            ),
            ("polis-summary", "polis/summary.csv", "Polis summary.csv", POLIS_SUMMARY_FIELDS, None),
        ]
        resources = []
        for name, path, title, fields, key in tables:
            schema: dict[str, Any] = {
                "fields": [
                    {
                        "name": f.name,
                        "type": f.type,
                        "description": f.description,
                        **({"trueValues": ["true"], "falseValues": ["false"]} if f.type == "boolean" else {}),
                    }
                    for f in fields
                ],
                "missingValues": [""],
            }
            if key:
                schema["primaryKey"] = key
            if name in FOREIGN_KEYS:
                schema["foreignKeys"] = [
                    {"fields": field, "reference": {"resource": resource, "fields": field}}
                    for field, resource in FOREIGN_KEYS[name].items()
                ]
            resources.append(
                {
                    "name": name,
                    "path": path,
                    "title": str(title),
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "bytes": len(files[path]),
                    "schema": schema,
                }
            )
        if resources[-1]["name"] == "polis-summary":
            resources[-1]["dialect"] = {"header": False}
        for name, path, description in (
            (
                "engagement",
                "engagement.json",
                'The engagement: question, boundaries, phases, perspectives, licence; in English, and in Welsh under "cy".',
            ),
            (
                "analysis",
                "analysis.json",
                "The latest analysis: opinion groups, common ground, divisive statements, "
                f"per perspective (cells under {small_numbers_threshold()} people suppressed).",
            ),
        ):
            resources.append(
                {
                    "name": name,
                    "path": path,
                    "type": "json",
                    "format": "json",
                    "mediatype": "application/json",
                    "encoding": "utf-8",
                    "bytes": len(files[path]),
                    "description": description,
                }
            )
        return {
            "name": e.slug.lower(),
            "title": e.title,
            "description": e.question,
            "homepage": e.get_absolute_url(),
            "created": self.created.replace(microsecond=0).isoformat(),
            "licenses": [{"name": licence["name"], "title": licence["title"], "path": licence["path"]}],
            "attribution": licence["attribution"],
            "attribution_cy": licence["attribution_cy"],
            "contributors": [{"title": e.organisation.name, "role": "publisher"}],
            "keywords": ["co-production", "common ground", "polis"],
            "resources": resources,
        }


def csv_bytes(fields: list[Field], rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    # Text starting with =, +, -, @, tab or CR gets a quote in front, so that no spreadsheet runs a participant's
    # words as a formula (core/csvsafe.py; the Polis files do the same in the engine).
    writer = csvsafe.writer(buffer)
    names = [f.name for f in fields]
    writer.writerow(names)
    for row in rows:
        writer.writerow(
            [
                "" if row[n] is None else ("true" if row[n] is True else "false" if row[n] is False else row[n])
                for n in names
            ]
        )
    return buffer.getvalue().encode("utf-8")


def json_bytes(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def zip_bytes(files: dict[str, bytes], prefix: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(prefix + name, content)
    return buffer.getvalue()


# ------------------------------------------------------------------------------------------ downloads by name
@dataclass(frozen=True)
class Download:
    name: str
    media_type: str
    description: Callable[[], str]


DOWNLOADS = [
    Download(
        "open-data.zip",
        "application/zip",
        lambda: _("Everything below in one zip file, with its Data Package description."),
    ),
    Download(
        "datapackage.json",
        "application/json",
        lambda: _("Frictionless Data Package: describes every file and field, and the licence."),
    ),
    Download(
        "statements.csv",
        "text/csv",
        lambda: _("Statements, with vote counts. Hidden statements: only their id and the moderation reason."),
    ),
    Download("votes.csv", "text/csv", lambda: _("Latest vote of each pseudonymous participant on each statement.")),
    Download(
        "participants.csv",
        "text/csv",
        lambda: (
            _(
                "Pseudonymous participants: perspective (if %(n)s or more people share it), opinion group, number of votes."
            )
            % {"n": small_numbers_threshold()}
        ),
    ),
    Download(
        "perspectives.csv",
        "text/csv",
        lambda: (
            _("Votes per perspective on each statement; fewer than %(n)s people: left blank.")
            % {"n": small_numbers_threshold()}
        ),
    ),
    Download(
        "proposals.csv",
        "text/csv",
        lambda: _(
            "Proposals in English and Welsh, with the statements they cite (drafts and hidden ones are not published)."
        ),
    ),
    Download("expert-input.csv", "text/csv", lambda: _("Expert input on the proposals, in English and Welsh.")),
    Download(
        "decisions.csv",
        "text/csv",
        lambda: _("Decisions: what was decided, by which body, when, why, and the proposals they take up."),
    ),
    Download("iterations.csv", "text/csv", lambda: _("Iterations of delivery: name, goal and dates.")),
    Download(
        "actions.csv",
        "text/csv",
        lambda: _("Actions: what each decision commits to, the role or team that owns it, and its status."),
    ),
    Download("updates.csv", "text/csv", lambda: _("Progress updates on the actions.")),
    Download(
        "feedback.csv",
        "text/csv",
        lambda: (
            _("Feedback on each action: how many answered and, from %(n)s people, the mean rating and the answers.")
            % {"n": small_numbers_threshold()}
        ),
    ),
    Download("engagement.json", "application/json", lambda: _("The question, boundaries, phases and licence.")),
    Download(
        "analysis.json",
        "application/json",
        lambda: _("The latest analysis: opinion groups, common ground, divisive statements."),
    ),
    Download(
        "polis.zip",
        "application/zip",
        lambda: _(
            "Polis export format (comments.csv, votes.csv, participants-votes.csv, summary.csv), for Polis tools and the coproduce importer."
        ),
    ),
    Download("polis-comments.csv", "text/csv", lambda: _("Polis format: the statements (comments.csv).")),
    Download("polis-votes.csv", "text/csv", lambda: _("Polis format: the votes (votes.csv).")),
    Download(
        "polis-participants-votes.csv",
        "text/csv",
        lambda: _("Polis format: one row per participant with their votes (participants-votes.csv)."),
    ),
    Download("polis-summary.csv", "text/csv", lambda: _("Polis format: the summary (summary.csv).")),
]
DOWNLOAD_NAMES = {d.name: d for d in DOWNLOADS}


def all_downloads(engagement: Engagement, conversation: Conversation) -> dict[str, bytes]:
    """Every download's content, by its name (DOWNLOADS): what api/builds.py keeps."""
    files = Dataset(engagement, conversation).files()
    out = {}
    for item in DOWNLOADS:
        name = item.name
        if name == "open-data.zip":
            out[name] = zip_bytes(files, prefix=f"{engagement.slug}/")
        elif name == "polis.zip":
            out[name] = zip_bytes({n: files[f"polis/{n}"] for n in POLIS_FILES}, prefix=f"{engagement.slug}-polis/")
        elif name.startswith("polis-"):
            out[name] = files["polis/" + name.removeprefix("polis-")]
        else:
            out[name] = files[name]
    return out


def download_filename(engagement: Engagement, name: str) -> str:
    if name.endswith(".zip"):
        return f"{engagement.slug}-{name}"
    if name.startswith("polis-"):
        return name.removeprefix("polis-")  # the Polis file's own name, as Polis tools expect it
    return name


def download(engagement: Engagement, conversation: Conversation, name: str) -> tuple[bytes, str, str]:
    """(content, media type, file name) of one download, built now; KeyError for an unknown name.

    Requests never call this (they serve api/builds.py's kept files): it is for tests and scripts.
    """
    item = DOWNLOAD_NAMES[name]
    return all_downloads(engagement, conversation)[name], item.media_type, download_filename(engagement, name)
