"""Download my data and delete my data (issue 16): for the participant of one engagement through the token their
browser holds, and for an account holder across everything. Deletion goes through the personal-data registry's
audited erase: what named the person goes, what others built on stays as anonymous counts.
"""

from __future__ import annotations

import json

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from coproduce.accounts.personal_data import Person
from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import Statement, Vote
from coproduce.delivery.actions import do_give_feedback
from coproduce.delivery.models import Feedback
from coproduce.engagements.actions import do_erase_personal_data
from coproduce.engagements.models import AuditEvent, Membership, Participant
from coproduce.engagements.participants import COOKIE_NAME, make_token
from coproduce.listening.models import ListeningConversation
from coproduce.notifications.models import Subscription
from coproduce.proposals.models import Comment
from coproduce.translations.models import Translation
from tests.delivery.conftest import delivery, subscribe  # noqa: F401  (fixtures this module builds on)
from tests.proposals.conftest import codesign  # noqa: F401

SLUG = "outpatients"


def their_things(delivery):  # noqa: F811
    """The author of the public engagement's statement also votes, comments, gives feedback with a comment,
    subscribes, and talked one to one with a spokesperson."""
    world, things = delivery.world, delivery.things[SLUG]
    author = things.author
    other = delivery.participant()
    conversation = conversation_of(world.public)
    Vote.objects.create(conversation=conversation, statement=things.statement, participant=other, value=1)
    seed = Statement.objects.create(conversation=conversation, text="Letters arrive after the appointment")
    Vote.objects.create(conversation=conversation, statement=seed, participant=author, value=-1)
    Comment.objects.create(proposal=things.proposal, text="The author's comment", author_participant=author)
    Comment.objects.create(proposal=things.proposal, text="Someone else's comment", author_participant=other)
    do_give_feedback(author, things.action, 4, "The author's feedback comment")
    subscribe(author, email="author@example.org")
    listening = ListeningConversation.objects.create(
        engagement=world.public,
        author=world.sam,
        held_on=things.action.created_at.date(),
        participant=author,
        person_name="Avery Jones",
        prompt="What matters?",
        notes="Avery's notes",
        sharing=ListeningConversation.Sharing.THEMES,
    )
    return author, other, seed, listening


