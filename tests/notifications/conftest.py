"""Fixtures for notifications: a topic kind of its own ("news": a village hall's noticeboard), so that these tests
need no other app, and a page that routes its subscription page (tests/notifications/urls.py).

`news` registers the kind for the test and returns it: `news.boards` (topics by key), `news.posts` (items by id),
`news.allowed` (subscriber keys the kind lets subscribe), `news.publish(item)` (queues notices, as a higher app's
action would). `subscribe(news, …)`, to import: a subscription to "news:1", confirmed unless told not to. The
personas are tests/conftest.py's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.utils.html import format_html, format_html_join

from coproduce.notifications import actions, topics
from coproduce.notifications.topics import Subscriber, TopicKind

TOPIC = "news:1"


@dataclass
class Board:
    title: str
    url: str


@dataclass
class News(TopicKind):
    name = "news"
    heading = "Email me the news"
    back_label = "Back to the noticeboard"
    text_template = html_template = ""  # render() below writes the body itself
    boards: dict[str, Board] = field(default_factory=lambda: {"1": Board("Village hall news", "/")})
    posts: dict[str, str] = field(default_factory=dict)
    allowed: set[str] = field(default_factory=set)

    def topics(self, keys):
        return {key: self.boards[key] for key in keys if key in self.boards}

    def title(self, topic):
        return topic.title

    def url(self, topic):
        return topic.url

    def description(self, topic):
        return "We will email you what is new on the village hall's noticeboard."

    def may_subscribe(self, subscriber, key):
        return subscriber.key in self.allowed and key in self.boards

    def items(self, ids):
        return {i: self.posts[i] for i in ids if i in self.posts}

    def subject(self, topic, items):
        return f"News: {items[0]}" if len(items) == 1 else f"{len(items)} new posts: {topic.title}"

    def render(self, topic, items):
        text = "\n".join(f"* {post}" for post in items)
        html = format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((post,) for post in items)))
        return text, html


@pytest.fixture
def news(monkeypatch, _watch_writes, settings):
    kind = News()
    monkeypatch.setitem(topics._kinds, kind.name, kind)
    settings.ROOT_URLCONF = "tests.notifications.urls"
    settings.SITE_URL = "http://testserver"
    if _watch_writes is not None:
        # queue_notices runs inside the action that made the news, which audits it; here the test is that action.
        monkeypatch.setitem(
            _watch_writes.silent, ("notifications/actions.py", "queue_notices"), "the test is the action"
        )

    def publish(item_id: str, text: str = "", **only) -> int:
        kind.posts[item_id] = text or f"Post {item_id}"
        return actions.queue_notices(TOPIC, item_id, **only)

    kind.publish = publish
    return kind


def subscribe(news, who="participant:7", email="reader@example.org", *, confirm=True, **fields):
    news.allowed.add(who)
    defaults = {"language": "en", "frequency": "immediate"}
    subscription = actions.do_subscribe(TOPIC, Subscriber(who), email=email, **{**defaults, **fields})
    if confirm:
        actions.do_confirm(subscription.pk, subscription.email)
        subscription.refresh_from_db()
    return subscription
