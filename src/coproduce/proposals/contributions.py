"""Proposals' part of "My contributions": the proposals and comments a participant wrote, their pairwise choices
and dots; and what became of a statement (the proposals citing it, the decisions taking those up) and of a
proposal (its status, the decisions taking it up). Registered in ProposalsConfig.ready(); see
coproduce.engagements.contributions.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core import bilingual
from coproduce.core.privacy import shown
from coproduce.engagements.contributions import Contribution, ContributionKind, Outcome, OutcomeSource
from coproduce.engagements.models import Engagement, Feature
from coproduce.proposals import scoring
from coproduce.proposals.models import Citation, Comment, Decision, DotAllocation, PairwiseChoice, Proposal
from coproduce.translations.detect import detect_language


def _title(proposal: Proposal) -> tuple[str, str]:
    return bilingual.resolve(proposal, "title")


def _url(proposal: Proposal) -> str:
    return proposal.get_absolute_url() if not proposal.is_hidden else ""


def _public(proposals):
    return proposals.filter(is_hidden=False).exclude(status=Proposal.Status.DRAFT)


def proposals(participants) -> list[Contribution]:
    rows = Proposal.objects.filter(author_participant__in=participants).select_related("engagement")
    return [
        Contribution("proposals", p.engagement_id, _("You wrote the proposal"), *_title(p), _url(p), {"proposal": p.pk})
        for p in rows.order_by("created_at", "pk")
    ]


def comments(participants) -> list[Contribution]:
    rows = Comment.objects.filter(author_participant__in=participants).select_related("proposal__engagement")
    status = {
        Comment.Status.PUBLISHED: _("Published"),
        Comment.Status.PENDING: _("Waiting for moderation"),
        Comment.Status.HIDDEN: _("Hidden by the moderators"),
    }
    items = []
    for c in rows.order_by("created_at", "pk"):
        title, lang = _title(c.proposal)
        items.append(
            Contribution(
                "comments",
                c.proposal.engagement_id,
                _("You commented on “%(proposal)s”") % {"proposal": title},
                c.text,
                # A comment stores no language: the one its words are in, when they say clearly (WCAG 3.1.2).
                detect_language(c.text, default="") if c.text else "",
                _url(c.proposal),
                {},
                [Outcome(status.get(c.status, c.status))],
            )
        )
    return items


def choices(participants) -> list[Contribution]:
    rows = PairwiseChoice.objects.filter(participant__in=participants).select_related(
        "option_a__engagement", "option_b", "chosen"
    )
    items = []
    for c in rows.order_by("created_at", "pk"):
        a, b = _title(c.option_a)[0], _title(c.option_b)[0]
        if c.chosen_id is None:
            summary = _("You could not choose between “%(a)s” and “%(b)s”") % {"a": a, "b": b}
            about = {}
        else:
            other = b if c.chosen_id == c.option_a_id else a
            summary = _("You chose “%(chosen)s” over “%(other)s”") % {"chosen": _title(c.chosen)[0], "other": other}
            about = {"proposal": c.chosen_id}
        items.append(
            Contribution(
                "choices",
                c.option_a.engagement_id,
                summary,
                about=about,
                outcomes=[Outcome(_("Counted in the ranking of priorities"))],
            )
        )
    return items


def dots(participants) -> list[Contribution]:
    rows = DotAllocation.objects.filter(participant__in=participants).select_related("proposal__engagement")
    return [
        Contribution(
            "dots",
            d.proposal.engagement_id,
            _("You gave %(dots)s dots to") % {"dots": d.dots},
            *_title(d.proposal),
            _url(d.proposal),
            {"proposal": d.proposal_id},
            [Outcome(_("Counted in the dots each option received"))],
        )
        for d in rows.order_by("pk")
    ]


def _decision_outcome(decision: Decision) -> Outcome:
    title, lang = bilingual.resolve(decision, "title")
    return Outcome(_("Part of the decision"), title, decision.get_absolute_url(), lang)


def statement_outcomes(ids: set[int]) -> dict[int, list[Outcome]]:
    """The public proposals citing each statement, and the decisions that took them up: two queries."""
    citations = list(
        Citation.objects.filter(statement_id__in=ids, proposal__in=_public(Proposal.objects))
        .select_related("proposal__engagement")
        .order_by("proposal_id")
    )
    proposal_ids = {c.proposal_id for c in citations}
    decisions = defaultdict(list)
    for link in Decision.proposals.through.objects.filter(proposal_id__in=proposal_ids).select_related(
        "decision__engagement"
    ):
        decisions[link.proposal_id].append(link.decision)
    found: dict[int, list[Outcome]] = defaultdict(list)
    seen: dict[int, set[int]] = defaultdict(set)
    for citation in citations:
        title, lang = _title(citation.proposal)
        found[citation.statement_id].append(
            Outcome(_("Cited by the proposal"), title, citation.proposal.get_absolute_url(), lang)
        )
    for citation in citations:
        for decision in decisions[citation.proposal_id]:
            if decision.pk not in seen[citation.statement_id]:
                seen[citation.statement_id].add(decision.pk)
                found[citation.statement_id].append(_decision_outcome(decision))
    return found


def _people(model, engagement_ids: set[int]) -> dict[int, int]:
    return dict(
        model.objects.filter(engagement_id__in=engagement_ids)
        .values("engagement_id")
        .annotate(n=Count("participant", distinct=True))
        .values_list("engagement_id", "n")
    )


def ranks(engagement_ids: set[int]) -> dict[int, tuple[int, int]]:
    """(rank, of how many) of each option, where the priorities page shows a ranking (prioritisation or decisions
    open, or a decision made) and enough people chose for it (core.privacy's threshold): the pairwise ranking when
    people compared pairs, else the dots. The same figures as the priorities page (proposals.scoring). A fixed
    number of queries per engagement that has a ranking, none per proposal."""
    engagements = list(Engagement.objects.filter(pk__in=engagement_ids).prefetch_related("phases", "perspectives"))
    pairwise, dots = _people(PairwiseChoice, engagement_ids), _people(DotAllocation, engagement_ids)
    decided = set(Decision.objects.filter(engagement_id__in=engagement_ids).values_list("engagement_id", flat=True))
    found: dict[int, tuple[int, int]] = {}
    for engagement in engagements:
        public = engagement.pk in decided or engagement.enabled_features() & {Feature.PRIORITISATION, Feature.DECISIONS}
        if not public:
            continue
        if shown(pairwise.get(engagement.pk, 0)):
            rows = scoring.results(engagement)["rows"]
        elif shown(dots.get(engagement.pk, 0)):
            rows = scoring.dots_results(engagement, scoring.options(engagement))["dots_rows"]
        else:
            continue
        found.update({row.proposal.pk: (row.rank, len(rows)) for row in rows})
    return found


def proposal_outcomes(ids: set[int]) -> dict[int, list[Outcome]]:
    """Each proposal's status (with moderation), its rank in the priorities and the decisions that took it up."""
    rows = list(
        Proposal.objects.filter(pk__in=ids).values_list(
            "pk", "status", "is_hidden", "engagement_id", "engagement__slug"
        )
    )
    ranked = ranks({engagement for *_x, engagement, _slug in rows})
    decisions = defaultdict(list)
    for link in (
        Decision.proposals.through.objects.filter(proposal_id__in=ids)
        .select_related("decision__engagement")
        .order_by("decision__decided_on", "decision_id")
    ):
        decisions[link.proposal_id].append(link.decision)
    found: dict[int, list[Outcome]] = {}
    for pk, status, is_hidden, _engagement, slug in rows:
        outcomes = found.setdefault(pk, [])
        if is_hidden:
            outcomes.append(Outcome(_("Hidden by the moderators (see the moderation log)")))
            continue
        outcomes.append(Outcome(_("Status: %(status)s") % {"status": Proposal.Status(status).label}))
        if pk in ranked:
            outcomes.append(
                Outcome(
                    _("Ranked %(rank)s of %(options)s") % {"rank": ranked[pk][0], "options": ranked[pk][1]},
                    _("Priorities"),
                    reverse("proposals:priorities", args=[slug]),
                )
            )
        outcomes.extend(_decision_outcome(decision) for decision in decisions[pk])
    return found


KINDS = (
    ContributionKind(30, "proposals", gettext_lazy("Proposals you wrote"), proposals),
    ContributionKind(40, "comments", gettext_lazy("Your comments on proposals"), comments),
    ContributionKind(50, "choices", gettext_lazy("Your choices between proposals"), choices),
    ContributionKind(60, "dots", gettext_lazy("Your dots"), dots),
)
SOURCES = (
    OutcomeSource(20, "statement", statement_outcomes),
    OutcomeSource(20, "proposal", proposal_outcomes),
)
