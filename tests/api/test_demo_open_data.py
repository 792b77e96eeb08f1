"""`coproduce demo` builds the open data of its public engagements (issue 21), through the background task's build:
the first visitor of an open data page gets the files, not "being prepared"; loading the demo again builds nothing
new (the data is unchanged, so the kept build stays)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from coproduce.api.models import OpenDataBuild
from coproduce.conversations.access import results_public
from coproduce.conversations.models import Conversation
from coproduce.engagements.models import Engagement

pytestmark = pytest.mark.django_db


def public_conversations() -> list[Conversation]:
    return [
        c
        for c in Conversation.objects.select_related("engagement").filter(
            engagement__visibility=Engagement.Visibility.PUBLIC
        )
        if results_public(c)
    ]


def test_the_demo_builds_its_open_data_once(demo_loaded, django_capture_on_commit_callbacks, client):
    # The fixture's demo was never committed (it is rolled back after the module), so no build ran: load it as a
    # person would, committing.
    assert not OpenDataBuild.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=StringIO())
    conversations = public_conversations()
    assert len(conversations) == 2  # the engagement voting now, and the finished one with its results published
    builds = {c.engagement.slug: list(c.open_data_builds.all()) for c in conversations}
    assert all(len(kept) == 1 for kept in builds.values()), builds
    for conversation in conversations:
        page = client.get(reverse("api_pages:open_data", args=[conversation.engagement.slug]))
        assert page.status_code == 200 and "Retry-After" not in page
        assert "being prepared" not in page.content.decode()
        download = client.get(reverse("api_pages:open_data_file", args=[conversation.engagement.slug, "votes.csv"]))
        assert download.status_code == 200
    # Again: the same data, so the same build is kept (no second one, the same version and files).
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=StringIO())
    again = {c.engagement.slug: list(c.open_data_builds.all()) for c in public_conversations()}
    assert again == builds


def test_a_build_seconds_later_of_unchanged_data_keeps_the_files(api_world, monkeypatch):
    """The zips' entries carry the time they were written: polis.zip, like open-data.zip, is left out of the data's
    version (its files are in it one by one), or every build would look like new data."""
    import time

    from coproduce.api import builds

    first = builds.build(api_world.public.conversation.pk)
    later = time.time() + 10
    monkeypatch.setattr(time, "time", lambda: later)  # zipfile stamps entries with time.localtime(time.time())
    again = builds.build(api_world.public.conversation.pk)
    assert first is not None and again == first
