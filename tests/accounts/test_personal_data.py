"""The personal-data registry: every app that stores something about a person says how to export and erase it.

Pat has an account and takes part in the public engagement (tests/conftest.py); here Pat also writes, votes,
comments, chooses, gives feedback, subscribes, and talks one to one with a spokesperson. Exporting finds all of
it; erasing removes what names Pat and leaves the anonymous counts as they were.
"""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from coproduce.accounts import personal_data
from coproduce.accounts.personal_data import Person
from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import Statement, Vote
from coproduce.delivery.models import Feedback
from coproduce.delivery.notify import topic_of
from coproduce.engagements.actions import do_erase_personal_data, do_export_personal_data
from coproduce.engagements.models import AuditEvent, Membership, Participant
from coproduce.listening.models import ListeningConversation
from coproduce.notifications.models import Notice, Subscription, Unsubscribed
from coproduce.notifications.topics import Subscriber
from coproduce.proposals.models import Comment, DotAllocation, PairwiseChoice, Proposal
from tests.delivery.conftest import delivery  # noqa: F401  (fixtures this module builds on)
from tests.proposals.conftest import codesign  # noqa: F401

# Models that point at an account or a participant record but belong to no registered app, and why.
NOT_REGISTERED = {
    # Django admin's change history: operators only; its rows outlive the account as the admin's own record.
    ("admin", "LogEntry"),
    # allauth's addresses and second factors: erased by accounts' handler, which owns the account.
    ("account", "EmailAddress"),
    ("mfa", "Authenticator"),
    # API keys are an organisation's credentials; who created one stays, attributed to the anonymised account.
    ("api", "ApiKey"),
}


def test_every_app_that_points_at_a_person_is_registered():
    """A new app with a foreign key to the account or to a participant record must register, or say why not."""
    registered = {handler.name for handler in personal_data.registered()}
    person_models = {get_user_model(), Participant}
    missing = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not (getattr(field, "concrete", False) and field.is_relation and field.related_model in person_models):
                continue
            key = (model._meta.app_label, model.__name__)
            if model._meta.app_label not in registered and key not in NOT_REGISTERED:
                missing.append(f"{model._meta.label}.{field.name}")
    assert missing == []
    # The exception list names only models that exist, so that it cannot hide a typo.
    assert all(apps.get_model(label, name) for label, name in NOT_REGISTERED)


def test_registering_a_name_twice_with_other_functions_fails():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        personal_data.register("conversations", export=lambda person: {}, erase=lambda actor, person: {})


@pytest.fixture
def pat(delivery):  # noqa: F811
    w = delivery.world
    things = delivery.things["outpatients"]
    pat = Participant.objects.get(engagement=w.public, user=w.pat)
    EmailAddress.objects.create(user=w.pat, email=w.pat.email, verified=True, primary=True)
    conversation = conversation_of(w.public)
    statement = Statement.objects.create(conversation=conversation, author=pat, text="Parking is the real problem")
    others = Statement.objects.create(conversation=conversation, author=things.author, text="Reminders come late")
    Vote.objects.create(conversation=conversation, participant=pat, statement=others, value=1)
    Vote.objects.create(conversation=conversation, participant=things.author, statement=statement, value=-1)
    proposal = Proposal.objects.create(
        engagement=w.public, title="Pat's parking plan", summary="More spaces.", author_participant=pat
    )
    lonely = Comment.objects.create(proposal=things.proposal, text="Pat's lonely comment", author_participant=pat)
    answered = Comment.objects.create(proposal=things.proposal, text="Pat's answered comment", author_participant=pat)
    reply = Comment.objects.create(
        proposal=things.proposal, parent=answered, text="Someone else's reply", author_participant=things.author
    )
    PairwiseChoice.objects.create(
        engagement=w.public, participant=pat, option_a=things.proposal, option_b=proposal, chosen=proposal, nonce="n1"
    )
    DotAllocation.objects.create(engagement=w.public, participant=pat, proposal=proposal, dots=3)
    Feedback.objects.create(action=things.action, participant=pat, rating=4, comment="Pat's feedback comment")
    subscription = Subscription.objects.create(
        topic=topic_of(w.public),
        subscriber=Subscriber.participant(pat.pk).key,
        email="pat.updates@example.org",
        language="en",
        confirmed_at=timezone.now(),
    )
    Notice.objects.create(subscription=subscription, item=str(things.action.updates.create(text="Started").pk))
    Unsubscribed.objects.create(email="pat.updates@example.org")
    listening = ListeningConversation.objects.create(
        engagement=w.public,
        author=w.sam,
        held_on=timezone.localdate(),
        participant=pat,
        person_name="Pat Jones",
        prompt="What matters?",
        notes="Pat's confidential notes",
        sharing=ListeningConversation.Sharing.THEMES,
    )
    return pat, {
        "statement": statement,
        "proposal": proposal,
        "lonely": lonely,
        "answered": answered,
        "reply": reply,
        "listening": listening,
    }


