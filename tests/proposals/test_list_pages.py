"""Proposals a page at a time (issue 21): how many of each status first, then the list filtered by status and words
with a plain GET form and links, for participants and staff; moderating from the staff list comes back to its
filters and pages (read again through the filters, never an address given)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coproduce.proposals.models import Comment, Proposal
from coproduce.proposals.staff import COMMENTS_PER_PAGE, STAFF_PROPOSALS_PER_PAGE
from coproduce.proposals.views import PROPOSALS_PER_PAGE

pytestmark = pytest.mark.django_db

OPEN = STAFF_PROPOSALS_PER_PAGE + 5  # more than a page of either list


@pytest.fixture
def many(codesign):
    w = codesign.world
    made = [codesign.proposal(title=f"Idea {i:02}") for i in range(OPEN)]
    codesign.proposal(title="Zebra crossing", status=Proposal.Status.SHORTLISTED)
    codesign.proposal(title="A draft", status=Proposal.Status.DRAFT)
    Comment.objects.bulk_create(
        Comment(proposal=made[0], text=f"Comment {i:02}", author_user=w.pat) for i in range(COMMENTS_PER_PAGE + 3)
    )
    return codesign


def titles(html: str) -> list[str]:
    """The proposals listed (a card's heading, or the staff table's first cell; not the comments' links to them)."""
    return re.findall(
        r'(?:<h2 class="heading-s">|<td class="statement-cell">)<a [^>]*>(Idea \d\d|Zebra crossing|A draft)</a>', html
    )


def test_the_participants_list_pages_and_filters(many, client):
    url = reverse("proposals:list", args=["outpatients"])
    first = client.get(url).content.decode()
    # The summary first: how many, and of each status, each a link to them.
    assert f"{OPEN + 1} proposals" in first
    assert re.search(r'<a href="\?status=shortlisted">Shortlisted</a>: <strong>1</strong>', first)
    assert first.index("Shortlisted</a>") < first.index("Idea ")
    # What matters first: the shortlisted one before the open ones; no draft.
    shown = titles(first)
    assert shown[0] == "Zebra crossing" and len(shown) == PROPOSALS_PER_PAGE and "A draft" not in shown
    assert 'href="?page=2"' in first
    last = client.get(url, {"page": 3}).content.decode()
    assert len(titles(last)) == OPEN + 1 - 2 * PROPOSALS_PER_PAGE
    shortlisted = client.get(url, {"status": "shortlisted"}).content.decode()
    assert titles(shortlisted) == ["Zebra crossing"]
    assert titles(client.get(url, {"q": "zebra"}).content.decode()) == ["Zebra crossing"]
    assert "No proposal matches." in client.get(url, {"q": "nothing like it"}).content.decode()
    # Unknown values are ignored; a draft cannot be asked for.
    assert len(titles(client.get(url, {"status": "draft", "page": "x"}).content.decode())) == PROPOSALS_PER_PAGE
    open_page = client.get(url, {"status": "open"}).content.decode()
    assert 'href="?status=open&amp;page=2"' in open_page


def test_the_staff_list_pages_both_lists_and_moderation_comes_back(many, client):
    w = many.world
    client.force_login(w.fran)
    url = reverse("proposals_staff:proposals", args=["outpatients"])
    first = client.get(url).content.decode()
    assert titles(first)[0] == "A draft"  # drafts first: they wait for a facilitator
    assert len(titles(first)) == STAFF_PROPOSALS_PER_PAGE
    assert first.count("Comment ") == COMMENTS_PER_PAGE
    assert 'href="?comments=1&amp;page=2"' in first  # proposals' next page keeps the comments' page
    assert 'href="?page=1&amp;comments=2"' in first  # and the comments' next page keeps the proposals' page
    page = client.get(url, {"status": "open", "page": 2, "comments": 2}).content.decode()
    assert len(titles(page)) == OPEN - STAFF_PROPOSALS_PER_PAGE
    assert page.count("Comment ") == 3
    back = re.search(r'name="back" value="([^"]*)"', page)
    assert back and back.group(1) == "status=open&amp;page=2&amp;comments=2"
    proposal = Proposal.objects.get(title="Idea 00")
    response = client.post(
        reverse("proposals_staff:moderate_proposal", args=["outpatients", proposal.pk]),
        {"action": "hide", "reason": "off_topic", "back": "status=open&page=2&comments=2&next=//evil.example/"},
    )
    assert response["Location"] == f"{url}?status=open&page=2&comments=2"
    response = client.post(
        reverse("proposals_staff:moderate_proposal", args=["outpatients", proposal.pk]),
        {"action": "publish", "back": "status=evil&page=x"},
    )
    assert response["Location"] == url
