"""More than 10 statements a minute from one participant is refused with a message, and nothing is saved."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from coproduce.conversations.models import Statement
from coproduce.core import ratelimit

from .conftest import client_of

MESSAGE = "You have written a lot of statements in the last minute. Wait a minute, then try again."


@pytest.fixture
def clock(monkeypatch):
    """The rate limit counts in fixed one-minute windows: pin its clock to the start of one, so no test straddles two."""
    now = SimpleNamespace(t=1_800_000_000.0)  # a multiple of 60
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: now.t))
    return now


def write(browser, text):
    return browser.post(reverse("conversations:write", args=["outpatients"]), {"text": text})


def test_the_eleventh_statement_in_a_minute_is_refused(conversation, voter, clock):
    participant = voter()
    browser = client_of(participant)
    for i in range(10):
        assert write(browser, f"My point number {i} about clinics").status_code == 302
    before = Statement.objects.count()
    response = write(browser, "One point too many about clinics")
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert Statement.objects.count() == before
    assert not Statement.objects.filter(text="One point too many about clinics").exists()
    assert Statement.objects.filter(author=participant).count() == 10

    # Another participant is not held back by the first one's statements.
    assert write(client_of(voter()), "Someone else's point about clinics").status_code == 302

    # A minute later the first participant may write again.
    clock.t += 60
    assert write(browser, "One point too many about clinics").status_code == 302
    assert Statement.objects.filter(author=participant).count() == 11


def test_refused_statements_do_not_use_up_the_allowance(conversation, voter, clock):
    # Only statements that pass the form's checks count: a participant correcting a too-long statement is not punished.
    browser = client_of(voter())
    for _ in range(12):
        assert write(browser, "x" * 281).status_code == 200
    for i in range(10):
        assert write(browser, f"Corrected point {i}").status_code == 302
