"""The noticeboard and learning: news from an organisation, a network or an engagement; study clubs that learn
together; courses and materials, and learning paths through them. Made for a phone on a train (see
docs/decisions/0019-noticeboard-and-learning.md).

A board belongs to exactly one of an organisation, a network or an engagement, and its managers are that owner's
(organisation managers, network coordinators, engagement managers): they post, pin and moderate notices, and
organise the board's study clubs. Anyone signed in may suggest a notice (a guest post); it is published only when
a manager approves it, under the name its writer chose.

Who is in a study club is personal: only the club's host and the board's managers see it (rules.py), never a
public page, the API or the open data.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.delivery.models import Action
from coproduce.engagements.models import Engagement, Organisation
from coproduce.networks.models import Network


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    WELSH = "cy", "Cymraeg"
    BOTH = "both", _("English and Welsh")


class Board(models.Model):
    """A noticeboard: the news of one organisation, network or engagement, which people can follow by email."""

    slug = models.SlugField(_("short name for web addresses"), max_length=80, unique=True)
    # Translated (name_en, name_cy, …): see translation.py.
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="boards"
    )
    network = models.ForeignKey(Network, on_delete=models.CASCADE, null=True, blank=True, related_name="boards")
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, null=True, blank=True, related_name="boards")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(organisation__isnull=False, network__isnull=True, engagement__isnull=True)
                    | Q(organisation__isnull=True, network__isnull=False, engagement__isnull=True)
                    | Q(organisation__isnull=True, network__isnull=True, engagement__isnull=False)
                ),
                name="board_has_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("learning:board", args=[self.slug])

    @property
    def audit_organisation(self) -> Organisation | None:
        """The organisation whose audit trail records the board's events (None for a network's board)."""
        if self.engagement_id is not None:
            return self.engagement.organisation
        return self.organisation


class Notice(models.Model):
    """One piece of news on a board. Managers' notices are published at once, in English and Welsh; a guest post
    is written in one language (its `language`), waits for a manager, and is shown under the name its writer chose."""

    class Category(models.TextChoices):
        NEWS = "news", _("News")
        EVENT = "event", _("Event")
        STUDY_CLUB = "study_club", _("Study clubs")
        LEARNING = "learning", _("Learning")
        OPPORTUNITY = "opportunity", _("Opportunity")

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        PENDING = "pending", _("Waiting for moderation")
        REJECTED = "rejected", _("Not published")

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="notices")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=10000, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.NEWS)
    pinned = models.BooleanField(_("pinned to the top"), default=False)
    expires_on = models.DateField(_("show until"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="notices"
    )
    #: A guest post: suggested by someone outside the board's owner, published after moderation.
    guest = models.BooleanField(default=False)
    #: A guest post's writer, as they chose to be named ("" for the board's own notices, and after an erasure).
    guest_name = models.CharField(max_length=100, blank=True)
    #: The language a guest post was written in ("" for the board's own notices, which have both).
    language = models.CharField(max_length=2, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pinned", "-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["published", "pending", "rejected"]), name="notice_status"),
            models.CheckConstraint(
                condition=Q(status="published", published_at__isnull=False) | ~Q(status="published"),
                name="notice_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:notice", args=[self.board.slug, self.pk])

    @property
    def is_guest_post(self) -> bool:
        return self.guest

    def is_current(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.PUBLISHED and (self.expires_on is None or self.expires_on >= today)


def current_notices(today: dt.date | None = None):
    """Published notices that have not expired (an expiry date is the last day shown)."""
    today = today or timezone.localdate()
    return Notice.objects.filter(status=Notice.Status.PUBLISHED).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    )


class LearningItem(models.Model):
    """A course or a piece of learning material: a MOOC, a Moodle course, a guide. Its body, when it has one, is
    sanitised Markdown that can be read offline on a phone."""

    class Level(models.TextChoices):
        INTRODUCTION = "introduction", _("Introduction")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    class Topic(models.TextChoices):
        COPRODUCTION = "coproduction", _("Co-production")
        DATA_MATURITY = "data_maturity", _("Data maturity")
        ENGAGEMENTS = "engagements", _("Running engagements")

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000, blank=True)
    body = models.TextField(_("text to read"), max_length=20000, blank=True)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    minutes = models.PositiveIntegerField(_("length in minutes"), default=0)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.INTRODUCTION)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, default=Topic.COPRODUCTION)
    language = models.CharField(_("language"), max_length=4, choices=Language.choices, default=Language.BOTH)
    phone_friendly = models.BooleanField(_("works on a phone"), default=True)
    offline_friendly = models.BooleanField(_("can be read offline"), default=False)
    #: The organisation that wrote it and whose managers alone change it; empty for the platform's catalogue, which
    #: any organisation-wide manager changes (docs/decisions/0019).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="learning_items"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["topic", "slug"]
        constraints = [
            models.CheckConstraint(condition=Q(language__in=["en", "cy", "both"]), name="learning_item_language"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:item", args=[self.slug])


class LearningPath(models.Model):
    """An ordered way through learning items, for one purpose (co-production, data maturity, running engagements)."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    topic = models.CharField(
        _("topic"), max_length=20, choices=LearningItem.Topic.choices, default=LearningItem.Topic.COPRODUCTION
    )
    #: The organisation that wrote it and whose managers alone change it; empty for the platform's catalogue, which
    #: any organisation-wide manager changes (docs/decisions/0019).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="learning_paths"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:path", args=[self.slug])


