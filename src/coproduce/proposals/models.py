"""Co-design and prioritisation: proposals built on statements, their discussion, pairwise choices and decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.conversations.models import ModerationDecision, Statement
from coproduce.engagements.models import Engagement, Participant, Phase

TITLE_MAX_LENGTH = 120
SUMMARY_MAX_LENGTH = 300
BODY_MAX_LENGTH = 10_000
COMMENT_MAX_LENGTH = 2_000


class Proposal(models.Model):
    """A solution people design together, citing the statements it answers (the golden thread)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for comments")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        DECIDED = "decided", _("Decided: taken forward")
        NOT_TAKEN_FORWARD = "not_taken_forward", _("Not taken forward")

    class Origin(models.TextChoices):
        CODESIGN = "codesign", _("Written in co-design")
        PRIORITISATION = "prioritisation", _("Suggested as a missing option")

    class Boundary(models.TextChoices):
        UNCHECKED = "unchecked", _("Not checked yet")
        WITHIN = "within", _("Within the boundaries")
        PARTLY = "partly", _("Partly within the boundaries")
        OUTSIDE = "outside", _("Outside the boundaries")

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="proposals")
    # The current text; every earlier text is kept as a ProposalVersion (amendments, with a readable diff).
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    summary = models.CharField(_("summary"), max_length=SUMMARY_MAX_LENGTH)
    body = models.TextField(_("the proposal in full"), max_length=BODY_MAX_LENGTH, blank=True)
    # Written by a participant (pseudonymous) or by a member of staff (named by their role only).
    author_participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.CODESIGN)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    status_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    # Hidden by moderation (with a reason in the public log); hidden proposals are not shown or compared.
    is_hidden = models.BooleanField(default=False)
    boundary = models.CharField(max_length=10, choices=Boundary.choices, default=Boundary.UNCHECKED)
    boundary_note = models.TextField(_("why"), max_length=2000, blank=True)
    boundary_checked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", args=[self.engagement.slug, self.pk])

    @property
    def is_public(self) -> bool:
        return not self.is_hidden and self.status != self.Status.DRAFT


class Citation(models.Model):
    """A proposal answers a statement. Challenges (one-to-one listening) will get their own nullable key here."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="citations")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, null=True, blank=True, related_name="citations")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "statement"], name="citation_unique_statement"),
            # Exactly one thing cited; add "| Q(challenge__isnull=False)" when challenges arrive.
            models.CheckConstraint(condition=Q(statement__isnull=False), name="citation_cites_something"),
        ]


class ProposalVersion(models.Model):
    """One text of a proposal: version 1 is the original, each amendment adds the next."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    summary = models.CharField(max_length=SUMMARY_MAX_LENGTH)
    body = models.TextField(max_length=BODY_MAX_LENGTH, blank=True)
    note = models.CharField(_("what changed and why"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["proposal", "number"], name="proposal_version_unique_number")]


class Comment(models.Model):
    """A comment on a proposal, or a reply to one (one level of replies only)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    text = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    author_participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal_comments"
    )
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal_comments"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    @property
    def is_hidden(self) -> bool:
        return self.status == self.Status.HIDDEN

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class ExpertInput(models.Model):
    """Knowledge contributed by a member with the expert role: shown apart from comments, labelled as such."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="expert_inputs")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="expert_inputs"
    )
    text = models.TextField(_("your expert input"), max_length=BODY_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]


class ProposalModeration(models.Model):
    """A moderation decision on a proposal or a comment; listed in the public moderation log with its reason."""

    Reason = ModerationDecision.Reason
    Action = ModerationDecision.Action

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="proposal_moderations")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="moderations")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="moderations")
    action = models.CharField(max_length=10, choices=ModerationDecision.Action.choices)
    reason = models.CharField(max_length=24, choices=ModerationDecision.Reason.choices, blank=True)
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class PairwiseChoice(models.Model):
    """One answer to "Which matters more to you?" between two options (proposals)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="pairwise_choices")
    phase = models.ForeignKey(Phase, on_delete=models.SET_NULL, null=True, related_name="pairwise_choices")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="pairwise_choices")
    # Stored with option_a < option_b, so that counting a pair is one GROUP BY.
    option_a = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    option_b = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    chosen = models.ForeignKey(Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # The random id of the pair as shown: a double-submitted answer is stored once.
    nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "nonce"], name="pairwise_choice_once_per_pair_shown"),
            models.CheckConstraint(condition=Q(option_a__lt=models.F("option_b")), name="pairwise_choice_ordered_pair"),
        ]
        indexes = [models.Index(fields=["engagement", "option_a", "option_b"])]


class PrioritisationSettings(models.Model):
    """How a phase with the prioritisation feature asks people to prioritise (pairwise when not set)."""

    class Method(models.TextChoices):
        PAIRWISE = "pairwise", _("Pairwise: “Which matters more to you?” between two options")
        DOTS = "dots", _("Dots: each participant spreads a number of dots across the options")

    phase = models.OneToOneField(Phase, on_delete=models.CASCADE, related_name="prioritisation")
    method = models.CharField(
        _("how people prioritise"), max_length=10, choices=Method.choices, default=Method.PAIRWISE
    )
    dots = models.PositiveSmallIntegerField(_("dots each participant spreads"), default=10)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(dots__gte=1) & Q(dots__lte=100), name="prioritisation_dots_range")
        ]


class DotAllocation(models.Model):
    """The dots a participant put on one option; a participant's allocation is replaced as a whole."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="dot_allocations")
    phase = models.ForeignKey(Phase, on_delete=models.SET_NULL, null=True, related_name="dot_allocations")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="dot_allocations")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="dot_allocations")
    dots = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "proposal"], name="dots_once_per_option"),
            models.CheckConstraint(condition=Q(dots__gte=1), name="dots_positive"),
        ]


class Decision(models.Model):
    """A public decision record: what was decided, by whom, when, why, what it takes up and what was not done."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="decisions")
    title = models.CharField(_("what was decided"), max_length=200)
    decided_by = models.CharField(_("who decided"), max_length=200)
    decided_on = models.DateField(_("when it was decided"))
    reasons = models.TextField(_("why"), max_length=BODY_MAX_LENGTH)
    not_done = models.TextField(_("what was not done, and why"), max_length=BODY_MAX_LENGTH, blank=True)
    proposals = models.ManyToManyField(
        Proposal, blank=True, related_name="decisions", verbose_name=_("proposals it takes up")
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:decision", args=[self.engagement.slug, self.pk])
