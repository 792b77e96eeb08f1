"""Action functions of co-design and prioritisation: the only way proposals, comments, choices and decisions change.

Each is transactional and writes its audit event (participants' own writing is not audited by name: it is theirs,
and the audit log is read by staff).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from coproduce.conversations.models import Statement
from coproduce.engagements.actions import audit
from coproduce.engagements.models import Engagement, Participant, Phase
from coproduce.proposals.access import Author
from coproduce.proposals.models import (
    Citation,
    Comment,
    Decision,
    DotAllocation,
    ExpertInput,
    PairwiseChoice,
    PrioritisationSettings,
    Proposal,
    ProposalModeration,
    ProposalVersion,
)


@transaction.atomic
def do_write_proposal(
    engagement: Engagement,
    author: Author,
    *,
    title: str,
    summary: str,
    body: str,
    statements: list[Statement],
    origin: str = Proposal.Origin.CODESIGN,
    status: str = Proposal.Status.OPEN,
) -> Proposal:
    """Create a proposal with its citations and its first version. Statements must belong to the engagement."""
    if any(s.conversation.engagement_id != engagement.pk for s in statements):
        raise ValueError("a proposal can cite only statements of its own engagement")
    now = timezone.now()
    proposal = Proposal.objects.create(
        engagement=engagement,
        title=title,
        summary=summary,
        body=body,
        author_participant=author.participant,
        author_user=author.user,
        origin=origin,
        status=status,
        created_at=now,
        updated_at=now,
    )
    Citation.objects.bulk_create([Citation(proposal=proposal, statement=s) for s in statements])
    ProposalVersion.objects.create(proposal=proposal, number=1, title=title, summary=summary, body=body, created_at=now)
    audit(
        author.user,
        engagement.organisation,
        "proposal.created",
        engagement,
        proposal=proposal.pk,
        origin=origin,
        citations=[s.pk for s in statements],
    )
    return proposal


@transaction.atomic
def do_amend_proposal(
    proposal: Proposal, author: Author, *, title: str, summary: str, body: str, note: str
) -> ProposalVersion:
    """A new version of the proposal's text; earlier versions stay, so anyone can see what changed."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    number = (proposal.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    now = timezone.now()
    version = ProposalVersion.objects.create(
        proposal=proposal, number=number, title=title, summary=summary, body=body, note=note, created_at=now
    )
    Proposal.objects.filter(pk=proposal.pk).update(title=title, summary=summary, body=body, updated_at=now)
    engagement = proposal.engagement
    audit(author.user, engagement.organisation, "proposal.amended", engagement, proposal=proposal.pk, version=number)
    return version


@transaction.atomic
def do_set_status(actor, proposal: Proposal, status: str, reason: str = "") -> None:
    if status not in Proposal.Status.values:
        raise ValueError(f"unknown status {status!r}")
    if status == Proposal.Status.NOT_TAKEN_FORWARD and not reason.strip():
        raise ValueError("a proposal not taken forward needs a reason")
    Proposal.objects.filter(pk=proposal.pk).update(status=status, status_reason=reason, updated_at=timezone.now())
    proposal.status, proposal.status_reason = status, reason
    engagement = proposal.engagement
    audit(actor, engagement.organisation, "proposal.status_changed", engagement, proposal=proposal.pk, status=status)


@transaction.atomic
def do_check_boundary(actor, proposal: Proposal, boundary: str, note: str) -> None:
    if boundary not in Proposal.Boundary.values:
        raise ValueError(f"unknown boundary answer {boundary!r}")
    now = timezone.now()
    Proposal.objects.filter(pk=proposal.pk).update(boundary=boundary, boundary_note=note, boundary_checked_at=now)
    engagement = proposal.engagement
    audit(
        actor, engagement.organisation, "proposal.boundary_checked", engagement, proposal=proposal.pk, boundary=boundary
    )


def do_comment(proposal: Proposal, author: Author, text: str, parent: Comment | None = None) -> Comment:
    """A comment, or a reply to a top-level comment of the same proposal (one level of replies)."""
    if parent is not None:
        if parent.proposal_id != proposal.pk:
            raise ValueError("a reply must answer a comment of the same proposal")
        if parent.parent_id is not None:
            parent = parent.parent  # replies to a reply join the same thread
    status = (
        Comment.Status.PENDING
        if author.user is None and pre_moderated(proposal.engagement)
        else Comment.Status.PUBLISHED
    )
    return Comment.objects.create(
        proposal=proposal,
        parent=parent,
        text=text,
        author_participant=author.participant,
        author_user=author.user,
        status=status,
    )


def pre_moderated(engagement: Engagement) -> bool:
    """Participants' writing is checked before it is published when the engagement's conversation says so."""
    from coproduce.conversations.models import Conversation

    conversation = getattr(engagement, "conversation", None)
    return conversation is not None and conversation.moderation == Conversation.Moderation.BEFORE


