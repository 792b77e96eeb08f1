"""Events' topic kind for notifications: confirmation, waiting-list and reminder emails to the people registered.

Topic "event:<event id>". Registering (with an account, whose address is verified) subscribes the person to their
event's topic at once (`do_subscribe(..., verified=True)`), and every email has the notifications app's one-click
unsubscribe. A notice's item is "r<registration id>-<status>" (the place confirmed, or on the waiting list; a
promotion from the waiting list is a new item) or "m<event id>" (the reminder the day before, to everyone with a
place) or "x<event id>" (the event is cancelled, to everyone registered). Registered in EventsConfig.ready().
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core.bilingual import resolve
from coproduce.core.templatetags.coproduce import translated
from coproduce.events.models import Event, Registration
from coproduce.notifications import topics
from coproduce.notifications.topics import Subscriber, TopicKind

KIND = "event"


def topic_of(event: Event) -> str:
    return topics.topic(KIND, event.pk)


def registration_item(registration: Registration, status: str | None = None) -> str:
    return f"r{registration.pk}-{status or registration.status}"


def reminder_item(event: Event) -> str:
    return f"m{event.pk}"


def cancelled_item(event: Event) -> str:
    return f"x{event.pk}"


@dataclass(frozen=True)
class Notice:
    event: Event
    status: str  # "confirmed", "waiting", "reminder" or "cancelled"


class EventNews(TopicKind):
    name = KIND
    heading = gettext_lazy("Emails about an event you registered for")
    back_label = gettext_lazy("Back to the event")
    text_template = "events/email/news.txt"
    html_template = "events/email/news.html"

    def topics(self, keys: Collection[str]) -> dict[str, Any]:
        ids = [int(k) for k in keys if k.isdigit()]
        return {str(e.pk): e for e in Event.objects.filter(pk__in=ids)}

    def title(self, topic: Event) -> str:
        return resolve(topic, "title")[0]

    def title_html(self, topic: Event) -> SafeString:
        return translated(topic, "title")

    def url(self, topic: Event) -> str:
        return topic.get_absolute_url()

    def description(self, topic: Event) -> str:
        return _(
            "We will email you when your place is confirmed or you join the waiting list, when a place frees for "
            "you, the day before the event, and if it is cancelled. We use your email address for nothing else."
        )

    def may_subscribe(self, subscriber: Subscriber, key: str) -> bool:
        if subscriber.participant_id is not None or not key.isdigit():
            return False
        kind, _sep, value = subscriber.key.partition(":")
        if kind != "user" or not value.isdigit():
            return False
        user_id = int(value)
        return (
            Registration.objects.filter(event_id=int(key), user_id=user_id)
            .exclude(status=Registration.Status.CANCELLED)
            .exists()
        )

    def items(self, ids: Collection[str]) -> dict[str, Any]:
        registrations = {
            str(r.pk): r
            for r in Registration.objects.filter(
                pk__in=[int(i[1:].split("-")[0]) for i in ids if i.startswith("r") and i[1:].split("-")[0].isdigit()]
            ).select_related("event")
        }
        events = {
            str(e.pk): e
            for e in Event.objects.filter(pk__in=[int(i[1:]) for i in ids if i[:1] in ("m", "x") and i[1:].isdigit()])
        }
        found: dict[str, Any] = {}
        for item in ids:
            if item.startswith("r") and "-" in item:
                pk, status = item[1:].split("-", 1)
                if pk in registrations:
                    found[item] = Notice(registrations[pk].event, status)
            elif item.startswith("m") and item[1:] in events:
                found[item] = Notice(events[item[1:]], "reminder")
            elif item.startswith("x") and item[1:] in events:
                found[item] = Notice(events[item[1:]], "cancelled")
        return found

    def subject(self, topic: Event, items: list[Notice]) -> str:
        status = items[-1].status if items else "reminder"
        title = self.title(topic)
        if status == "cancelled":
            return _("Cancelled: %(title)s") % {"title": title}
        if status == Registration.Status.CONFIRMED:
            return _("Your place is confirmed: %(title)s") % {"title": title}
        if status == Registration.Status.WAITING:
            return _("You are on the waiting list: %(title)s") % {"title": title}
        return _("See you tomorrow: %(title)s") % {"title": title}
