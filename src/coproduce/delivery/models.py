"""Delivery and review: actions from decisions, iterations, updates and feedback ("you said, we did").

Who asked to be emailed about changes is kept by notifications (delivery/notify.py is delivery's topic kind)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.engagements.models import Engagement, Organisation, Participant
from coproduce.networks.models import Network
from coproduce.proposals.models import Decision

TEXT_MAX_LENGTH = 4000


class Iteration(models.Model):
    """A short, time-boxed cycle of delivery (two weeks, say) with one goal."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="iterations")
    name = models.CharField(_("name"), max_length=120)
    goal = models.CharField(_("goal"), max_length=300)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="iteration_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.name

    def is_current(self, today) -> bool:
        return self.starts_on <= today <= self.ends_on


class Action(models.Model):
    """Something a decision commits to doing, owned by a named role or team, with a status people can follow.

    Most actions come from a decision of an engagement. An organisation's own action (a next step agreed after a
    self-assessment, coproduce.journeys) belongs to the organisation alone: no engagement, no decision. The
    constraint `action_belongs_somewhere` keeps the two kinds apart, so every engagement page still finds its
    decision. A network's own action (a next step of a network's self-assessment) belongs to the network alone,
    in the same way.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        NOT_POSSIBLE = "not_possible", _("Not possible")

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="actions", null=True, blank=True)
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="actions", verbose_name=_("decision"), null=True, blank=True
    )
    # Set for an organisation's own action (no engagement, no decision); empty for an engagement's.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="own_actions", null=True, blank=True
    )
    # Set for a network's own action (no engagement, decision or organisation).
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="own_actions", null=True, blank=True)
    iteration = models.ForeignKey(
        Iteration, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions", verbose_name=_("iteration")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH, blank=True)
    owner = models.CharField(_("owner (a role or team)"), max_length=200)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED, db_index=True)
    status_reason = models.TextField(_("why it is not possible"), max_length=TEXT_MAX_LENGTH, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["target_date", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(engagement__isnull=False, decision__isnull=False, organisation__isnull=True, network__isnull=True)
                    | Q(
                        engagement__isnull=True, decision__isnull=True, organisation__isnull=False, network__isnull=True
                    )
                    | Q(
                        engagement__isnull=True, decision__isnull=True, organisation__isnull=True, network__isnull=False
                    )
                ),
                name="action_belongs_somewhere",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.engagement_id is None:  # an organisation's own action: its board is in the staff area
            return reverse("staff:dashboard")
        return reverse("delivery:action", args=[self.engagement.slug, self.pk])

    @property
    def owning_organisation(self) -> Organisation | None:
        """The organisation that answers for the action: its engagement's, or its own (None: a network's own)."""
        return self.organisation if self.engagement_id is None else self.engagement.organisation

    @property
    def is_delivered(self) -> bool:
        return self.status == self.Status.DONE


class ActionUpdate(models.Model):
    """A dated progress update on an action; a change of status is an update too (status holds the new one)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("update"), max_length=TEXT_MAX_LENGTH, blank=True)
    status = models.CharField(max_length=16, choices=Action.Status.choices, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class Feedback(models.Model):
    """Whether a delivered change worked for someone who took part: 1 (not at all) to 5 (very well)."""

    RATINGS = [
        (1, _("It did not work for me at all")),
        (2, _("It did not work well for me")),
        (3, _("It worked partly")),
        (4, _("It worked well for me")),
        (5, _("It worked very well for me")),
    ]

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="feedback")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("did this change work for you?"), choices=RATINGS)
    comment = models.TextField(_("anything you would like to add (optional)"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["action", "participant"], name="feedback_once_per_action"),
            models.CheckConstraint(condition=Q(rating__gte=1) & Q(rating__lte=5), name="feedback_rating_range"),
        ]