class PathStep(models.Model):
    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    item = models.ForeignKey(LearningItem, on_delete=models.PROTECT, related_name="steps")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["path", "position"]
        constraints = [
            models.UniqueConstraint(fields=["path", "position"], name="path_step_position_once"),
            models.UniqueConstraint(fields=["path", "item"], name="path_step_item_once"),
        ]


class ActionPath(models.Model):
    """An action on a delivery board (a journey round's agreed next step, say) pointing to the learning path that
    helps do it. Kept here, not on the action or the next step: the apps below and beside this one never name it
    (the journeys' results page shows it through engagements.registry.JOURNEY_STEPS)."""

    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="learning_path_link")
    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="action_links")
    created_at = models.DateTimeField(default=timezone.now)


class Progress(models.Model):
    """A signed-in person's relation to a learning item: saved for later (and kept offline), started, done."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        STARTED = "started", _("Started")
        DONE = "done", _("Done")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_progress")
    item = models.ForeignKey(LearningItem, on_delete=models.CASCADE, related_name="progress")
    saved = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "item"], name="learning_progress_once"),
            models.CheckConstraint(
                condition=Q(status__in=["not_started", "started", "done"]), name="learning_progress_status"
            ),
        ]


class StudyClub(models.Model):
    """A group that learns together, in a place or online, organised on a board: what it studies, where and when it
    meets (a first meeting repeated weekly, fortnightly or monthly), its host and how many it has room for."""

    class Repeat(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        FORTNIGHTLY = "fortnightly", _("Every two weeks")
        MONTHLY = "monthly", _("Every four weeks")

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="clubs")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what the club does"), max_length=2000, blank=True)
    place = models.CharField(_("where it meets"), max_length=300, blank=True)
    online = models.BooleanField(_("meets online"), default=False)
    language = models.CharField(_("language of the meetings"), max_length=4, choices=Language.choices)
    first_meeting = models.DateTimeField(_("first meeting"))
    repeat = models.CharField(_("how often"), max_length=12, choices=Repeat.choices, default=Repeat.WEEKLY)
    meetings = models.PositiveSmallIntegerField(_("number of meetings"), default=6)
    duration_minutes = models.PositiveSmallIntegerField(_("length of a meeting in minutes"), default=60)
    capacity = models.PositiveSmallIntegerField(_("places"), default=12)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="hosted_clubs"
    )
    courses = models.ManyToManyField(LearningItem, blank=True, related_name="clubs")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["first_meeting", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="study_club_capacity"),
            models.CheckConstraint(condition=Q(meetings__gte=1, meetings__lte=52), name="study_club_meetings"),
            models.CheckConstraint(condition=Q(language__in=["en", "cy", "both"]), name="study_club_language"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("learning:club", args=[self.pk])

    def meeting_times(self) -> list[dt.datetime]:
        """Every meeting's start, in the club's series (local time kept across a change of clocks)."""
        step = {"weekly": 7, "fortnightly": 14, "monthly": 28}[self.repeat]
        first = timezone.localtime(self.first_meeting)
        naive = first.replace(tzinfo=None)
        zone = first.tzinfo
        return [timezone.make_aware(naive + dt.timedelta(days=step * n), zone) for n in range(self.meetings)]


class ClubMember(models.Model):
    """Someone in a study club. Seen only by the club's host and the board's managers."""

    club = models.ForeignKey(StudyClub, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_clubs")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["club", "user"], name="club_member_once")]


class ClubAnnouncement(models.Model):
    """A message from the host or organisers to the club's members (emailed to those who asked)."""

    club = models.ForeignKey(StudyClub, on_delete=models.CASCADE, related_name="announcements")
    text = models.TextField(_("announcement"), max_length=2000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
