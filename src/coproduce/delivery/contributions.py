"""Delivery's part of "My contributions": the feedback a participant gave, and the end of the golden thread for a
statement or a proposal: the actions that the decisions taking it up committed to, and whether they are done.
Registered in DeliveryConfig.ready(); see coproduce.engagements.contributions.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core import bilingual
from coproduce.core.privacy import shown, small_numbers_threshold
from coproduce.delivery.models import Action, Feedback
from coproduce.engagements.contributions import Contribution, ContributionKind, Outcome, OutcomeSource
from coproduce.proposals.models import Citation, Decision
from coproduce.translations.detect import detect_language


def feedback(participants) -> list[Contribution]:
    rows = list(
        Feedback.objects.filter(participant__in=participants)
        .select_related("action__engagement")
        .order_by("created_at", "pk")
    )
    answers = {
        row["action_id"]: row
        for row in Feedback.objects.filter(action_id__in={f.action_id for f in rows})
        .values("action_id")
        .annotate(n=Count("pk"), total=Sum("rating"))
        .order_by()
    }
    ratings = dict(Feedback.RATINGS)
    items = []
    for f in rows:
        title, lang = bilingual.resolve(f.action, "title")
        n, total = answers[f.action_id]["n"], answers[f.action_id]["total"]
        if shown(n):
            counted = _("Counted in the average of the %(people)s people who answered: %(mean)s out of 5") % {
                "people": n,
                "mean": f"{total / n:.1f}",
            }
        else:
            counted = _("Counted: the average is shown once %(threshold)s people have answered") % {
                "threshold": small_numbers_threshold()
            }
        items.append(
            Contribution(
                "feedback",
                f.action.engagement_id,
                _("You told us whether “%(action)s” worked for you: %(rating)s")
                % {"action": title, "rating": ratings[f.rating]},
                f.comment,
                # A comment stores no language: the one its words are in, when they say clearly (WCAG 3.1.2).
                detect_language(f.comment, default="") if f.comment else "",
                f.action.get_absolute_url(),
                {},
                [Outcome(counted)],
            )
        )
    return items


def _action_outcome(action: Action) -> Outcome:
    title, lang = bilingual.resolve(action, "title")
    return Outcome(
        _("Action (%(status)s)") % {"status": Action.Status(action.status).label},
        title,
        action.get_absolute_url(),
        lang,
        done=action.is_delivered,
    )


def _actions_by_decision(decision_ids: set[int]) -> dict[int, list[Action]]:
    by_decision: dict[int, list[Action]] = defaultdict(list)
    for action in Action.objects.filter(decision_id__in=decision_ids).select_related("engagement").order_by("pk"):
        by_decision[action.decision_id].append(action)
    return by_decision


def _actions_of_proposals(proposal_ids: set[int]) -> dict[int, list[Action]]:
    """The actions of the decisions that took up each proposal: two queries."""
    links = list(
        Decision.proposals.through.objects.filter(proposal_id__in=proposal_ids).values_list(
            "proposal_id", "decision_id"
        )
    )
    by_decision = _actions_by_decision({decision for _p, decision in links})
    found: dict[int, list[Action]] = defaultdict(list)
    for proposal, decision in links:
        for action in by_decision[decision]:
            if action not in found[proposal]:
                found[proposal].append(action)
    return found


def proposal_outcomes(ids: set[int]) -> dict[int, list[Outcome]]:
    return {pk: [_action_outcome(a) for a in actions] for pk, actions in _actions_of_proposals(ids).items()}


def statement_outcomes(ids: set[int]) -> dict[int, list[Outcome]]:
    """The actions at the end of each statement's thread (statement, proposal citing it, decision): three queries.
    Hidden proposals and drafts carry no thread (a decision takes up only public proposals)."""
    cited = list(
        Citation.objects.filter(statement_id__in=ids, proposal__is_hidden=False).values_list(
            "statement_id", "proposal_id"
        )
    )
    actions = _actions_of_proposals({proposal for _s, proposal in cited})
    found: dict[int, list[Action]] = defaultdict(list)
    for statement, proposal in cited:
        for action in actions.get(proposal, []):
            if action not in found[statement]:
                found[statement].append(action)
    return {pk: [_action_outcome(a) for a in acts] for pk, acts in found.items()}


KINDS = (ContributionKind(70, "feedback", gettext_lazy("Your feedback on what was done"), feedback),)
SOURCES = (
    OutcomeSource(30, "statement", statement_outcomes),
    OutcomeSource(30, "proposal", proposal_outcomes),
)