def test_the_export_has_a_section_from_every_app_with_what_it_holds(pat, delivery):  # noqa: F811
    w = delivery.world
    data = do_export_personal_data(Person.of_user(w.pat))
    assert set(data) == {handler.name for handler in personal_data.registered()}
    assert set(data) >= {
        "accounts",
        "notifications",
        "engagements",
        "conversations",
        "listening",
        "proposals",
        "delivery",
    }
    json.dumps(data)  # a download: everything must be JSON
    assert data["accounts"]["account"]["email"] == "pat@example.org"
    assert data["accounts"]["email_addresses"] == [{"email": "pat@example.org", "verified": True, "primary": True}]
    assert [r["engagement"] for r in data["engagements"]["participant_records"]] == ["outpatients"]
    assert {(r["engagement"], r["role"]) for r in data["engagements"]["roles"]} == {("staff-wellbeing", "participant")}
    assert [s["text"] for s in data["conversations"]["statements"]] == ["Parking is the real problem"]
    assert [v["vote"] for v in data["conversations"]["votes"]] == [1]
    assert [c["prompt"] for c in data["listening"]["one_to_one_conversations"]] == ["What matters?"]
    assert "Pat's confidential notes" not in json.dumps(data)  # notes go through staff, see listening's handler
    assert [p["title"] for p in data["proposals"]["proposals"]] == ["Pat's parking plan"]
    assert [c["text"] for c in data["proposals"]["comments"]] == ["Pat's lonely comment", "Pat's answered comment"]
    assert len(data["proposals"]["pairwise_choices"]) == 1 and data["proposals"]["dots"][0]["dots"] == 3
    assert [f["comment"] for f in data["delivery"]["feedback"]] == ["Pat's feedback comment"]
    assert [(s["email"], s["about"]) for s in data["notifications"]["subscriptions"]] == [
        ("pat.updates@example.org", w.public.title)
    ]
    assert data["notifications"]["no_more_mail_to"] == ["pat.updates@example.org"]
    # Nobody else's words.
    assert "Someone else's reply" not in json.dumps(data) and "Reminders come late" not in json.dumps(data)


def test_a_person_without_an_account_is_their_participant_record(pat, delivery):  # noqa: F811
    author = delivery.things["outpatients"].author
    person = Person.of_participant(author)
    assert person == Person(user_id=None, participant_ids=frozenset({author.pk}))
    data = do_export_personal_data(person)
    assert data["accounts"] == {}
    assert "I never get a reminder" in json.dumps(data["conversations"])
    # A claimed record stands for the whole account.
    assert Person.of_participant(pat[0]) == Person.of_user(delivery.world.pat)


