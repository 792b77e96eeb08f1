"""The registry of topic kinds: names are unique and colon-free, unknown topics are refused or skipped, and the
delivery app's kind is registered (the apps above add themselves; notifications imports none of them)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from coproduce.notifications import topics
from coproduce.notifications.topics import Subscriber
from tests.notifications.conftest import News


def test_a_kind_needs_a_name_without_a_colon_and_one_kind_per_name(news, monkeypatch):
    class Bad(News):
        name = "a:b"

    with pytest.raises(ImproperlyConfigured):
        topics.register(Bad())

    class Other(News):
        name = "news"

    with pytest.raises(ImproperlyConfigured):
        topics.register(Other())
    topics.register(News())  # the same kind again (a second ready() in tests) is fine


def test_topics_of_unknown_kinds_are_refused_or_left_out(news, db):
    with pytest.raises(topics.UnknownTopic):
        topics.kind_of("nothing:1")
    with pytest.raises(topics.UnknownTopic):
        topics.kind_of("news:")
    kind, key = topics.kind_of("news:1")
    assert (kind, key) == (news, "1")
    assert set(topics.resolve(["news:1", "news:2", "nothing:1", "news"])) == {"news:1"}


def test_subscribers_are_named_as_the_personal_data_registry_names_people():
    assert Subscriber.participant(7).key == "participant:7" and Subscriber.participant(7).participant_id == 7
    assert Subscriber.user(3).key == "user:3" and Subscriber.user(3).participant_id is None
    assert Subscriber("participant:x").participant_id is None


def test_delivery_registers_its_kind():
    kind, key = topics.kind_of("delivery:42")
    assert key == "42" and type(kind).__module__ == "coproduce.delivery.notify"
