"""A hidden statement leaves routing, the map and the results, and the public moderation log lists the decision
with its reason category — never the hidden words. Hiding without a reason is refused."""

from __future__ import annotations

import random

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from coproduce.conversations.access import conversation_of
from coproduce.conversations.actions import do_cast_vote, do_moderate_statement, do_write_statement
from coproduce.conversations.analysis import latest_snapshot
from coproduce.conversations.models import Conversation, ModerationDecision, Statement, Vote
from coproduce.conversations.routing import next_turn, priorities_from_snapshot

from .conftest import client_of

SECRET = "My neighbour Gareth Jones at 4 Heol y Bryn never turns up."


@pytest.fixture
def voted(conversation, voter, django_capture_on_commit_callbacks):
    """Twenty people have voted on every statement, including one with personal information, and the analysis ran."""
    with django_capture_on_commit_callbacks(execute=True):
        bad = do_write_statement(conversation, SECRET, author=voter())
        statements = list(conversation.statements.all())
        for i in range(20):
            person = voter()
            for j, statement in enumerate(statements):
                do_cast_vote(person, statement, Vote.AGREE if (i + j) % 3 else Vote.DISAGREE)
    snapshot = latest_snapshot(conversation)
    assert not next(s for s in snapshot.data["statements"] if int(s["id"]) == bad.pk).get("excluded")
    return bad


def hide(browser, statement, reason="personal_information"):
    return browser.post(
        reverse("conversations_staff:moderate", args=[statement.conversation.engagement.slug, statement.pk]),
        {"action": "hide", "reason": reason},
    )


def snapshot_row(conversation, statement):
    return next(s for s in latest_snapshot(conversation).data["statements"] if int(s["id"]) == statement.pk)


def test_hidden_statement_leaves_routing(
    conversation, voted, voter, world, as_user, django_capture_on_commit_callbacks
):
    stale = latest_snapshot(conversation).data  # still gives the statement a priority
    with django_capture_on_commit_callbacks(execute=True):
        assert hide(as_user(world.fran), voted).status_code == 302
    voted.refresh_from_db()
    assert voted.status == Statement.Status.HIDDEN
    assert voted.text == SECRET
    newcomer = voter()
    offered = {
        next_turn(conversation, newcomer, priorities_from_snapshot(data), random.Random(seed)).statement.pk
        for seed in range(60)
        for data in (stale, latest_snapshot(conversation).data, None)
    }
    assert voted.pk not in offered
    assert len(offered) == conversation.statements.filter(status=Statement.Status.PUBLISHED).count()
    # Someone who has voted on everything else is told they are done, not shown the hidden statement.
    for statement in conversation.statements.filter(status=Statement.Status.PUBLISHED):
        do_cast_vote(newcomer, statement, Vote.PASS)
    assert next_turn(conversation, newcomer, priorities_from_snapshot(stale)).statement is None
    html = client_of(newcomer).get(reverse("conversations:vote_page", args=["outpatients"])).content.decode()
    assert "You have voted on every statement so far" in html
    assert "Gareth" not in html


def test_hidden_statement_leaves_the_map_and_results(
    conversation, voted, world, as_user, django_capture_on_commit_callbacks
):
    before = latest_snapshot(conversation)
    with django_capture_on_commit_callbacks(execute=True):
        hide(as_user(world.fran), voted)
    after = latest_snapshot(conversation)
    assert after.pk != before.pk
    row = snapshot_row(conversation, voted)
    assert row["excluded"] is True
    for key in ("common_ground", "common_disagreement", "divisive"):
        assert voted.pk not in {int(item["id"]) for item in after.data["summaries"].get(key, [])}, key
    for rep in after.data["summaries"].get("representative", []):
        assert voted.pk not in {int(item["id"]) for item in rep["statements"]}
    for page in (
        Client().get(reverse("conversations:results", args=["outpatients"])),
        as_user(world.fran).get(reverse("conversations_staff:live", args=["outpatients"])),
    ):
        assert page.status_code == 200
        assert "Gareth" not in page.content.decode()
    response = Client().get(reverse("conversations:statement", args=["outpatients", voted.pk]))
    assert response.status_code == 404
    assert "Gareth" not in response.content.decode()


