"""The open conversation of an engagement: statements, votes, moderation and analysis snapshots."""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.engagements.models import Engagement, Participant
from coproduce.translations.models import LANGUAGE_CHOICES, Translation

STATEMENT_MAX_LENGTH = 280
# The shortest statement a participant may write, unless the conversation's settings say otherwise: shorter is
# rarely a point others can agree or disagree with ("yes", "parking").
STATEMENT_MIN_LENGTH = 10


def normalise_statement(text: str) -> str:
    """The form used to spot duplicates: case, spacing and punctuation ignored."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("P"))
    # NFKC can lengthen a text (one ligature becomes up to 18 letters): keep it within the column, or a
    # 280-character statement would fail to save on PostgreSQL.
    return re.sub(r"\s+", " ", text).strip()[:STATEMENT_MAX_LENGTH]


class Conversation(models.Model):
    """The listening conversation of one engagement (statements people write and vote on)."""

    class Moderation(models.TextChoices):
        AFTER = "post", _("Publish statements at once; hide them afterwards if needed")
        BEFORE = "pre", _("Check statements before they are published")

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="conversation")
    moderation = models.CharField(_("moderation"), max_length=4, choices=Moderation.choices, default=Moderation.AFTER)
    participants_can_write = models.BooleanField(_("participants can write statements"), default=True)
    require_account = models.BooleanField(_("participants must sign in"), default=False)
    min_statement_length = models.PositiveSmallIntegerField(
        _("shortest statement"),
        default=STATEMENT_MIN_LENGTH,
        validators=[MinValueValidator(1), MaxValueValidator(STATEMENT_MAX_LENGTH)],
        help_text=_(
            "The fewest characters a participant’s statement may have, from 1 to 280. Spaces at either end do not count."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # For a conversation imported from Polis: a digest of the export's statements and latest votes, so that the
    # same export is not imported twice into one organisation (conversations.actions.polis_fingerprint).
    polis_fingerprint = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(min_statement_length__gte=1, min_statement_length__lte=STATEMENT_MAX_LENGTH),
                name="conversation_min_statement_length_range",
            ),
        ]

    def __str__(self) -> str:
        return f"conversation of {self.engagement}"


class Statement(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden")

    class Origin(models.TextChoices):
        PARTICIPANT = "participant", _("Written by a participant")
        SEED = "seed", _("Seed statement from the facilitators")
        LISTENING = "listening", _("From one-to-one listening")
        IMPORT = "import", _("Imported")
        ASSISTED = "assisted", _("Entered on a participant’s behalf")
        EVENT = "event", _("From an event session")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="statements")
    # Participants' words are never edited by anyone: there is no edit view, and save() refuses changes.
    text = models.CharField(_("statement"), max_length=STATEMENT_MAX_LENGTH)
    # The language the words are written in, chosen by the writer or detected (coproduce.translations.detect);
    # readers of the other language see a confirmed human translation when there is one (coproduce.translations).
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES, default="en")
    translations = GenericRelation(Translation)
    normalised = models.CharField(max_length=STATEMENT_MAX_LENGTH, editable=False)
    author = models.ForeignKey(Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements")
    origin = models.CharField(max_length=12, choices=Origin.choices, default=Origin.PARTICIPANT)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED, db_index=True)
    external_id = models.CharField(max_length=40, blank=True, help_text="Id in an imported Polis export")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "normalised"], name="statement_unique_in_conversation"),
        ]
        # The vote page's choice reads the published statements' ids but the participant's own from this index
        # alone (routing.next_turn), not from every statement's row: loaded after every vote, at any size.
        indexes = [models.Index(fields=["conversation", "status", "author"], name="statement_routing")]

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("text", flat=True).first()
            if stored is not None and stored != self.text:
                raise ValueError("A statement's text can never be changed once written.")
        self.normalised = normalise_statement(self.text)
        super().save(*args, **kwargs)

    @property
    def is_seed(self) -> bool:
        return self.origin == self.Origin.SEED


class Vote(models.Model):
    """The current vote of a participant on a statement (one row each); history is in VoteEvent."""

    AGREE, PASS, DISAGREE = 1, 0, -1
    VALUES = ((AGREE, _("Agree")), (DISAGREE, _("Disagree")), (PASS, _("Pass or unsure")))

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=VALUES)
    is_assisted = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "statement"], name="one_vote_per_statement"),
            models.CheckConstraint(condition=Q(value__in=[-1, 0, 1]), name="vote_value_valid"),
        ]
        indexes = [models.Index(fields=["conversation", "updated_at"])]


class VoteEvent(models.Model):
    """Append-only log of every vote cast (audit, and the Polis-format event log)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="vote_events")
    # Indexed with the statement and the time (vote_event_latest), which serves a participant's events too.
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="vote_events", db_index=False)
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="vote_events")
    value = models.SmallIntegerField(choices=Vote.VALUES)
    is_assisted = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        # A person's vote on a statement as it was at a given time, in one index lookup: what the live figures
        # take away for each vote changed since the latest analysis (analysis.live_statements). It replaces the
        # participant's own index (its first column), so a vote still updates as many indexes as before.
        indexes = [models.Index(fields=["participant", "statement", "created_at"], name="vote_event_latest")]


class ModerationDecision(models.Model):
    """One moderation decision; the public log shows what, when and why — never hidden personal data."""

    class Reason(models.TextChoices):
        OFF_TOPIC = "off_topic", _("Off topic")
        PERSONAL_INFORMATION = "personal_information", _("Personal information")
        ABUSIVE = "abusive", _("Abusive")
        DUPLICATE = "duplicate", _("Duplicate")
        OUTSIDE_BOUNDARIES = "outside_boundaries", _("Outside the boundaries")

    class Action(models.TextChoices):
        HIDE = "hide", _("Hidden")
        PUBLISH = "publish", _("Published")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="moderation_decisions")
    action = models.CharField(max_length=10, choices=Action.choices)
    reason = models.CharField(max_length=24, choices=Reason.choices, blank=True)
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class AnalysisSnapshot(models.Model):
    """The engine's result for a conversation at one moment (coproduce.commonground Analysis.to_dict())."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="snapshots")
    data = models.JSONField()
    vote_count = models.PositiveIntegerField()
    participant_count = models.PositiveIntegerField()
    # The latest vote the analysis saw: a later vote means the snapshot is stale.
    votes_up_to = models.DateTimeField(null=True)
    # The votes stamped after votes_up_to that the analysis read all the same (committed between its reading of
    # votes_up_to and of the votes), as [participant, statement, value]: with them and the vote history, the pages
    # know what the analysis counted of every vote changed since (analysis.live_statements). Usually none or few.
    votes_after = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        # The latest snapshot's id and time from the index alone: the stored analysis is large, and SQLite reads
        # through it (its overflow pages) to reach the columns after it, on every vote page and results page.
        indexes = [models.Index(fields=["conversation", "-created_at", "-id"], name="snapshot_latest")]
