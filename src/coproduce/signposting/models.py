"""A directory of partners' services in the Open Referral UK shape (organisation → service → location, eligibility,
contact, hours), and signposting: a person pointed, with their consent, from a one-to-one conversation to a service,
and what came of it.

Directory rows keep their ORUK ids (UUIDs) and, in `extra`, every ORUK property this app does not model, so that
an import exported again gives back what came in (oruk.py). The names and descriptions partners publish are
translated fields (English and Welsh); the other texts are as the partner wrote them.

A signposting record names nobody itself: the person is the conversation's (listening), and only those the person
agreed to (`shared_with`) see the record; everyone else sees counts, with small numbers suppressed.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.community.models import Asset
from coproduce.engagements.models import Engagement, Organisation, Participant
from coproduce.listening.models import ListeningConversation


class DirectoryOrganisation(models.Model):
    """An ORUK organization: a partner offering services, kept in the directory by one of the platform's
    organisations (whose admins import and export it)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kept_by = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="directory_organisations")
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), max_length=10_000, blank=True)
    email = models.CharField(_("email"), max_length=255, blank=True)
    website = models.CharField(_("website"), max_length=500, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name_en", "pk"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """An ORUK service: what a partner offers, to whom (eligibility), when (schedules) and where (locations)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(DirectoryOrganisation, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), max_length=10_000, blank=True)
    url = models.CharField(_("website"), max_length=500, blank=True)
    email = models.CharField(_("email"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=30, default="active")
    # Eligibility, as ORUK has it: ages (other criteria are ORUK attributes, kept in `extra`).
    minimum_age = models.FloatField(_("minimum age"), null=True, blank=True)
    maximum_age = models.FloatField(_("maximum age"), null=True, blank=True)
    fees = models.TextField(_("fees"), max_length=2000, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name_en", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == "active"


class Location(models.Model):
    """An ORUK location, with its first address (further addresses and accessibility stay in `extra`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=255, blank=True)
    description = models.TextField(_("description"), max_length=10_000, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return self.name


class ServiceAtLocation(models.Model):
    """Where a service is offered (ORUK service_at_location)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    position = models.PositiveIntegerField(default=0)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["position"]


class Contact(models.Model):
    """Someone to contact about a service (ORUK contact): a role at the partner, published by it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=255, blank=True)
    title = models.CharField(_("job title"), max_length=255, blank=True)
    email = models.CharField(_("email"), max_length=255, blank=True)
    position = models.PositiveIntegerField(default=0)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["position"]


class Schedule(models.Model):
    """When a service is open (ORUK schedule, iCalendar-style: freq, byday, opens_at, closes_at)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    freq = models.CharField(max_length=10, blank=True)
    byday = models.CharField(max_length=40, blank=True)
    opens_at = models.CharField(max_length=8, blank=True)
    closes_at = models.CharField(max_length=8, blank=True)
    description = models.TextField(max_length=2000, blank=True)
    position = models.PositiveIntegerField(default=0)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["position"]


class Signposting(models.Model):
    """A person pointed from a one-to-one conversation to a service or to an asset of the asset map (a group, a
    place, someone's skill), with their consent; the outcome comes later.

    Never from a challenge: challenges are anonymised, and pointing one at a person would undo that.
    """

    class SharedWith(models.TextChoices):
        SIGNPOSTER = "signposter", _("Only the person who signposted me")
        READERS = (
            "readers",
            _("Also the people who may read my conversation: the engagement's mentors and the organisation's admins"),
        )

    class Outcome(models.TextChoices):
        AWAITED = "awaited", _("Not known yet")
        CONTACTED = "contacted", _("Contacted the service")
        HELPED = "helped", _("Helped")
        NOT_SUITABLE = "not_suitable", _("Not suitable")
        NO_ANSWER = "no_answer", _("No answer")

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="signpostings")
    conversation = models.ForeignKey(
        ListeningConversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="signpostings"
    )
    # Copied from the conversation, so that the person's export and erasure find the record whatever listening
    # did first; cut on erasure.
    participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="signpostings"
    )
    # Where to: a service of the directory, or an asset (never both). An asset offered by a person goes when they
    # erase their data: the record stays, pointing nowhere, for the counts.
    service = models.ForeignKey(Service, on_delete=models.PROTECT, null=True, blank=True, related_name="signpostings")
    asset = models.ForeignKey(Asset, on_delete=models.SET_NULL, null=True, blank=True, related_name="signpostings")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="signpostings"
    )
    shared_with = models.CharField(_("who may see who was signposted"), max_length=12, choices=SharedWith.choices)
    consent_given_at = models.DateTimeField()
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices, default=Outcome.AWAITED)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["awaited", "contacted", "helped", "not_suitable", "no_answer"]),
                name="signposting_outcome",
            ),
            models.CheckConstraint(condition=Q(shared_with__in=["signposter", "readers"]), name="signposting_shared"),
            models.CheckConstraint(
                condition=Q(service__isnull=True) | Q(asset__isnull=True), name="signposting_service_or_asset"
            ),
        ]

    def __str__(self) -> str:
        return f"signposting {self.pk}"

    @property
    def target(self) -> Service | Asset | None:
        """Where the person was signposted: the service, the asset, or None (an asset since erased)."""
        return self.service or self.asset
