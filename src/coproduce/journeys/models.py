"""Journeys: co-production and data maturity, assessed together by staff and the people who use services, over time.

A framework is data (dimensions, statements under each, a level scale), not code: two ship with the platform and an
organisation may import its own as JSON. An organisation (for itself or for one of its engagements) starts an
assessment round and hands out invitation links, each for one perspective; each link gives one anonymous answer.
Once an answer is in, nothing ties it to the link or to the person: the invitation keeps only that it was used
(no time), and the answer keeps only its perspective (see docs/decisions/0017-journeys.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.delivery.models import Action
from coproduce.engagements.models import Engagement, Organisation
from coproduce.networks.models import Network
from coproduce.proposals.models import Decision

MAX_LEVELS = 10


class Framework(models.Model):
    """A way of assessing where an organisation is on a journey: dimensions, statements and a level scale.

    `organisation` is empty for the frameworks the platform ships (everyone may use them); set for one an
    organisation imported, which only it uses."""

    slug = models.SlugField(_("short name for web addresses"), max_length=80, unique=True)
    # Translated (name_en, name_cy, …): see translation.py.
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    source = models.TextField(_("where the ideas come from"), max_length=2000, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="journey_frameworks"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Level(models.Model):
    """One step of a framework's scale: 1 is the start of the journey."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="journey_level_once"),
            models.CheckConstraint(condition=Q(number__gte=1) & Q(number__lte=MAX_LEVELS), name="journey_level_range"),
        ]


class Dimension(models.Model):
    """What is assessed: one practice of co-production, one theme of data maturity."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="dimensions")
    key = models.SlugField(max_length=80)
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)

    class Meta:
        ordering = ["framework", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["framework", "key"], name="journey_dimension_key_once")]

    def __str__(self) -> str:
        return self.name


class Statement(models.Model):
    """What the dimension looks like when it is going well: people read these before they rate."""

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="statements")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("statement"), max_length=400)

    class Meta:
        ordering = ["dimension", "position", "pk"]


class Perspective(models.TextChoices):
    STAFF = "staff", _("Staff")
    SERVICE_USERS = "people", _("People who use services")
    PARTNERS = "partners", _("Partners")


class Round(models.Model):
    """One assessment of an organisation (or of one of its teams or engagements), or of a network, against a
    framework.

    Open: invitations are answered and no results are shown (watching the figures move as each answer comes in would
    tell who gave it). Closed: the results are shown to the organisation's staff. Published: the aggregates are
    public too (a page, the API, open data)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    # Exactly one of the two: the organisation's round (for itself, one of its teams or one of its engagements), or
    # a network's (its coordinators start it and agree its next steps, on the network's own actions board).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="journey_rounds"
    )
    network = models.ForeignKey(Network, on_delete=models.CASCADE, null=True, blank=True, related_name="journey_rounds")
    engagement = models.ForeignKey(
        Engagement, on_delete=models.SET_NULL, null=True, blank=True, related_name="journey_rounds"
    )
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(_("title"), max_length=200)
    # A team of the organisation assessed (translated: team_en, team_cy); empty for the whole organisation.
    team = models.CharField(_("team"), max_length=120, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    published = models.BooleanField(_("published"), default=False)
    started_on = models.DateField(_("start date"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["open", "closed"]), name="journey_round_status"),
            models.CheckConstraint(
                condition=Q(published=False) | Q(status="closed"), name="journey_round_published_when_closed"
            ),
            models.CheckConstraint(
                condition=(
                    Q(organisation__isnull=False, network__isnull=True)
                    | Q(organisation__isnull=True, network__isnull=False, engagement__isnull=True)
                ),
                name="journey_round_one_owner",
            ),
            # A network's round has no organisation, so no licence for open data: it is not published.
            models.CheckConstraint(
                condition=Q(published=False) | Q(network__isnull=True), name="journey_round_published_by_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("journeys_staff:round", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def scope(self) -> dict:
        """The audit scope of the round's events: its organisation's, or its network's."""
        if self.network_id is not None:
            return {"organisation": None, "network": self.network}
        return {"organisation": self.organisation, "network": None}


class Invitation(models.Model):
    """A link for one person of one perspective to answer once. Only a hash of its token is kept (the link is shown
    once, when made), it names nobody, and once used it keeps only that fact: not when, not which answer."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    perspective = models.CharField(_("perspective"), max_length=10, choices=Perspective.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(perspective__in=["staff", "people", "partners"]), name="journey_invitation_perspective"
            )
        ]


class Invitee(models.Model):
    """Someone with an account invited to a round by email (through coproduce.notifications). It keeps who was
    invited and whether they have taken their link, never which link: the link is made when they take it, shown to
    them once, and its invitation names nobody (so an answer stays as unlinkable as any other). No time is kept."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journey_invitations")
    perspective = models.CharField(_("perspective"), max_length=10, choices=Perspective.choices)
    link_taken = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="journey_invitee_once"),
            models.CheckConstraint(
                condition=Q(perspective__in=["staff", "people", "partners"]), name="journey_invitee_perspective"
            ),
        ]


class Answer(models.Model):
    """One person's anonymous answer: its perspective and ratings, and nothing else (no link to an invitation, a
    person, or a time finer than the round's)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="answers")
    perspective = models.CharField(_("perspective"), max_length=10, choices=Perspective.choices)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(perspective__in=["staff", "people", "partners"]), name="journey_answer_perspective"
            )
        ]


class Rating(models.Model):
    """Where one answer puts one dimension on the scale, with a comment in the language it was written in."""

    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        WELSH = "cy", "Cymraeg"

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="ratings")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="ratings")
    level = models.PositiveSmallIntegerField(_("level"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.ENGLISH)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["answer", "dimension"], name="journey_rating_once"),
            models.CheckConstraint(condition=Q(level__gte=1) & Q(level__lte=MAX_LEVELS), name="journey_rating_range"),
        ]


class Evidence(models.Model):
    """A record of the platform's own that shows a dimension in practice (the golden thread): an engagement, a
    decision, an action, or the feedback on an action. Given with a rating, shown only with the dimension's
    figures (never with a perspective or a rating)."""

    class Kind(models.TextChoices):
        ENGAGEMENT = "engagement", _("Engagement")
        DECISION = "decision", _("Decision")
        ACTION = "action", _("Action")
        FEEDBACK = "feedback", _("Feedback on an action")

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="engagement", engagement__isnull=False, decision__isnull=True, action__isnull=True)
                    | Q(kind="decision", decision__isnull=False, engagement__isnull=True, action__isnull=True)
                    | Q(
                        kind__in=["action", "feedback"],
                        action__isnull=False,
                        engagement__isnull=True,
                        decision__isnull=True,
                    )
                ),
                name="journey_evidence_one_record",
            )
        ]


class NextStep(models.Model):
    """A next step agreed after a round: an action on the delivery board (the engagement's, under one of its
    decisions, or the organisation's own)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="next_steps")
    dimension = models.ForeignKey(Dimension, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="journey_step")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]


class OrganisationSettings(models.Model):
    """An organisation's choices for journeys: whether it shares its figures for anonymous benchmarks (and so sees
    them), and after how many weeks without activity the programme view calls an engagement stalled."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="journey_settings")
    share_benchmarks = models.BooleanField(_("share our results anonymously for benchmarks"), default=False)
    stalled_after_weeks = models.PositiveSmallIntegerField(
        _("weeks without activity before an engagement is stalled"), default=6
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(stalled_after_weeks__gte=1) & Q(stalled_after_weeks__lte=104), name="journey_stalled_range"
            )
        ]
