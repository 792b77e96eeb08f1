"""The registry of topic kinds: what a higher app tells this one so that people can subscribe to its news.

A topic is a string "kind:key". The kind is registered by the app that owns it, in its AppConfig.ready()::

    from coproduce.notifications import topics
    topics.register(ActionUpdates())  # a TopicKind whose name is "delivery"; its topics are "delivery:<id>"

The kind answers, for its own keys: what the topic is called and where its page is (in the current language),
who may subscribe to it, which things its news is about, and how a notice about them reads (the subject and the
templates of the email's body). Every lookup takes many keys at once, so that sending a digest to a thousand
people costs a few queries, not a thousand.

This app stays below the domain apps (docs/adding-an-app.md): it never imports a kind's app; the kinds come to it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from coproduce.accounts.personal_data import Person


@dataclass(frozen=True)
class Subscriber:
    """Who asked for the mail, named as the personal-data registry names a person (accounts/personal_data.py): a
    participant record (per engagement, possibly pseudonymous) or an account. A string in the database, so that
    this app needs neither model."""

    key: str

    @classmethod
    def participant(cls, participant_id: int) -> Subscriber:
        return cls(f"participant:{participant_id}")

    @classmethod
    def user(cls, user_id: int) -> Subscriber:
        return cls(f"user:{user_id}")

    @property
    def participant_id(self) -> int | None:
        kind, _, value = self.key.partition(":")
        return int(value) if kind == "participant" and value.isdigit() else None


def subscriber_keys(person: Person) -> set[str]:
    """Every subscriber key that is this person's."""
    keys = {Subscriber.participant(pk).key for pk in person.participant_ids}
    if person.user_id is not None:
        keys.add(Subscriber.user(person.user_id).key)
    return keys


class TopicKind(ABC):
    """What an app registers for its topics. Subclass it and fill in every abstract method (a kind missing one cannot
    be made); keys are the part of the topic
    after "name:", as strings. Methods returning text are called in the recipient's (or the page's) language."""

    #: The first part of the topic string: letters, digits and "-", unique across the project.
    name: ClassVar[str]
    #: The subscription page's heading and its back link's label (lazily translated).
    heading: ClassVar[Any]
    back_label: ClassVar[Any]
    #: Templates of a notice's body (see `render`).
    text_template: ClassVar[str]
    html_template: ClassVar[str]

    @abstractmethod
    def topics(self, keys: Collection[str]) -> dict[str, Any]:
        """The things these topics are about, by key. A key missing from the answer is a topic that is gone:
        nothing more is sent about it."""
        ...

    @abstractmethod
    def title(self, topic: Any) -> str:
        """What the topic is called, in the current language (the subject of the confirmation email)."""
        ...

    def title_html(self, topic: Any) -> SafeString:
        """The title on a page or in an HTML email: `title`, escaped. A kind whose titles are written in English and
        Welsh gives one shown in the other language its `lang` here (core/bilingual.py); a subject line or <title>
        cannot carry it, so they use `title`."""
        return conditional_escape(self.title(topic))

    @abstractmethod
    def url(self, topic: Any) -> str:
        """The path of the topic's page: where people subscribe, and where its emails send them."""
        ...

    @abstractmethod
    def description(self, topic: Any) -> str:
        """One or two sentences: what we will email about, and that the address is used for nothing else."""
        ...

    @abstractmethod
    def may_subscribe(self, subscriber: Subscriber, key: str) -> bool:
        """Whether this subscriber may have this topic's news (the subscription action refuses otherwise)."""
        ...

    @abstractmethod
    def items(self, ids: Collection[str]) -> dict[str, Any]:
        """The things notices are about, by item id. Missing ones are gone: their notices are dropped."""
        ...

    @abstractmethod
    def subject(self, topic: Any, items: list[Any]) -> str:
        """The subject of a notice about these items (one, or a digest of several)."""
        ...

    def render(self, topic: Any, items: list[Any]) -> tuple[str, str]:
        """The body of a notice, as text and as HTML: the kind's templates, given `topic` (what `topics`
        returned), `items` (what `items` returned, oldest first) and `site_url`. The notification frame around
        them (mail.build_message) adds the footer with the unsubscribe link."""
        context = {"topic": topic, "items": items, "site_url": settings.SITE_URL}
        return render_to_string(self.text_template, context), render_to_string(self.html_template, context)


_kinds: dict[str, TopicKind] = {}


def register(kind: TopicKind) -> None:
    """Add a topic kind. Two different kinds with one name is a mistake worth failing on."""
    if not kind.name or ":" in kind.name:
        raise ImproperlyConfigured(f"A topic kind needs a name without ':' (got {kind.name!r}).")
    existing = _kinds.get(kind.name)
    if existing is not None and type(existing) is not type(kind):
        raise ImproperlyConfigured(f"Two topic kinds are registered as {kind.name!r}.")
    _kinds[kind.name] = kind


def topic(kind: str, key: object) -> str:
    """The topic string of a kind's key: topic("delivery", 42) == "delivery:42"."""
    return f"{kind}:{key}"


class UnknownTopic(LookupError):
    """A topic whose kind no app registered."""


def kind_named(name: str) -> TopicKind | None:
    return _kinds.get(name)


def kind_of(name: str) -> tuple[TopicKind, str]:
    """The registered kind of a topic, and its key."""
    kind, _, key = name.partition(":")
    if kind not in _kinds or not key:
        raise UnknownTopic(name)
    return _kinds[kind], key


def resolve(names: Iterable[str]) -> dict[str, tuple[TopicKind, Any]]:
    """Each topic's kind and the thing it is about, one `topics()` call per kind. Topics that are gone (or of a
    kind no longer registered) are missing from the answer."""
    by_kind: dict[str, dict[str, str]] = {}
    for name in set(names):
        kind_name, _, key = name.partition(":")
        if kind_name in _kinds and key:
            by_kind.setdefault(kind_name, {})[key] = name
    found: dict[str, tuple[TopicKind, Any]] = {}
    for kind_name, keys in by_kind.items():
        kind = _kinds[kind_name]
        for key, thing in kind.topics(list(keys)).items():
            if key in keys:
                found[keys[key]] = (kind, thing)
    return found
