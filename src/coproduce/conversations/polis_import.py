"""Create an engagement and its conversation from a Polis export folder (statements, moderation, votes)."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coproduce.commonground import PolisFormatError, read_polis
from coproduce.conversations.models import (
    Conversation,
    ModerationDecision,
    Statement,
    Vote,
    VoteEvent,
    normalise_statement,
)
from coproduce.engagements.actions import audit
from coproduce.engagements.models import Engagement, Organisation, Participant


@transaction.atomic
def import_polis_folder(folder: str | Path, organisation: Organisation, *, actor=None, title: str = "") -> Conversation:
    """Read the export (errors name the file and line), then create everything in one transaction.

    Statements keep their Polis comment-id as external_id; moderated-out statements are imported hidden, with a
    moderation decision without a reason category (the export does not say why). Participants are new
    pseudonymous participants. Only the latest vote per (participant, statement) is stored as a Vote; the vote
    history holds the same votes (Polis's full event log is not needed to reproduce the analysis).
    """
    polis = read_polis(folder)
    if polis.votes.n_votes == 0 and polis.votes.n_statements == 0:
        # Header lines and no rows: an empty private engagement would only be confusing (and need deleting).
        raise PolisFormatError(
            Path(folder) / polis.source,
            2,
            "nothing to import: no votes and no statements (the files have a header line and no rows)",
        )
    title = title or polis.title or Path(folder).name
    engagement = Engagement.objects.create(
        organisation=organisation,
        slug=Engagement.unique_slug(slugify(title) or "polis-import"),
        title_en=title[:200],
        question_en=(polis.summary.get("conversation-description") or title)[:300],
        visibility=Engagement.Visibility.PRIVATE,
        languages=Engagement.Languages.ENGLISH,
    )
    conversation = Conversation.objects.create(engagement=engagement)
    now = timezone.now()
    statements: dict = {}
    seen_texts: set[str] = set()
    for meta in polis.statements:
        text = " ".join((meta.text or "").split())[:280] or f"(statement {meta.id})"
        key = normalise_statement(text)
        if key in seen_texts:
            # Polis allows repeated statements; an import keeps the source faithful (same counts, own votes),
            # so the repeat gets a distinct key. New statements are still checked against the first. "#" cannot
            # occur in a normalised text (punctuation is removed), and PostgreSQL refuses NUL in text.
            key = f"{key[:240]} #{meta.id}"
        seen_texts.add(key)
        statements[meta.id] = Statement(
            conversation=conversation,
            text=text,
            external_id=str(meta.id),
            origin=Statement.Origin.SEED if meta.is_seed else Statement.Origin.IMPORT,
            status=Statement.Status.HIDDEN if meta.moderated == -1 else Statement.Status.PUBLISHED,
            normalised=key,
            created_at=now,
        )
    Statement.objects.bulk_create(statements.values())
    ModerationDecision.objects.bulk_create(
        ModerationDecision(statement=s, action=ModerationDecision.Action.HIDE, moderator=actor)
        for s in statements.values()
        if s.status == Statement.Status.HIDDEN
    )
    pids, sids, values = polis.votes.events()
    participants = {pid: Participant(engagement=engagement, consented_at=now) for pid in dict.fromkeys(pids)}
    Participant.objects.bulk_create(participants.values())
    votes = []
    for pid, sid, value in zip(pids, sids, values):
        statement = statements.get(sid)
        if statement is None:  # a vote on a statement missing from comments.csv: keep it with a placeholder
            statement = statements[sid] = Statement.objects.create(
                conversation=conversation,
                text=f"(statement {sid})",
                external_id=str(sid),
                origin=Statement.Origin.IMPORT,
            )
        votes.append(
            Vote(
                conversation=conversation,
                participant=participants[pid],
                statement=statement,
                value=int(value),
                updated_at=now,
            )
        )
    Vote.objects.bulk_create(votes, batch_size=5000)
    VoteEvent.objects.bulk_create(
        (
            VoteEvent(
                conversation=conversation,
                participant_id=v.participant_id,
                statement_id=v.statement_id,
                value=v.value,
                created_at=now,
            )
            for v in votes
        ),
        batch_size=5000,
    )
    audit(
        actor,
        organisation,
        "conversation.imported_from_polis",
        engagement,
        statements=len(statements),
        participants=len(participants),
        votes=len(votes),
    )
    return conversation