def test_hiding_right_after_a_vote_still_reaches_the_snapshot(
    conversation, voted, voter, world, as_user, django_capture_on_commit_callbacks
):
    # A vote starts the 2-second debounce window and (with no broker) runs the analysis at once; a statement hidden
    # inside that window must not stay in the map until somebody happens to vote again.
    cache.clear()  # the fixture's window has passed
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        do_cast_vote(voter(), conversation.statements.first(), Vote.AGREE)
    assert len(callbacks) == 1
    assert snapshot_row(conversation, voted).get("excluded") is not True
    with django_capture_on_commit_callbacks(execute=True):
        hide(as_user(world.fran), voted)
    Client().get(reverse("conversations:results", args=["outpatients"]))
    assert snapshot_row(conversation, voted)["excluded"] is True


def test_the_public_log_shows_the_reason_but_not_the_words(conversation, voted, world, as_user):
    hide(as_user(world.fran), voted)
    decision = ModerationDecision.objects.get(statement=voted)
    assert (decision.action, decision.reason, decision.moderator) == ("hide", "personal_information", world.fran)
    response = Client().get(reverse("conversations:moderation_log", args=["outpatients"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Statement {voted.pk}" in html
    assert "Personal information" in html
    assert "Hidden" in html
    assert "Gareth" not in html and "Heol y Bryn" not in html
    assert world.fran.email not in html  # who moderated is for the audit log, not the public one


@pytest.mark.parametrize("reason", ["", "because", "PERSONAL_INFORMATION"])
def test_hiding_without_a_reason_is_refused(conversation, voted, world, as_user, reason):
    browser = as_user(world.fran)
    response = hide(browser, voted, reason)
    assert response.status_code == 302
    assert (
        "Choose why the statement is hidden. Nothing was changed." in browser.get(response["Location"]).content.decode()
    )
    voted.refresh_from_db()
    assert voted.status == Statement.Status.PUBLISHED
    assert not ModerationDecision.objects.exists()
    with pytest.raises(ValueError):
        do_moderate_statement(world.fran, voted, "hide", reason)
    assert not ModerationDecision.objects.exists()


def test_pre_moderation_holds_statements_until_published(world, voter, as_user):
    conversation = conversation_of(world.public)
    conversation.moderation = Conversation.Moderation.BEFORE
    conversation.save()
    author = voter()
    response = client_of(author).post(
        reverse("conversations:write", args=["outpatients"]), {"text": "Clinics should text me"}, follow=True
    )
    assert "Thank you. Your statement will appear once a facilitator has checked it." in response.content.decode()
    statement = conversation.statements.get(author=author)
    assert statement.status == Statement.Status.PENDING
    assert next_turn(conversation, voter(), None).statement is None
    assert Client().get(reverse("conversations:statement", args=["outpatients", statement.pk])).status_code == 404
    browser = as_user(world.fran)
    browser.post(reverse("conversations_staff:moderate", args=["outpatients", statement.pk]), {"action": "publish"})
    statement.refresh_from_db()
    assert statement.status == Statement.Status.PUBLISHED
    assert next_turn(conversation, voter(), None).statement == statement
    html = Client().get(reverse("conversations:moderation_log", args=["outpatients"])).content.decode()
    assert f"Statement {statement.pk}" in html and "Published" in html
    # Seed statements from facilitators are not held back.
    browser.post(
        reverse("conversations_staff:statements", args=["outpatients"]), {"form": "seed", "seed-text": "A seed"}
    )
    seed = conversation.statements.get(text="A seed")
    assert (seed.status, seed.origin, seed.author) == (Statement.Status.PUBLISHED, Statement.Origin.SEED, None)


def test_the_log_of_a_private_engagement_is_private(world, as_user):
    url = reverse("conversations:moderation_log", args=["staff-wellbeing"])
    assert Client().get(url).status_code == 404
    assert as_user(world.olly).get(url).status_code == 404


def test_progress_counts_only_statements_still_published(world, conversation, voter):
    """A vote on a statement hidden since is neither 'voted on' nor 'left' in the progress line."""
    from coproduce.conversations.actions import do_cast_vote, do_moderate_statement
    from coproduce.conversations.models import Statement, Vote

    from .conftest import client_of

    person = voter()
    statements = list(conversation.statements.filter(status=Statement.Status.PUBLISHED))
    do_cast_vote(person, statements[0], Vote.AGREE)
    do_cast_vote(person, statements[1], Vote.AGREE)
    do_moderate_statement(world.fran, statements[0], "hide", "off_topic")
    page = client_of(person).get(f"/engagements/{world.public.slug}/vote/").content.decode()
    assert "You have voted on 1 statement." in page
    assert f"{len(statements) - 2} left." in page
