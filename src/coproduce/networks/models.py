"""Networks of organisations and networks of networks: who belongs, who coordinates, and what members learnt.

A network is public (its name, description, members and knowledge exchange are for everyone to read: it exists to
share). Membership is never imposed: an organisation joins only when its admin accepts an invitation (or a
coordinator accepts the organisation's request), and a network joins another only when a coordinator of each side
has agreed. A network never contains itself, directly or through its member networks (actions.py refuses it).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.engagements.models import Organisation


class Network(models.Model):
    """A network of organisations (and of other networks) that share knowledge, strengths and engagements."""

    slug = models.SlugField(_("short name for web addresses"), max_length=80, unique=True)
    # Translated through django-modeltranslation (name_en, name_cy, …): see translation.py.
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:detail", args=[self.slug])


class NetworkCoordinator(models.Model):
    """Someone who manages a network's membership: the network's counterpart of an organisation admin."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="coordinators")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_coordinations")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["network", "user"], name="network_coordinator_once")]


class NetworkMember(models.Model):
    """An organisation or a network in a network: invited, asking to join, or a member once the other side agreed."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited: waiting for an answer")
        REQUESTED = "requested", _("Asked to join: waiting for the coordinators")
        ACTIVE = "active", _("Member")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="network_memberships"
    )
    member_network = models.ForeignKey(
        Network, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships_in"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(organisation__isnull=False, member_network__isnull=True)
                    | Q(organisation__isnull=True, member_network__isnull=False)
                ),
                name="network_member_is_one_thing",
            ),
            # The direct case as a constraint too; cycles through other networks are refused by actions.py.
            models.CheckConstraint(condition=~Q(member_network=models.F("network")), name="network_member_not_itself"),
            models.UniqueConstraint(
                fields=["network", "organisation"],
                condition=Q(organisation__isnull=False),
                name="network_member_organisation_once",
            ),
            models.UniqueConstraint(
                fields=["network", "member_network"],
                condition=Q(member_network__isnull=False),
                name="network_member_network_once",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["invited", "requested", "active"]), name="network_member_status"
            ),
        ]

    def __str__(self) -> str:
        return f"network member {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class KnowledgeNote(models.Model):
    """A short note from a member's staff for the network: what worked, and what we would do differently.

    Written in one language and marked with it (like a participant's statement): members write for each other,
    and a note is not an organisation's published text that must exist in both languages.
    """

    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        WELSH = "cy", "Cymraeg"

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="notes")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="knowledge_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="knowledge_notes"
    )
    title = models.CharField(_("title"), max_length=200)
    what_worked = models.TextField(_("what worked"), max_length=2000)
    what_differently = models.TextField(_("what we would do differently"), max_length=2000, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(language__in=["en", "cy"]), name="knowledge_note_language")]

    def __str__(self) -> str:
        return self.title
