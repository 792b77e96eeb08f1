"""Action functions of co-design and prioritisation: the only way proposals, comments, choices and decisions change.

Each is transactional and writes its audit event (participants' own writing is not audited by name: it is theirs,
and the audit log is read by staff).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from coproduce.conversations.models import Statement
from coproduce.core import bilingual
from coproduce.core.bilingual import Texts, assign, columns_of, has_text
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
    title: str | Texts,
    summary: str | Texts,
    body: str | Texts,
    statements: list[Statement],
    origin: str = Proposal.Origin.CODESIGN,
    status: str = Proposal.Status.OPEN,
) -> Proposal:
    """Create a proposal with its citations and its first version. Statements must belong to the engagement.

    Texts are in the request's language (a participant writing) or in each language (core.bilingual.Texts)."""
    if any(s.conversation.engagement_id != engagement.pk for s in statements):
        raise ValueError("a proposal can cite only statements of its own engagement")
    now = timezone.now()
    texts = columns_of(title=title, summary=summary, body=body)
    proposal = Proposal.objects.create(
        engagement=engagement,
        **texts,
        author_participant=author.participant,
        author_user=author.user,
        origin=origin,
        status=status,
        created_at=now,
        updated_at=now,
    )
    Citation.objects.bulk_create([Citation(proposal=proposal, statement=s) for s in statements])
    ProposalVersion.objects.create(proposal=proposal, number=1, **texts, created_at=now)
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
    """A new version of the proposal's text; earlier versions stay, so anyone can see what changed.

    The author amends in their language: a translation of the earlier text no longer says the same, so it is
    cleared (core.bilingual.columns) and the proposal is marked as missing that language until staff translate it."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    number = (proposal.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    now = timezone.now()
    texts = columns_of(title=title, summary=summary, body=body)
    version = ProposalVersion.objects.create(
        proposal=proposal, number=number, **texts, **columns_of(note=note), created_at=now
    )
    Proposal.objects.filter(pk=proposal.pk).rewrite(False).update(**texts, updated_at=now)
    engagement = proposal.engagement
    audit(author.user, engagement.organisation, "proposal.amended", engagement, proposal=proposal.pk, version=number)
    return version


PROPOSAL_TEXTS = ("title", "summary", "body")


@transaction.atomic
def do_edit_proposal_texts(actor, proposal: Proposal, **texts: Texts) -> list[str]:
    """Staff write or correct a proposal's texts in English and Welsh (title, summary, body, and the reasons given
    for its status and boundary check): not an amendment, so the current version takes the same texts. Returns the
    languages that changed."""
    unknown = set(texts) - {*PROPOSAL_TEXTS, "status_reason", "boundary_note"}
    if unknown:
        raise ValueError(f"not a text of a proposal: {sorted(unknown)}")
    if any(name in texts and not has_text(texts[name]) for name in ("title", "summary")):
        raise ValueError("a proposal needs a title and a summary in at least one language")
    columns, changed = bilingual.update(proposal, **texts)
    proposal.updated_at = timezone.now()
    proposal.save(update_fields=[*columns, "updated_at"])
    version = proposal.versions.order_by("-number").first()
    if version is not None:
        version_columns, _changed = bilingual.update(version, **{k: v for k, v in texts.items() if k in PROPOSAL_TEXTS})
        version.save(update_fields=version_columns)
    engagement = proposal.engagement
    audit(actor, engagement.organisation, "proposal.texts_edited", engagement, proposal=proposal.pk, languages=changed)
    return changed


@transaction.atomic
def do_set_status(actor, proposal: Proposal, status: str, reason: str | Texts = "") -> None:
    if status not in Proposal.Status.values:
        raise ValueError(f"unknown status {status!r}")
    if status == Proposal.Status.NOT_TAKEN_FORWARD and not has_text(reason):
        raise ValueError("a proposal not taken forward needs a reason")
    proposal.status, proposal.updated_at = status, timezone.now()
    proposal.save(update_fields=["status", "updated_at", *assign(proposal, "status_reason", reason)])
    engagement = proposal.engagement
    audit(actor, engagement.organisation, "proposal.status_changed", engagement, proposal=proposal.pk, status=status)


@transaction.atomic
def do_check_boundary(actor, proposal: Proposal, boundary: str, note: str | Texts) -> None:
    if boundary not in Proposal.Boundary.values:
        raise ValueError(f"unknown boundary answer {boundary!r}")
    proposal.boundary, proposal.boundary_checked_at = boundary, timezone.now()
    proposal.save(update_fields=["boundary", "boundary_checked_at", *assign(proposal, "boundary_note", note)])
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
def do_give_expert_input(expert, proposal: Proposal, text: str | Texts) -> ExpertInput:
    item = ExpertInput.objects.create(proposal=proposal, expert=expert, **columns_of(text=text))
    engagement = proposal.engagement
    audit(expert, engagement.organisation, "proposal.expert_input", engagement, proposal=proposal.pk, item=item.pk)
    return item


@transaction.atomic
def do_edit_expert_input(actor, item: ExpertInput, text: Texts) -> list[str]:
    """The expert's text in English and Welsh, written or corrected by the expert or a facilitator."""
    if not has_text(text):
        raise ValueError("expert input needs a text in at least one language")
    columns, changed = bilingual.update(item, text=text)
    item.save(update_fields=columns)
    engagement = item.proposal.engagement
    audit(
        actor,
        engagement.organisation,
        "proposal.expert_input_edited",
        engagement,
        proposal=item.proposal_id,
        item=item.pk,
        languages=changed,
    )
    return changed


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
    title: str | Texts,
    decided_by: str | Texts,
    decided_on: dt.date,
    reasons: str | Texts,
    not_done: str | Texts,
    proposals: list[Proposal],
) -> Decision:
    """Publish a decision; the proposals it takes up are marked decided (taken forward)."""
    if any(p.engagement_id != engagement.pk for p in proposals):
        raise ValueError("a decision can take up only proposals of its own engagement")
    decision = Decision.objects.create(
        engagement=engagement,
        **columns_of(title=title, decided_by=decided_by, reasons=reasons, not_done=not_done),
        decided_on=decided_on,
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


@transaction.atomic
def do_edit_decision_texts(
    actor, decision: Decision, *, title: Texts, decided_by: Texts, reasons: Texts, not_done: Texts
) -> list[str]:
    """A published decision's texts in English and Welsh (its date and the proposals it takes up do not change)."""
    if not all(has_text(value) for value in (title, decided_by, reasons)):
        raise ValueError("a decision needs what was decided, who decided and why, in at least one language")
    columns, changed = bilingual.update(
        decision, title=title, decided_by=decided_by, reasons=reasons, not_done=not_done
    )
    decision.save(update_fields=columns)
    engagement = decision.engagement
    audit(actor, engagement.organisation, "decision.texts_edited", engagement, decision=decision.pk, languages=changed)
    return changed
