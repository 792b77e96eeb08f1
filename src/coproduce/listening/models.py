"""Listening beyond the vote: one-to-one conversations, the challenges drawn from them, and their themes.

A conversation's notes and the person's details are confidential: only the author, the engagement's mentors and
the organisation's admins may read the notes (every reading is logged in NotesAccess), and nothing here is ever
exported or served by the API. Challenges are anonymised by their author (a checklist) before anyone else sees
them; only challenges whose conversation still has consent to share anonymised themes reach the themes board.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.conversations.models import STATEMENT_MAX_LENGTH, Statement
from coproduce.engagements.models import Engagement, Participant, Perspective


class ConversationQuerySet(models.QuerySet):
    def sharing_themes(self) -> ConversationQuerySet:
        """Conversations whose person agreed, and still agrees, to share anonymised themes."""
        return self.filter(sharing=ListeningConversation.Sharing.THEMES, consent_withdrawn_at__isnull=True)


class ListeningConversation(models.Model):
    """A one-to-one (or small-group) conversation held by a spokesperson or a mentor."""

    class Sharing(models.TextChoices):
        CONFIDENTIAL = "confidential", _("Keep my notes confidential: share nothing from them")
        THEMES = "themes", _("Share anonymised themes from my conversation")

    class Quote(models.TextChoices):
        NO = "no", _("Do not quote me")
        WITHOUT_NAME = "without_name", _("You may quote me without my name")
        WITH_NAME = "with_name", _("You may quote me with my name")

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="listening_conversations")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="listening_conversations"
    )
    held_on = models.DateField(_("date of the conversation"))
    # Who: a named person, a participant's record (linked through their account), or nobody ("anonymous").
    person_name = models.CharField(_("name of the person or group"), max_length=200, blank=True)
    participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="listening_conversations"
    )
    perspective = models.ForeignKey(Perspective, on_delete=models.SET_NULL, null=True, blank=True)
    team = models.CharField(_("team"), max_length=120, blank=True)
    prompt = models.CharField(_("prompt used"), max_length=300)
    notes = models.TextField(_("notes"), max_length=20_000, blank=True)
    sharing = models.CharField(_("what may be shared"), max_length=12, choices=Sharing.choices)
    quote = models.CharField(_("quoting"), max_length=12, choices=Quote.choices, default=Quote.NO)
    consent_withdrawn_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("one-to-one conversation")
        verbose_name_plural = _("one-to-one conversations")

    def __str__(self) -> str:
        return f"listening conversation {self.pk}"

    @property
    def is_anonymous(self) -> bool:
        return not self.person_name and self.participant_id is None

    @property
    def notes_hidden(self) -> bool:
        """Withdrawn consent or erasure: nobody reads the notes any more."""
        return self.consent_withdrawn_at is not None or self.erased_at is not None

    @property
    def may_share_themes(self) -> bool:
        return self.sharing == self.Sharing.THEMES and self.consent_withdrawn_at is None


class Theme(models.Model):
    """A theme challenges are grouped by; linked to the statements (and later proposals) that take it on."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("theme"), max_length=80)
    statements = models.ManyToManyField(Statement, blank=True, related_name="themes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["engagement", "name"], name="theme_unique_in_engagement")]

    def __str__(self) -> str:
        return self.name


class Challenge(models.Model):
    """A dilemma or problem in a sentence, drawn from a conversation and anonymised by its author."""

    conversation = models.ForeignKey(ListeningConversation, on_delete=models.CASCADE, related_name="challenges")
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="challenges")
    text = models.CharField(_("challenge"), max_length=STATEMENT_MAX_LENGTH)
    themes = models.ManyToManyField(Theme, related_name="challenges")
    raised_to_mentor = models.BooleanField(_("raise it with the independent mentor"), default=False)
    # The author confirmed the anonymisation checklist: without it the challenge is never saved.
    anonymised_at = models.DateTimeField()
    # The statement a facilitator made from it: linked to the challenge, never to the person.
    statement = models.ForeignKey(
        Statement, on_delete=models.SET_NULL, null=True, blank=True, related_name="challenges"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text


class ListeningSettings(models.Model):
    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="listening_settings")
    themes_published = models.BooleanField(_("show the themes board to everyone"), default=False)


class MentorSummary(models.Model):
    """An independent mentor's anonymised summary of what was raised with them, published to everyone."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="mentor_summaries")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    text = models.TextField(_("summary"), max_length=10_000)
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-pk"]


class NotesAccess(models.Model):
    """Every time someone read a conversation's confidential notes: read by the organisation's admins."""

    class Reason(models.TextChoices):
        AUTHOR = "author", _("Author of the conversation")
        MENTOR = "mentor", _("Mentor of the engagement")
        ORG_ADMIN = "org_admin", _("Organisation admin")

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="notes_accesses")
    conversation = models.ForeignKey(
        ListeningConversation, on_delete=models.SET_NULL, null=True, related_name="accesses"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    reason = models.CharField(max_length=12, choices=Reason.choices)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=["author", "mentor", "org_admin"]), name="notes_access_reason"
            )
        ]