@transaction.atomic
def do_give_expert_input(expert, proposal: Proposal, text: str) -> ExpertInput:
    item = ExpertInput.objects.create(proposal=proposal, expert=expert, text=text)
    engagement = proposal.engagement
    audit(expert, engagement.organisation, "proposal.expert_input", engagement, proposal=proposal.pk, item=item.pk)
    return item


@transaction.atomic
def do_moderate(
    moderator,
    engagement: Engagement,
    *,
    action: str,
    reason: str = "",
    proposal: Proposal | None = None,
    comment: Comment | None = None,
) -> ProposalModeration:
    """Hide (with a reason category) or publish a proposal or a comment; written to the public moderation log."""
    if (proposal is None) == (comment is None):
        raise ValueError("moderate exactly one proposal or one comment")
    if action not in ProposalModeration.Action.values:
        raise ValueError(f"unknown action {action!r}")
    if action == ProposalModeration.Action.HIDE and reason not in ProposalModeration.Reason.values:
        raise ValueError("hiding needs a reason category")
    hide = action == ProposalModeration.Action.HIDE
    if proposal is not None:
        Proposal.objects.filter(pk=proposal.pk).update(is_hidden=hide)
        proposal.is_hidden = hide
    else:
        status = Comment.Status.HIDDEN if hide else Comment.Status.PUBLISHED
        Comment.objects.filter(pk=comment.pk).update(status=status)
        comment.status = status
    decision = ProposalModeration.objects.create(
        engagement=engagement,
        proposal=proposal,
        comment=comment,
        action=action,
        reason=reason if hide else "",
        moderator=moderator,
    )
    what = "proposal" if proposal is not None else "comment"
    audit(
        moderator,
        engagement.organisation,
        f"{what}.{action}",
        engagement,
        **{what: (proposal or comment).pk},
        reason=reason,
    )
    return decision


def do_record_choice(
    participant: Participant, phase: Phase | None, a: Proposal, b: Proposal, chosen: Proposal | None, nonce: str
) -> bool:
    """Store one pairwise answer; True if stored, False if this very pair shown was answered already (idempotent)."""
    if a.pk == b.pk or (chosen is not None and chosen.pk not in (a.pk, b.pk)):
        raise ValueError("the option chosen must be one of the pair shown")
    low, high = (a, b) if a.pk < b.pk else (b, a)
    try:
        with transaction.atomic():  # a savepoint: a duplicate leaves the caller's transaction usable
            PairwiseChoice.objects.create(
                engagement_id=participant.engagement_id,
                phase=phase,
                participant=participant,
                option_a=low,
                option_b=high,
                chosen=chosen,
                nonce=nonce,
            )
    except IntegrityError:  # the unique (participant, nonce): this pair shown was answered already
        return False
    return True


@transaction.atomic
def do_spread_dots(participant: Participant, phase: Phase, allowance: int, dots: dict[Proposal, int]) -> None:
    """Replace the participant's dots with these; refuses more than the allowance or negative numbers."""
    if any(n < 0 for n in dots.values()) or sum(dots.values()) > allowance:
        raise ValueError("dots must be 0 or more and add up to the allowance at most")
    if any(p.engagement_id != participant.engagement_id for p in dots):
        raise ValueError("dots go on options of the participant's own engagement")
    DotAllocation.objects.filter(participant=participant).delete()
    DotAllocation.objects.bulk_create(
        [
            DotAllocation(
                engagement_id=participant.engagement_id, phase=phase, participant=participant, proposal=p, dots=n
            )
            for p, n in dots.items()
            if n > 0
        ]
    )


@transaction.atomic
def do_configure_prioritisation(actor, phase: Phase, method: str, dots: int) -> PrioritisationSettings:
    settings, _created = PrioritisationSettings.objects.update_or_create(
        phase=phase, defaults={"method": method, "dots": dots}
    )
    engagement = phase.engagement
    audit(
        actor,
        engagement.organisation,
        "prioritisation.configured",
        engagement,
        phase=phase.pk,
        method=method,
        dots=dots,
    )
    return settings


@transaction.atomic
def do_record_decision(
    actor,
    engagement: Engagement,
    *,
    title: str,
    decided_by: str,
    decided_on: dt.date,
    reasons: str,
    not_done: str,
    proposals: list[Proposal],
) -> Decision:
    """Publish a decision; the proposals it takes up are marked decided (taken forward)."""
    if any(p.engagement_id != engagement.pk for p in proposals):
        raise ValueError("a decision can take up only proposals of its own engagement")
    decision = Decision.objects.create(
        engagement=engagement,
        title=title,
        decided_by=decided_by,
        decided_on=decided_on,
        reasons=reasons,
        not_done=not_done,
        recorded_by=actor,
    )
    decision.proposals.set(proposals)
    Proposal.objects.filter(pk__in=[p.pk for p in proposals]).update(
        status=Proposal.Status.DECIDED, updated_at=timezone.now()
    )
    audit(
        actor,
        engagement.organisation,
        "decision.recorded",
        engagement,
        decision=decision.pk,
        proposals=[p.pk for p in proposals],
    )
    return decision