def test_the_download_is_this_participants_data_as_a_json_file(delivery):  # noqa: F811
    author, _other, _seed, _listening = their_things(delivery)
    response = delivery.browser(author).get(reverse("engagements:my_data_download", args=[SLUG]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == f'attachment; filename="my-data-{SLUG}.json"'
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert [s["text"] for s in data["conversations"]["statements"]] == [f"{SLUG}: I never get a reminder"]
    assert [v["vote"] for v in data["conversations"]["votes"]] == [-1]
    assert [c["text"] for c in data["proposals"]["comments"]] == ["The author's comment"]
    assert [f["comment"] for f in data["delivery"]["feedback"]] == ["The author's feedback comment"]
    assert [s["email"] for s in data["notifications"]["subscriptions"]] == ["author@example.org"]
    assert data["accounts"] == {}
    text = response.content.decode()
    assert "Someone else's comment" not in text and "pat@example.org" not in text  # nobody else's


def test_the_account_download_covers_every_engagement_and_the_account(delivery, as_user):  # noqa: F811
    world = delivery.world
    mine = Participant.objects.create(engagement=world.private, user=world.pat, consented_at=world.pat.date_joined)
    Statement.objects.create(conversation=conversation_of(world.private), author=mine, text="Pat in private")
    response = as_user(world.pat).get(reverse("engagements:account_data_download"))
    data = json.loads(response.content)
    assert data["accounts"]["account"]["email"] == "pat@example.org"
    assert {r["engagement"] for r in data["engagements"]["participant_records"]} == {SLUG, "staff-wellbeing"}
    assert [s["text"] for s in data["conversations"]["statements"]] == ["Pat in private"]
    assert "I never get a reminder" not in response.content.decode()


def test_deleting_unlinks_and_deletes_keeps_the_counts_audits_and_forgets_the_token(delivery):  # noqa: F811
    world, things = delivery.world, delivery.things[SLUG]
    author, other, seed, listening = their_things(delivery)
    old_token_id = author.public_id
    votes_before = sorted(Vote.objects.values_list("statement_id", "value"))
    ratings_before = sorted(Feedback.objects.values_list("rating", flat=True))
    browser = delivery.browser(author)

    page = browser.get(reverse("engagements:my_data", args=[SLUG])).content.decode()
    assert "What is deleted" in page and "What is kept, and no longer linked to you" in page

    response = browser.post(reverse("engagements:my_data", args=[SLUG]))
    assert response.status_code == 302 and response["Location"] == reverse("engagements:data_deleted")
    assert response.cookies[COOKIE_NAME].value == "" and response.cookies[COOKIE_NAME]["max-age"] == 0

    # What named them goes.
    author.refresh_from_db()
    assert author.public_id != old_token_id  # a kept copy of the token leads nowhere
    assert Statement.objects.get(pk=things.statement.pk).author_id is None
    assert not Comment.objects.filter(text="The author's comment").exists()
    assert Comment.objects.filter(text="Someone else's comment").exists()
    assert Feedback.objects.get(participant=author).comment == ""
    assert not Subscription.objects.filter(email="author@example.org").exists()
    listening.refresh_from_db()
    assert (listening.notes, listening.person_name, listening.participant_id) == ("", "", None)
    # What others built on stays, as anonymous counts.
    assert sorted(Vote.objects.values_list("statement_id", "value")) == votes_before
    assert sorted(Feedback.objects.values_list("rating", flat=True)) == ratings_before
    assert Statement.objects.get(pk=things.statement.pk).text == f"{SLUG}: I never get a reminder"
    # One platform audit event, counts only, with no actor (nobody was signed in).
    event = AuditEvent.objects.get(action="personal_data.erased")
    assert (event.scope, event.organisation, event.engagement, event.actor) == ("platform", None, None, None)
    text = json.dumps(event.details)
    assert "author@example.org" not in text and "reminder" not in text and str(old_token_id) not in text
    assert event.details["conversations"] == {"statements_unlinked": 1}

    # The confirmation; and the old token no longer finds the record: a second delete changes nothing.
    assert "Your data has been deleted" in browser.get(response["Location"]).content.decode()
    stale = Client()
    stale.cookies[COOKIE_NAME] = make_token([old_token_id])
    again = stale.post(reverse("engagements:my_data", args=[SLUG]))
    assert again.status_code == 302 and again["Location"] == world.public.get_absolute_url()
    assert AuditEvent.objects.filter(action="personal_data.erased").count() == 1
    assert stale.get(reverse("engagements:my_data_download", args=[SLUG])).status_code == 302


def test_a_second_erasure_of_the_same_person_is_harmless(delivery):  # noqa: F811
    author, *_ = their_things(delivery)
    person = Person.of_participant(author)
    do_erase_personal_data(None, person)
    votes = sorted(Vote.objects.values_list("statement_id", "value"))
    counts = do_erase_personal_data(None, person)
    assert sorted(Vote.objects.values_list("statement_id", "value")) == votes
    assert all(value == 0 for app in counts.values() for key, value in app.items() if key != "participant_tokens_cut")
    assert AuditEvent.objects.filter(action="personal_data.erased").count() == 2


def test_the_cookie_keeps_the_browsers_other_engagements(delivery):  # noqa: F811
    author = delivery.things[SLUG].author
    elsewhere = delivery.participant(delivery.world.link)
    browser = Client()
    browser.cookies[COOKIE_NAME] = make_token([elsewhere.public_id, author.public_id])
    response = browser.post(reverse("engagements:my_data", args=[SLUG]))
    assert response.status_code == 302
    kept = Client()
    kept.cookies[COOKIE_NAME] = response.cookies[COOKIE_NAME].value
    assert kept.get(reverse("engagements:my_contributions", args=["carers-link"])).status_code == 200


def test_a_record_an_account_claimed_is_deleted_only_from_the_signed_in_account(delivery):  # noqa: F811
    world = delivery.world
    pats = Participant.objects.get(engagement=world.public, user=world.pat)
    token_only = Client()
    token_only.cookies[COOKIE_NAME] = make_token([pats.public_id])
    for name in ("my_data", "my_data_download", "my_contributions"):
        response = token_only.post(reverse(f"engagements:{name}", args=[SLUG]))
        assert response.status_code in (302, 405)
    response = token_only.post(reverse("engagements:my_data", args=[SLUG]))
    assert response["Location"].startswith(reverse("account_login"))
    assert not AuditEvent.objects.filter(action="personal_data.erased").exists()
    world.pat.refresh_from_db()
    assert world.pat.is_active


def test_an_account_holder_deletes_everything_and_the_account_is_deleted(delivery, as_user):  # noqa: F811
    world = delivery.world
    pats = Participant.objects.get(engagement=world.public, user=world.pat)
    EmailAddress.objects.create(user=world.pat, email=world.pat.email, verified=True, primary=True)
    statement = Statement.objects.create(conversation=conversation_of(world.public), author=pats, text="Pat's words")
    translation = Translation.objects.create(
        content_type=ContentType.objects.get_for_model(Statement),
        object_id=statement.pk,
        field="text",
        language="cy",
        text="Geiriau Pat",
        proposed_by=world.pat,
    )
    client = as_user(world.pat)
    page = client.get(reverse("engagements:account_data")).content.decode()
    assert "Your account, with its email addresses" in page
    response = client.post(reverse("engagements:account_data"))
    assert response.status_code == 302 and response["Location"] == reverse("engagements:data_deleted")
    # Signed out, and the account identifies nobody and cannot sign in.
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:profile")).status_code == 302
    # Pat only took part, so nothing else points at the account: it is deleted, as Pat asked.
    assert not get_user_model().objects.filter(pk=world.pat.pk).exists()
    assert not Membership.objects.filter(user_id=world.pat.pk).exists()
    assert not EmailAddress.objects.filter(user_id=world.pat.pk).exists()
    # Their records stay, unlinked; the translation they proposed stays, without them.
    pats.refresh_from_db()
    assert pats.user_id is None and Statement.objects.get(pk=statement.pk).author_id is None
    translation.refresh_from_db()
    assert translation.proposed_by_id is None and translation.text == "Geiriau Pat"
    event = AuditEvent.objects.get(action="personal_data.erased")
    assert event.actor_id is None and event.details["accounts"]["by_the_person"] == 1
    assert "pat" not in json.dumps(event.details).lower()
    # The same address can make a new account.
    get_user_model().objects.create_user("pat@example.org", "another-long-password")


def test_deleting_is_rate_limited(delivery):  # noqa: F811
    author = delivery.things[SLUG].author
    old_token_id = author.public_id
    do_erase_personal_data(None, Person.of_participant(author))
    browser = Client()  # a browser that keeps sending its old token (the page cleared it; this one kept a copy)
    browser.cookies[COOKIE_NAME] = make_token([old_token_id])
    url = reverse("engagements:my_data", args=[SLUG])
    statuses = [browser.post(url).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
