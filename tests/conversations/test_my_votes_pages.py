"""The participant's own votes page a page at a time (issue 21): it stays ≤ 100 KB however many statements the person
voted on, says how many of each vote first, filters by vote and words with a plain GET form, and a change of vote
comes back to the same page and filters (read again through the filters, never an address given)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from coproduce.conversations.models import STATEMENT_MAX_LENGTH, Statement, Vote, normalise_statement
from coproduce.conversations.views import MY_VOTES_PER_PAGE
from tests.conversations.conftest import client_of

pytestmark = pytest.mark.django_db

PAGE_BOUND = 100_000  # bytes: a participant page, at any size
# More than the 67 votes that made this page 98 KB when it listed them all, at the longest statements allowed.
VOTES = 150
URL = reverse("conversations:my_votes", args=["outpatients"])


@pytest.fixture
def many_votes(conversation, voter):
    """One participant who voted on 150 statements of the longest length: a third agree, a third disagree, a third
    pass; the statement numbered 7 mentions zebras."""
    statements = Statement.objects.bulk_create(
        Statement(
            conversation=conversation,
            text=text,
            normalised=normalise_statement(text),
            origin=Statement.Origin.SEED,
        )
        for text in (
            (f"Statement {i:03} " + ("about zebras " if i == 7 else "") + "about the clinic " * 20)[
                :STATEMENT_MAX_LENGTH
            ]
            for i in range(VOTES)
        )
    )
    person = voter()
    values = (Vote.AGREE, Vote.DISAGREE, Vote.PASS)
    Vote.objects.bulk_create(
        Vote(conversation=conversation, participant=person, statement=s, value=values[i % 3])
        for i, s in enumerate(statements)
    )
    return {"person": person, "statements": statements}


def change_forms(html: str) -> int:
    return html.count('name="next" value="my-votes"')


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_page_stays_small_however_many_votes(many_votes, language):
    browser = client_of(many_votes["person"])
    browser.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    response = browser.get(URL)
    assert response.status_code == 200
    assert len(response.content) <= PAGE_BOUND, len(response.content)
    html = response.content.decode()
    assert change_forms(html) == MY_VOTES_PER_PAGE
    assert 'rel="next"' in html


def test_the_summary_comes_first_with_each_votes_count(many_votes):
    html = client_of(many_votes["person"]).get(URL).content.decode()
    votes_on = html.index("You have voted on 150 statements.")
    assert votes_on < html.index('name="next" value="my-votes"')
    assert re.search(r"Agree: <strong>50</strong>", html)
    assert re.search(r"Disagree: <strong>50</strong>", html)
    assert re.search(r"Pass or unsure: <strong>50</strong>", html)


def test_pages_and_filters_are_plain_links_and_a_get_form(many_votes):
    browser = client_of(many_votes["person"])
    last = browser.get(URL, {"page": 6}).content.decode()  # 150 / 25
    assert change_forms(last) == VOTES - 5 * MY_VOTES_PER_PAGE
    assert "Page 6 of 6" in last and 'rel="next"' not in last
    # The vote filter: only the disagree votes, and the pages' links keep it.
    disagree = browser.get(URL, {"vote": "disagree"}).content.decode()
    assert "Page 1 of 2" in disagree
    assert 'href="?vote=disagree&amp;page=2"' in disagree
    assert "Change to disagree" not in disagree  # every one listed is already a disagree
    # Words: only the statement about zebras.
    zebras = browser.get(URL, {"q": "zebras"}).content.decode()
    assert change_forms(zebras) == 1 and "Statement 007 about zebras" in zebras
    # Unknown values are ignored, not errors.
    odd = browser.get(URL, {"vote": "maybe", "page": "lots"})
    assert odd.status_code == 200 and change_forms(odd.content.decode()) == MY_VOTES_PER_PAGE
    nothing = browser.get(URL, {"q": "no such words"}).content.decode()
    assert "None of your votes matches." in nothing


def test_changing_a_vote_comes_back_to_the_same_page_and_filters(many_votes):
    person, statements = many_votes["person"], many_votes["statements"]
    browser = client_of(person)
    page = browser.get(URL, {"vote": "agree", "page": 2}).content.decode()
    back = re.search(r'name="back" value="([^"]*)"', page)
    assert back and back.group(1) == "vote=agree&amp;page=2"
    # The first agree vote of page 2: statements 0, 3, 6, … are agree; page 2 starts at the 26th of them.
    statement = statements[3 * MY_VOTES_PER_PAGE]
    assert f'name="statement" value="{statement.pk}"' in page
    response = browser.post(
        reverse("conversations:vote", args=["outpatients"]),
        {"statement": statement.pk, "value": "-1", "next": "my-votes", "back": "vote=agree&page=2"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?vote=agree&page=2"
    assert Vote.objects.get(participant=person, statement=statement).value == Vote.DISAGREE
    assert "Your vote has been changed." in browser.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "back",
    ["", "page=1", "next=https://evil.example/&page=x", "vote=evil&q=" + "x" * 300, "//evil.example/"],
)
def test_a_change_of_vote_goes_back_only_to_the_votes_page_through_its_filters(many_votes, back):
    person, statement = many_votes["person"], many_votes["statements"][0]
    response = client_of(person).post(
        reverse("conversations:vote", args=["outpatients"]),
        {"statement": statement.pk, "value": "0", "next": "my-votes", "back": back},
    )
    location = response["Location"]
    assert location.startswith(URL)
    assert "evil" not in location and "next" not in location
    assert len(location) < len(URL) + 220
