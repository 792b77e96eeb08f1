"""Proposals' part of a person's data: proposals and comments they wrote, their choices, dots and expert input.

On erasure their comments go: deleted, or, when others replied, emptied and hidden so that the replies (other
people's words) are not lost with them. Proposals they wrote stay, unlinked (others commented on them, chose
between them and decided on them). Pairwise choices and dots stay on the participant record, which engagements'
eraser unlinks from the account: the rankings do not move. Expert input is a staff member's professional
contribution and stays, attributed to the anonymised account. Registered in ProposalsConfig.ready().
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from coproduce.accounts.personal_data import Person, iso
from coproduce.proposals.models import Comment, DotAllocation, ExpertInput, PairwiseChoice, Proposal


def _authored_by(person: Person) -> Q:
    q = Q(author_participant_id__in=person.participant_ids)
    if person.user_id is not None:
        q |= Q(author_user_id=person.user_id)
    return q


def export(person: Person) -> dict[str, Any]:
    ids = person.participant_ids
    proposals = Proposal.objects.filter(_authored_by(person)).select_related("engagement").order_by("created_at", "pk")
    comments = Comment.objects.filter(_authored_by(person)).select_related("proposal").order_by("created_at", "pk")
    choices = PairwiseChoice.objects.filter(participant_id__in=ids).order_by("created_at", "pk")
    dots = DotAllocation.objects.filter(participant_id__in=ids).order_by("pk")
    expert = (
        ExpertInput.objects.filter(expert_id=person.user_id).order_by("created_at", "pk")
        if person.user_id is not None
        else ExpertInput.objects.none()
    )
    return {
        "proposals": [
            {
                "engagement": p.engagement.slug,
                "title": p.title,
                "summary": p.summary,
                "body": p.body,
                "status": p.status,
                "written_at": iso(p.created_at),
            }
            for p in proposals
        ],
        "comments": [
            {"proposal": c.proposal_id, "text": c.text, "status": c.status, "written_at": iso(c.created_at)}
            for c in comments
        ],
        "pairwise_choices": [
            {"option_a": c.option_a_id, "option_b": c.option_b_id, "chosen": c.chosen_id, "at": iso(c.created_at)}
            for c in choices
        ],
        "dots": [{"proposal": d.proposal_id, "dots": d.dots, "at": iso(d.updated_at)} for d in dots],
        "expert_input": [{"proposal": e.proposal_id, "text": e.text, "written_at": iso(e.created_at)} for e in expert],
    }


def erase(actor, person: Person) -> dict[str, int]:
    theirs = Comment.objects.filter(_authored_by(person))
    answered = set(
        Comment.objects.filter(parent__in=theirs).exclude(_authored_by(person)).values_list("parent_id", flat=True)
    )
    emptied = Comment.objects.filter(pk__in=answered).update(
        text="", status=Comment.Status.HIDDEN, author_participant=None, author_user=None
    )
    deleted = Comment.objects.filter(_authored_by(person)).exclude(pk__in=answered).count()
    Comment.objects.filter(_authored_by(person)).exclude(pk__in=answered).delete()
    unlinked = Proposal.objects.filter(_authored_by(person)).update(author_participant=None, author_user=None)
    return {"comments_deleted": deleted, "comments_emptied": emptied, "proposals_unlinked": unlinked}
