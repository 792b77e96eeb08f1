"""Notifications: who asked to be told when a topic has news, and the news waiting to be mailed to them.

This app knows no other domain app. A *topic* is a string, "kind:key" ("delivery:42"), and the app that owns
the kind registers how to title it, who may subscribe to it and how to write its news (topics.py). A
*subscriber* is a string too, naming a person as the personal-data registry does ("participant:7", "user:3"), so
that export and erasure find every subscription of a person without this app knowing what a participant is.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Each time something changes")
    DAILY = "daily", _("A daily summary")
    WEEKLY = "weekly", _("A weekly summary")


class Subscription(models.Model):
    """Someone who asked to be emailed when a topic has news. Double opt-in: nothing is sent until the link in the
    confirmation email was used (confirmed_at), and a request not confirmed in time is removed."""

    Frequency = Frequency

    topic = models.CharField(max_length=100)  # "kind:key": see topics.py
    subscriber = models.CharField(max_length=64, db_index=True)  # "participant:7" or "user:3": see topics.Subscriber
    email = models.EmailField(_("email address"), db_index=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    # None until the address's owner used the link we sent to it (or it was an account's verified address).
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # When the last confirmation link was sent: the request expires that long after it (actions.CONFIRM_WITHIN).
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["topic", "subscriber"], name="subscription_once_per_topic_and_subscriber")
        ]

    def __str__(self) -> str:
        return f"{self.subscriber} → {self.topic}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Notice(models.Model):
    """One piece of news waiting to be mailed to one subscriber (at once, or in their next digest). `item` names
    the news in the topic kind's own terms (for delivery, an update's id); the kind turns it back into a thing."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="notices")
    item = models.CharField(max_length=64)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Set while a task is sending it: another task leaves it alone until the send ends (or the claim is too old to
    # be alive). sent_at is set only after the mail server accepted the message.
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "item"], name="notice_once_per_item")]


class Unsubscribed(models.Model):
    """An address that asked for no more mail: nothing is ever sent to it again, whatever it subscribed to, until
    its owner confirms a new subscription from a link sent to it."""

    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)
