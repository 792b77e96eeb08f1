"""Action functions: the only way listening state changes. Each is transactional and writes its audit event.

Audit events never carry notes, names or challenge text: only ids and counts, since organisation admins read
the audit log and it outlives an erasure.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from coproduce.conversations.access import conversation_of
from coproduce.conversations.actions import do_write_statement
from coproduce.conversations.models import Statement
from coproduce.core import bilingual
from coproduce.core.bilingual import Texts, columns_of, has_text
from coproduce.engagements.actions import audit
from coproduce.engagements.models import Engagement, Participant, Role
from coproduce.engagements.rules import roles_in_engagement
from coproduce.listening.models import (
    Challenge,
    ListeningConversation,
    ListeningSettings,
    MentorSummary,
    NotesAccess,
    Theme,
)


@transaction.atomic
def do_record_conversation(actor, engagement: Engagement, data: dict) -> ListeningConversation:
    conversation = ListeningConversation.objects.create(engagement=engagement, author=actor, **data)
    audit(
        actor,
        engagement.organisation,
        "listening.conversation_recorded",
        engagement,
        conversation=conversation.pk,
        sharing=conversation.sharing,
    )
    return conversation


@transaction.atomic
def do_change_consent(actor, conversation: ListeningConversation, sharing: str, quote: str) -> None:
    conversation.sharing, conversation.quote = sharing, quote
    conversation.save(update_fields=["sharing", "quote"])
    audit(
        actor,
        conversation.engagement.organisation,
        "listening.consent_changed",
        conversation.engagement,
        conversation=conversation.pk,
        sharing=sharing,
        quote=quote,
    )


@transaction.atomic
def do_withdraw_consent(actor, conversation: ListeningConversation) -> None:
    """The person withdrew consent: the notes are hidden from everyone and its challenges leave the themes board.

    Statements already made from its challenges stay: they are anonymous and people have voted on them.
    """
    if conversation.consent_withdrawn_at is not None:
        return
    conversation.consent_withdrawn_at = timezone.now()
    conversation.save(update_fields=["consent_withdrawn_at"])
    audit(
        actor,
        conversation.engagement.organisation,
        "listening.consent_withdrawn",
        conversation.engagement,
        conversation=conversation.pk,
    )


def reason_for_reading(user, conversation: ListeningConversation) -> str:
    if conversation.author_id == user.pk:
        return NotesAccess.Reason.AUTHOR
    roles = roles_in_engagement(user, conversation.engagement)
    if Role.MENTOR in roles:
        return NotesAccess.Reason.MENTOR
    return NotesAccess.Reason.ORG_ADMIN


def do_log_notes_access(user, conversation: ListeningConversation) -> NotesAccess:
    return NotesAccess.objects.create(
        engagement=conversation.engagement,
        conversation=conversation,
        user=user,
        reason=reason_for_reading(user, conversation),
    )


def _themes(engagement: Engagement, themes, new_theme: str) -> list[Theme]:
    chosen = list(themes)
    if new_theme:
        theme, _created = Theme.objects.get_or_create(engagement=engagement, name=new_theme)
        if theme not in chosen:
            chosen.append(theme)
    return chosen


@transaction.atomic
def do_extract_challenge(
    actor, conversation: ListeningConversation, text: str, themes, new_theme: str = "", raised_to_mentor: bool = False
) -> Challenge:
    """Save a challenge the author has confirmed is anonymised (the form's checklist)."""
    if not conversation.may_share_themes:
        raise ValueError("challenges need consent to share anonymised themes")
    challenge = Challenge.objects.create(
        conversation=conversation,
        engagement=conversation.engagement,
        text=" ".join(text.split()),
        raised_to_mentor=raised_to_mentor,
        anonymised_at=timezone.now(),
    )
    challenge.themes.set(_themes(conversation.engagement, themes, new_theme))
    audit(
        actor,
        conversation.engagement.organisation,
        "listening.challenge_extracted",
        conversation.engagement,
        challenge=challenge.pk,
        conversation=conversation.pk,
        themes=sorted(t.pk for t in challenge.themes.all()),
    )
    return challenge


@transaction.atomic
def do_challenge_to_statement(actor, challenge: Challenge, text: str, language: str | None = None) -> Statement:
    """A seed statement of the engagement's conversation, marked as coming from listening.

    Linked back to the challenge (and, through the challenge's themes, to the themes board), never to the person:
    the statement has no author. Raises DuplicateStatement when the same words are already in the conversation.
    It carries its language: as the facilitator chose it, else detected from the words.
    """
    conversation = conversation_of(challenge.engagement)
    statement = do_write_statement(
        conversation, text, author=None, origin=Statement.Origin.LISTENING, actor=actor, language=language
    )
    challenge.statement = statement
    challenge.save(update_fields=["statement"])
    statement.themes.add(*challenge.themes.all())
    audit(
        actor,
        challenge.engagement.organisation,
        "listening.challenge_to_statement",
        challenge.engagement,
        challenge=challenge.pk,
        statement=statement.pk,
    )
    return statement


@transaction.atomic
def do_create_theme(actor, engagement: Engagement, name: str | Texts) -> Theme:
    theme = Theme.objects.create(engagement=engagement, **columns_of(name=name))
    audit(actor, engagement.organisation, "listening.theme_created", engagement, theme=theme.pk)
    return theme


@transaction.atomic
def do_rename_theme(actor, theme: Theme, name: Texts) -> list[str]:
    """A theme's name in English and Welsh."""
    if not has_text(name):
        raise ValueError("a theme needs a name in at least one language")
    columns, changed = bilingual.update(theme, name=name)
    theme.save(update_fields=columns)
    engagement = theme.engagement
    audit(actor, engagement.organisation, "listening.theme_renamed", engagement, theme=theme.pk, languages=changed)
    return changed


@transaction.atomic
def do_link_statement(actor, theme: Theme, statement: Statement) -> None:
    theme.statements.add(statement)
    audit(
        actor,
        theme.engagement.organisation,
        "listening.theme_linked",
        theme.engagement,
        theme=theme.pk,
        statement=statement.pk,
    )


@transaction.atomic
def do_publish_themes(actor, settings: ListeningSettings, published: bool) -> None:
    settings.themes_published = published
    settings.save(update_fields=["themes_published"])
    audit(
        actor,
        settings.engagement.organisation,
        "listening.themes_published" if published else "listening.themes_unpublished",
        settings.engagement,
    )


@transaction.atomic
def do_publish_mentor_summary(actor, engagement: Engagement, text: str) -> MentorSummary:
    summary = MentorSummary.objects.create(engagement=engagement, author=actor, text=text)
    audit(actor, engagement.organisation, "listening.mentor_summary_published", engagement, summary=summary.pk)
    return summary


def conversations_of_person(conversation: ListeningConversation):
    """Every conversation of the engagement about the same person: the same participant record, or the same name."""
    qs = ListeningConversation.objects.filter(engagement=conversation.engagement, erased_at__isnull=True)
    if conversation.participant_id is not None:
        return qs.filter(participant_id=conversation.participant_id)
    if conversation.person_name:
        return qs.filter(person_name__iexact=conversation.person_name, participant__isnull=True)
    return qs.filter(pk=conversation.pk)


@transaction.atomic
def do_erase_person(actor, conversation: ListeningConversation) -> int:
    """A data subject request: remove the notes and personal details of every conversation with this person.

    Challenges (anonymised when extracted), statements made from them, and votes stay: they are anonymous
    aggregates. A linked participant record loses its link to the account, so its votes count but name nobody.
    Returns the number of conversations erased.
    """
    targets = list(conversations_of_person(conversation).select_for_update())
    participant_ids = {c.participant_id for c in targets if c.participant_id}
    now = timezone.now()
    ListeningConversation.objects.filter(pk__in=[c.pk for c in targets]).update(
        notes="", person_name="", participant=None, erased_at=now
    )
    if participant_ids:
        Participant.objects.filter(pk__in=participant_ids).update(user=None)
    audit(
        actor,
        conversation.engagement.organisation,
        "listening.person_erased",
        conversation.engagement,
        conversations=sorted(c.pk for c in targets),
        participants=len(participant_ids),
    )
    return len(targets)
