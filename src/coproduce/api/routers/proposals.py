"""Co-design and prioritisation: an engagement's public proposals, its priorities and its decisions."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Query, Router

from coproduce.api import golden_thread
from coproduce.api.access import engagement_for_reading, is_own_organisation_key
from coproduce.api.errors import ERRORS, ApiError
from coproduce.api.golden_thread import both, complementary
from coproduce.api.pagination import Paging, page
from coproduce.api.routers.engagements import ENGAGEMENTS
from coproduce.api.schemas import DecisionOut, Page, PrioritiesOut, ProposalOut
from coproduce.core.privacy import small_numbers_threshold
from coproduce.proposals import scoring
from coproduce.proposals.access import priorities_visible
from coproduce.proposals.models import Decision, Proposal

router = Router(tags=["proposals and decisions"])


def translated(obj, *fields: str) -> dict:
    """Each field in the language asked for (falling back to the other), and in English and Welsh."""
    out: dict = {}
    for field in fields:
        out[field] = getattr(obj, field) or ""
        out.update(both(obj, field))
    return out


def proposal_out(slug: str, p: Proposal) -> dict:
    return {
        "id": p.pk,
        **translated(p, "title", "summary", "body", "status_reason", "boundary_note"),
        "status": p.status,
        "origin": p.origin,
        "boundary": p.boundary,
        "statements": [c.statement_id for c in p.citations.all()],
        "expert_input": [
            {"id": e.pk, **translated(e, "text"), "created_at": e.created_at} for e in p.expert_inputs.all()
        ],
        "comments": p.n_comments,
        "decisions": [d.pk for d in p.decisions.all()],
        "created_at": p.created_at,
        "updated_at": p.updated_at,
        "page_url": reverse("proposals:detail", args=[slug, p.pk]),
    }


@router.get(
    "/engagements/{slug}/proposals",
    response={200: Page[ProposalOut], **ERRORS},
    operation_id="list_proposals",
    summary=gettext_noop("Proposals of an engagement, with the statements they cite and expert input"),
)
def list_proposals(request: HttpRequest, slug: str, paging: Query[Paging]):
    """Proposals open for comments, shortlisted or decided (drafts and hidden ones are never published), oldest
    first, in English and Welsh. Who wrote a proposal, or gave expert input, is not published."""
    engagement = engagement_for_reading(request, slug, ENGAGEMENTS)
    return page(golden_thread.proposals(engagement), paging, lambda p: proposal_out(engagement.slug, p))


def _option(proposal: Proposal) -> dict:
    return {"proposal": proposal.pk, **translated(proposal, "title")}


def _pairwise(result: dict) -> dict:
    ranked = bool(result["rows"]) and scoring.ranking_shown(result["people"])
    if not ranked:
        unranked = {"rank": None, "score": None, "lower": None, "upper": None, "comparisons": None}
        options = [{**_option(p), **unranked, "by_perspective": []} for p in result["options"]]
    else:
        options = [
            {
                **_option(row.proposal),
                "rank": row.rank,
                "score": row.percent,
                "lower": row.lower,
                "upper": row.upper,
                "comparisons": row.comparisons,
                "by_perspective": [
                    {
                        "perspective": item["name"],
                        "score": item["cell"].percent if item["cell"] else None,
                        "lower": item["cell"].lower if item["cell"] else None,
                        "upper": item["cell"].upper if item["cell"] else None,
                        "suppressed": item["cell"] is None,
                    }
                    for item in row.by_perspective
                ],
            }
            for row in result["rows"]
        ]
    return {"choices": result["total"], "people": result["people"], "ranked": ranked, "options": options}


def _dots(result: dict, choices: list[Proposal]) -> dict:
    ranked = bool(result["dots_rows"]) and scoring.ranking_shown(result["dots_people"])
    if not ranked:
        options = [
            {**_option(p), "rank": None, "dots": None, "share": None, "people": None, "by_perspective": []}
            for p in choices
        ]
    else:
        # A perspective's dots are held back below the threshold, and the next smallest too when the held-back ones
        # would be fewer people than that together: else the option's dots less the shown ones would give theirs.
        people = [item["people"] for item in result["dots_perspectives"]]
        show = complementary(people, sum(people))
        options = [
            {
                **_option(row.proposal),
                "rank": row.rank,
                "dots": row.dots,
                "share": row.share,
                "people": row.people,
                "by_perspective": [
                    {"perspective": item["name"], "dots": item["dots"] if ok else None, "suppressed": not ok}
                    for item, ok in zip(row.by_perspective, show)
                ],
            }
            for row in result["dots_rows"]
        ]
    return {"dots": result["dots_total"], "people": result["dots_people"], "ranked": ranked, "options": options}


@router.get(
    "/engagements/{slug}/priorities",
    response={200: PrioritiesOut, **ERRORS},
    operation_id="get_priorities",
    summary=gettext_noop("Prioritisation results: pairwise scores and dots per option"),
)
def get_priorities(request: HttpRequest, slug: str):
    """What the priorities page shows, when it shows it (while prioritisation or decisions are open; always to the
    organisation's own keys). The shortlisted options are ranked only once at least the small-numbers threshold of
    people have chosen (`ranked`); scores per perspective are null below it (`suppressed`)."""
    engagement = engagement_for_reading(request, slug, ENGAGEMENTS)
    if not (is_own_organisation_key(request, engagement) or priorities_visible(request, engagement)):
        raise ApiError(403, "priorities_not_open", _("Priorities will be shown once prioritisation starts."))
    result = scoring.results(engagement)
    dots = scoring.dots_results(engagement, result["options"])
    return {
        "threshold": small_numbers_threshold(),
        "pairwise": _pairwise(result),
        "dots": _dots(dots, result["options"]),
    }


def decision_out(slug: str, d: Decision) -> dict:
    return {
        "id": d.pk,
        **translated(d, "title", "decided_by", "reasons", "not_done"),
        "decided_on": d.decided_on,
        "proposals": [p.pk for p in d.proposals.all()],
        "actions": [a.pk for a in d.actions.all()],
        "page_url": reverse("proposals:decision", args=[slug, d.pk]),
    }


@router.get(
    "/engagements/{slug}/decisions",
    response={200: Page[DecisionOut], **ERRORS},
    operation_id="list_decisions",
    summary=gettext_noop("Decisions of an engagement: what, who decided, when, why, and what they take up"),
)
def list_decisions(request: HttpRequest, slug: str, paging: Query[Paging]):
    """Earliest first, in English and Welsh. Who decided is the body the decision record names; who recorded it
    is not published."""
    engagement = engagement_for_reading(request, slug, ENGAGEMENTS)
    return page(golden_thread.decisions(engagement), paging, lambda d: decision_out(engagement.slug, d))
