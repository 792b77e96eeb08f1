"""The conversation's shortest statement (10 characters unless its facilitators change it): one rule, in
do_write_statement_as_participant, for the write page, htmx and the API. Shorter is refused with a clear message in
the reader's language and saves nothing; staff change the length on the statements page, within 1 to 280."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.conversations import actions
from coproduce.conversations.models import Conversation, Statement
from coproduce.engagements.models import AuditEvent
from coproduce.engagements.participants import make_token

from .conftest import client_of

WRITE = reverse("conversations:write", args=["outpatients"])
SETTINGS = reverse("conversations_staff:statements", args=["outpatients"])
API = "/api/v1/engagements/outpatients/statements"


def test_the_default_is_ten_characters(world):
    assert Conversation.objects.create(engagement=world.private).min_statement_length == 10


@pytest.mark.parametrize(
    ("sent", "length"),
    [("Too short", 9), ("  Too   short  ", 9), ("x", 1)],
    ids=["nine", "nine after folding spaces", "one"],
)
def test_shorter_than_the_shortest_is_refused_and_nothing_saved(conversation, voter, sent, length):
    before = Statement.objects.count()
    response = client_of(voter()).post(WRITE, {"text": sent, "confirm": "publish"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Your statement must be at least 10 characters long. It has {length}." in html
    assert 'class="error-summary"' in html
    assert Statement.objects.count() == before


def test_ten_characters_is_enough(conversation, voter):
    response = client_of(voter()).post(WRITE, {"text": "Ten chars!", "confirm": "publish"})
    assert response.status_code == 302
    assert conversation.statements.filter(text="Ten chars!").exists()


def test_the_message_in_welsh(conversation, voter):
    browser = client_of(voter())
    browser.cookies["coproduce_language"] = "cy"
    html = browser.post(WRITE, {"text": "Rhy fyr"}).content.decode()
    assert "Rhaid i’ch datganiad fod o leiaf 10 nod o hyd. Mae ganddo 7." in html


def test_the_page_says_the_shortest_up_front(conversation, voter):
    Conversation.objects.filter(pk=conversation.pk).update(min_statement_length=25)
    html = client_of(voter()).get(WRITE).content.decode()
    assert "from 25 to 280 characters" in html


def test_a_conversation_s_own_length_applies(conversation, voter):
    Conversation.objects.filter(pk=conversation.pk).update(min_statement_length=30)
    text = "Twenty-nine characters long.."
    assert len(text) == 29
    response = client_of(voter()).post(WRITE, {"text": text, "confirm": "publish"})
    assert "Your statement must be at least 30 characters long. It has 29." in response.content.decode()
    assert not conversation.statements.filter(text=text).exists()
    Conversation.objects.filter(pk=conversation.pk).update(min_statement_length=1)
    assert client_of(voter()).post(WRITE, {"text": "Yes", "confirm": "publish"}).status_code == 302


def test_with_htmx_the_form_comes_back_with_the_message(conversation, voter):
    response = client_of(voter()).post(WRITE, {"text": "Short"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Your statement must be at least 10 characters long. It has 5." in html
    assert "<html" not in html  # the form's part only, swapped in place
    assert not conversation.statements.filter(text="Short").exists()


def test_the_api_refuses_with_422_and_the_same_message(conversation, voter):
    headers = {"HTTP_X_PARTICIPANT_TOKEN": make_token([voter().public_id])}
    before = Statement.objects.count()
    response = Client().post(API, {"text": "Short"}, content_type="application/json", **headers)
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid_statement"
    assert error["details"][0]["message"] == "Your statement must be at least 10 characters long. It has 5."
    assert Statement.objects.count() == before
    ok = Client().post(API, {"text": "Long enough now"}, content_type="application/json", **headers)
    assert ok.status_code == 201, ok.content


def test_the_action_raises_for_every_caller(conversation, voter):
    with pytest.raises(actions.StatementTooShort) as refused:
        actions.do_write_statement_as_participant(conversation, voter(), "  a   b  ")
    assert (refused.value.minimum, refused.value.length) == (10, 3)


def test_seed_statements_are_not_held_to_it(conversation):
    # The shortest is a participants' rule: facilitators' own statements are checked by them.
    assert actions.do_write_statement(conversation, "Yes", author=None, origin=Statement.Origin.SEED).pk


def settings_post(length: str) -> dict:
    return {
        "form": "settings",
        "settings-moderation": Conversation.Moderation.AFTER,
        "settings-participants_can_write": "on",
        "settings-min_statement_length": length,
    }


def test_staff_change_it_on_the_settings_form_and_it_is_audited(conversation, world, as_user):
    response = as_user(world.fran).post(SETTINGS, settings_post("40"), follow=True)
    assert "Your changes have been saved." in response.content.decode()
    conversation.refresh_from_db()
    assert conversation.min_statement_length == 40
    event = AuditEvent.objects.get(action="conversation.settings_changed")
    assert event.details == {"fields": ["min_statement_length"]}


@pytest.mark.parametrize("bad", ["0", "281", "ten", "", "-5", "2.5"])
def test_a_bad_length_is_refused_and_nothing_changes(conversation, world, as_user, bad):
    response = as_user(world.fran).post(SETTINGS, settings_post(bad))
    assert response.status_code == 200
    assert "Enter a whole number of characters from 1 to 280" in response.content.decode()
    conversation.refresh_from_db()
    assert conversation.min_statement_length == 10
    assert not AuditEvent.objects.filter(action="conversation.settings_changed").exists()


def test_a_bad_length_in_welsh(conversation, world, as_user):
    browser = as_user(world.fran)
    browser.cookies["coproduce_language"] = "cy"
    html = browser.post(SETTINGS, settings_post("0")).content.decode()
    assert "Rhowch nifer cyfan o nodau rhwng 1 a 280" in html
