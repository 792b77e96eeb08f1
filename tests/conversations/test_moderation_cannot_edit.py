"""Facilitators can never alter a participant's words: there is no edit view — every staff URL that accepts a POST
leaves the text as written — and Statement.save() refuses a changed text."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from coproduce.conversations.actions import do_write_statement
from coproduce.conversations.models import ModerationDecision, Statement

WORDS = "The waiting room is too loud for my son, who is autistic."
CHANGED = "The waiting room is fine."


def staff_routes():
    """(name, route kwargs names) of every URL under staff/ in the project's URLconf."""
    found = []

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern), ":".join(filter(None, [namespace, p.namespace])))
            elif isinstance(p, URLPattern) and (prefix + str(p.pattern)).startswith("staff/") and p.name:
                found.append((f"{namespace}:{p.name}", sorted(p.pattern.converters)))

    walk(get_resolver().url_patterns, "", "")
    return found


def payloads(statement):
    """Everything a form could plausibly accept to change the words, under every form name the staff pages use."""
    text_fields = {
        name: CHANGED
        for name in (
            "text",
            "seed-text",
            "statement-text",
            "text_en",
            "text_cy",
            "normalised",
            "title",
            "settings-text",
        )
    }
    base = {**text_fields, "statement": statement.pk, "pk": statement.pk, f"s{statement.pk}": "1", "consent": "yes"}
    return [
        {**base, "form": "seed"},
        {**base, "form": "settings", "settings-moderation": "pre"},
        {**base, "action": "hide", "reason": "off_topic"},
        {**base, "action": "edit"},
    ]


@pytest.fixture
def written(conversation, voter):
    return do_write_statement(conversation, WORDS, author=voter())


@pytest.mark.parametrize("who", ["fran", "alice"])
def test_no_staff_post_changes_the_words(written, world, as_user, who, settings):
    settings.RATELIMIT_ENABLED = False  # a hundred POSTs in a row; a 429 would prove nothing
    browser = as_user(getattr(world, who))
    routes = staff_routes()
    names = {name for name, _kwargs in routes}
    # The sweep really covers the conversation's staff pages (and the engagement's).
    assert {
        "conversations_staff:statements",
        "conversations_staff:moderate",
        "conversations_staff:assisted",
        "conversations_staff:import_polis",
        "staff:engagement",
        "staff:boundaries",
    } <= names
    # fran (facilitator) may use every engagement page; alice (organisation admin) adds the organisation's pages.
    if who == "alice":
        routes = [(name, kwargs) for name, kwargs in routes if "org_slug" in kwargs]
    values = {"slug": "outpatients", "org_slug": "glas", "pk": written.pk}
    # Pages about other things (a framework, an event, a board) take other parts in their address: they cannot
    # reach a statement, and their own matrices test them.
    routes = [(name, kwargs) for name, kwargs in routes if set(kwargs) <= values.keys()]
    posted = 0
    for name, kwargs in routes:
        url = reverse(name, kwargs={k: values[k] for k in kwargs})
        for data in payloads(written):
            # Each POST in a savepoint that is rolled back, so a delete or a removed membership cannot hide the next.
            with transaction.atomic():
                response = browser.post(url, data)
                assert response.status_code < 500 and response.status_code != 429, (url, data)
                written.refresh_from_db()
                assert written.text == WORDS, (url, data)
                assert written.normalised == "the waiting room is too loud for my son who is autistic"
                assert not Statement.objects.filter(text=CHANGED).exclude(origin=Statement.Origin.SEED).exists(), url
                posted += 1
                transaction.set_rollback(True)
    assert posted == len(routes) * len(payloads(written))


def test_hiding_and_publishing_keep_the_words(written, world, as_user):
    browser = as_user(world.fran)
    url = reverse("conversations_staff:moderate", args=["outpatients", written.pk])
    browser.post(url, {"action": "hide", "reason": "off_topic", "text": CHANGED})
    browser.post(url, {"action": "publish", "text": CHANGED})
    written.refresh_from_db()
    assert (written.text, written.status) == (WORDS, Statement.Status.PUBLISHED)
    assert list(ModerationDecision.objects.values_list("action", flat=True)) == ["publish", "hide"]


def test_save_refuses_a_changed_text(written):
    statement = Statement.objects.get(pk=written.pk)
    statement.text = CHANGED
    with pytest.raises(ValueError, match="can never be changed"):
        statement.save()
    written.refresh_from_db()
    assert written.text == WORDS
    # Saving other fields is fine.
    statement = Statement.objects.get(pk=written.pk)
    statement.status = Statement.Status.HIDDEN
    statement.save()
    written.refresh_from_db()
    assert (written.text, written.status) == (WORDS, Statement.Status.HIDDEN)


def test_no_admin_page_edits_statements():
    assert not admin.site.is_registered(Statement)