def test_erasing_removes_what_names_the_person_and_keeps_the_counts(pat, delivery):  # noqa: F811
    w = delivery.world
    record, made = pat
    votes_before = sorted(Vote.objects.values_list("statement_id", "value"))
    statements_before = Statement.objects.count()
    choices_before, dots_before = PairwiseChoice.objects.count(), DotAllocation.objects.count()
    ratings_before = sorted(Feedback.objects.values_list("rating", flat=True))

    counts = do_erase_personal_data(w.alice, Person.of_user(w.pat))

    # Nothing else points at Pat's account (Pat only took part): it is deleted, with its addresses.
    assert not get_user_model().objects.filter(pk=w.pat.pk).exists()
    assert counts["accounts"]["accounts_deleted"] == 1
    assert not EmailAddress.objects.filter(user_id=w.pat.pk).exists()
    assert not Membership.objects.filter(user_id=w.pat.pk).exists()
    # Their records stay, unlinked: votes, choices and dots still count.
    record.refresh_from_db()
    assert record.user_id is None
    assert sorted(Vote.objects.values_list("statement_id", "value")) == votes_before
    assert Statement.objects.count() == statements_before
    assert Statement.objects.get(pk=made["statement"].pk).author_id is None
    assert (PairwiseChoice.objects.count(), DotAllocation.objects.count()) == (choices_before, dots_before)
    assert Proposal.objects.get(pk=made["proposal"].pk).author_participant_id is None
    # Comments go; one that others answered is emptied and hidden so their reply survives.
    assert not Comment.objects.filter(pk=made["lonely"].pk).exists()
    answered = Comment.objects.get(pk=made["answered"].pk)
    assert (answered.text, answered.status, answered.author_participant_id) == ("", "hidden", None)
    assert Comment.objects.get(pk=made["reply"].pk).text == "Someone else's reply"
    # Email addresses and what was waiting to be mailed go; ratings stay without their comment.
    assert not Subscription.objects.filter(email="pat.updates@example.org").exists()
    assert not Notice.objects.exists()
    assert not Unsubscribed.objects.filter(email="pat.updates@example.org").exists()
    assert sorted(Feedback.objects.values_list("rating", flat=True)) == ratings_before
    assert Feedback.objects.get(participant=record).comment == ""
    # Listening's own erasure ran, with its own audit event in the organisation's log.
    listening = ListeningConversation.objects.get(pk=made["listening"].pk)
    assert (listening.notes, listening.person_name, listening.participant_id) == ("", "", None)
    assert AuditEvent.objects.filter(action="listening.person_erased", organisation=w.org, actor=w.alice).exists()

    # One platform event, counts only.
    event = AuditEvent.objects.get(action="personal_data.erased")
    assert (event.scope, event.organisation, event.engagement, event.actor) == ("platform", None, None, w.alice)
    assert event.details == {app: c for app, c in counts.items() if c}
    assert event.details["conversations"] == {"statements_unlinked": 1}
    assert event.details["proposals"] == {"comments_deleted": 1, "comments_emptied": 1, "proposals_unlinked": 1}
    assert event.details["notifications"] == {"subscriptions": 1, "do_not_mail_entries": 1}
    text = json.dumps(event.details)
    assert "pat" not in text.lower() and "Parking" not in text

    # Nothing left to export but the anonymous records.
    after = do_export_personal_data(Person.of_user(w.pat))
    assert after["engagements"]["participant_records"] == [] and after["conversations"]["statements"] == []


def test_erasure_is_all_or_nothing(pat, delivery, monkeypatch):  # noqa: F811
    w = delivery.world

    def broken(actor, person):
        raise RuntimeError("disk full")

    export = personal_data._registry["delivery"].export
    monkeypatch.setitem(personal_data._registry, "delivery", personal_data.Handler("delivery", export, broken))
    with pytest.raises(RuntimeError):
        do_erase_personal_data(w.alice, Person.of_user(w.pat))
    w.pat.refresh_from_db()
    assert w.pat.email == "pat@example.org" and w.pat.is_active
    assert Statement.objects.get(pk=pat[1]["statement"].pk).author_id == pat[0].pk
    assert not AuditEvent.objects.filter(action="personal_data.erased").exists()


def test_an_account_with_staff_work_is_anonymised_in_place_not_deleted(delivery):  # noqa: F811
    """Fran recorded decisions and actions (audit events name her): her account stays, emptied, so that the
    organisation's record still tells one actor from another."""
    w = delivery.world
    counts = do_erase_personal_data(w.fran, Person.of_user(w.fran))
    w.fran.refresh_from_db()
    assert w.fran.email == f"erased-{w.fran.pk}@erased.invalid" and w.fran.display_name == ""
    assert not w.fran.is_active and not w.fran.has_usable_password()
    assert "accounts_deleted" not in counts["accounts"]
    assert AuditEvent.objects.filter(action="personal_data.erased", actor=w.fran).exists()
    assert AuditEvent.objects.filter(action="decision.recorded", actor=w.fran).exists()
