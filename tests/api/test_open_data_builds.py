"""Open data built once, served fast (issue 21; api/builds.py): kept builds, ETags, no build inside a request,
rebuilds after changes (debounced), and erasure or moderation taking the kept files down at once."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse

from coproduce.accounts.personal_data import Person
from coproduce.api import builds
from coproduce.api.models import OpenDataBuild
from coproduce.api.tasks import build_open_data
from coproduce.conversations.actions import do_moderate_statement, do_write_statement
from coproduce.conversations.tasks import recompute_analysis
from coproduce.engagements.actions import do_erase_personal_data
from coproduce.engagements.participants import make_token
from tests.open_data import build_open_data as build_now

SLUG = "outpatients"


def export_url(name: str) -> str:
    return f"/api/v1/engagements/{SLUG}/exports/{name}"


def page_url(name: str) -> str:
    return reverse("api_pages:open_data_file", args=[SLUG, name])


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def vote(client, world, person: int, statement: int, value: int):
    token = make_token([world.public_people[person].public_id])
    return client.post(
        f"/api/v1/engagements/{SLUG}/votes",
        {"statement": world.public_statements[statement].pk, "value": value},
        content_type="application/json",
        HTTP_X_PARTICIPANT_TOKEN=token,
    )


def settled(conversation) -> None:
    """The conversation's votes and statements as if made an hour ago: a build now has read every one of them (a read
    within builds.SETTLE_SECONDS of a change counts it as possibly unread)."""
    from datetime import timedelta

    from django.utils import timezone

    from coproduce.conversations.models import Statement, Vote

    earlier = timezone.now() - timedelta(hours=1)
    Vote.objects.filter(conversation=conversation).update(updated_at=earlier)
    Statement.objects.filter(conversation=conversation).update(created_at=earlier)


@pytest.fixture
def no_builder(monkeypatch):
    """The builder fails if anything calls it, and counts the calls."""
    calls = []

    def fail(*args, **kwargs):
        calls.append(args)
        raise RuntimeError("the builder was called")

    monkeypatch.setattr(builds, "all_downloads", fail)
    return calls


# ------------------------------------------------------------------------------------------ serving
@pytest.mark.parametrize("url", [export_url("votes.csv"), page_url("votes.csv")])
def test_the_etag_and_last_modified_answer_304(api_world, client, url):
    build_now(api_world.public)
    first = client.get(url)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    # Each file has its own ETag: a client that has votes.csv does not have statements.csv.
    other = url.replace("votes.csv", "statements.csv")
    assert client.get(other, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_rebuild_of_unchanged_data_keeps_the_files_and_their_etags(api_world, client):
    first = builds.build(api_world.public.conversation.pk)
    again = builds.build(api_world.public.conversation.pk)
    assert (
        again.pk == first.pk and OpenDataBuild.objects.filter(conversation=api_world.public.conversation).count() == 1
    )


def test_large_files_are_streamed_from_the_kept_build(api_world, client, monkeypatch):
    build_now(api_world.public)
    small = client.get(export_url("votes.csv"))
    assert not small.streaming
    monkeypatch.setattr(builds, "STREAM_ABOVE", 10)
    large = client.get(export_url("votes.csv"))
    assert large.streaming
    assert large["Content-Disposition"] == 'attachment; filename="votes.csv"'
    assert body(large) == small.content


def test_an_export_during_a_rebuild_serves_the_previous_build(api_world, client, monkeypatch):
    world = api_world
    build_now(world.public)
    before = client.get(export_url("votes.csv")).content
    do_write_statement(world.public.conversation, "Parking is a nightmare after six", author=None)
    served_meanwhile = []
    real = builds.all_downloads

    def slow_build(engagement, conversation):
        # Asked while the new build is being made: the kept one answers.
        served_meanwhile.append(client.get(export_url("statements.csv")))
        served_meanwhile.append(client.get(export_url("votes.csv")))
        return real(engagement, conversation)

    monkeypatch.setattr(builds, "all_downloads", slow_build)
    builds.build(world.public.conversation.pk)
    # (A read that finds the data behind may ask for one more build, which runs when this one finishes: only the
    # first two reads were made while the kept build was the old one.)
    during_statements, during_votes = served_meanwhile[:2]
    assert during_statements.status_code == during_votes.status_code == 200
    assert "Parking is a nightmare" not in during_statements.content.decode()
    assert during_votes.content == before
    after = client.get(export_url("statements.csv")).content.decode()
    assert "Parking is a nightmare" in after


def test_no_request_builds_anything(api_world, client, monkeypatch):
    """With the builder broken, every request still answers: from the kept build, or saying it is being prepared."""
    world = api_world
    build_now(world.public)
    calls = []

    def fail(*args):
        calls.append(args)
        raise RuntimeError("the builder was called")

    monkeypatch.setattr(builds, "all_downloads", fail)
    cache.clear()  # no debounce window open: the reads below may ask for a rebuild
    assert client.get(export_url("votes.csv")).status_code == 200  # in use: kept up to date
    assert vote(client, world, 0, 0, -1).status_code == 200  # a change: the kept build is now behind
    assert len(calls) == 1  # the build it asked for ran after the vote's response, and failed, logged
    for _ in range(3):
        assert client.get(export_url("votes.csv")).status_code == 200
        assert client.get(page_url("statements.csv")).status_code == 200
        assert client.get(reverse("api_pages:open_data", args=[SLUG])).status_code == 200
    assert len(calls) == 1  # reads inside the window asked for nothing more


def test_nothing_built_yet_is_a_503_and_the_build_runs_after_the_response(api_world, client, no_builder):
    assert client.get(export_url("votes.csv")).status_code == 503  # the request did not build (it would be a 500)
    assert len(no_builder) == 1  # the build it asked for ran after the response (and failed here, logged)


def test_until_the_first_build_the_api_and_the_page_say_so(api_world, client, no_builder):
    response = client.get(export_url("statements.csv"))
    assert response.status_code == 503 and response["Retry-After"] == str(builds.RETRY_AFTER)
    assert response.json()["error"]["code"] == "open_data_preparing"
    page = client.get(reverse("api_pages:open_data", args=[SLUG]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "The open data files are being prepared." in page.content.decode()
    file_page = client.get(page_url("votes.csv"), HTTP_ACCEPT_LANGUAGE="cy")
    assert file_page.status_code == 503 and file_page["Retry-After"]
    assert "Mae’r ffeiliau data agored yn cael eu paratoi." in file_page.content.decode()


# ------------------------------------------------------------------------------------------ when builds run
def test_a_vote_asks_for_a_build_after_its_response_debounced(api_world, client, settings):
    world = api_world
    conversation = world.public.conversation
    settled(conversation)
    build_now(world.public)
    cache.clear()
    client.get(export_url("votes.csv"))  # read: its open data is in use, so it is kept up to date
    assert conversation.open_data_builds.count() == 1  # (the read found it up to date)
    assert vote(client, world, 0, 0, -1).status_code == 200
    # No broker: built after the vote's response was sent, with the new vote in it.
    assert conversation.open_data_builds.count() == 2
    newest = conversation.open_data_builds.first()
    assert vote(client, world, 1, 0, 1).status_code == 200
    assert conversation.open_data_builds.first() == newest  # inside the window: not built again
    # A read inside the window serves what is kept and builds nothing either.
    assert client.get(export_url("votes.csv"))["ETag"] == f'"{newest.files["votes.csv"]["sha256"]}"'
    assert conversation.open_data_builds.first() == newest
    cache.delete(builds._key("due", conversation.pk))  # the window has passed
    cache.delete(builds._key("read", conversation.pk))
    client.get(export_url("votes.csv"))  # a read sees the vote after the window's build: asks for one
    assert conversation.open_data_builds.first() != newest
    assert conversation.open_data_builds.count() == builds.KEEP  # older builds are cleared away


def test_a_statement_later_in_the_analysis_window_is_found_by_the_next_read(api_world, client):
    """The change listener hears only the first change of each of the analysis's windows; a statement written later in
    one (here: the window already open) is found by the next read from the statements' times, and built."""
    conversation = api_world.public.conversation
    settled(conversation)
    build_now(api_world.public)
    cache.clear()
    client.get(export_url("statements.csv"))  # read: in use, and up to date
    kept = conversation.open_data_builds.first()
    cache.set(f"analysis-due:{conversation.pk}", 1, timeout=60)  # the analysis's window is open
    do_write_statement(conversation, "Signs in Welsh at the main entrance", author=None)
    assert conversation.open_data_builds.first() == kept  # the listener was not told
    client.get(export_url("statements.csv"))  # serves the kept build, then builds after the response
    newest = conversation.open_data_builds.first()
    assert newest != kept
    assert "Signs in Welsh" in client.get(export_url("statements.csv")).content.decode()


def test_a_vote_stamped_before_a_build_but_committed_after_it_is_still_built(api_world, client):
    """A vote is stamped before it commits (it may wait for the database's write lock): one that a build started
    between its stamp and its commit, and so did not read, is found by the next read (builds.SETTLE_SECONDS)."""
    from datetime import timedelta

    from coproduce.conversations.models import Vote

    conversation = api_world.public.conversation
    build_now(api_world.public)
    kept = conversation.open_data_builds.first()
    # The vote the build did not see: committed now, stamped a few seconds before the build started.
    late = conversation.votes.order_by("pk").first()
    Vote.objects.filter(pk=late.pk).update(
        value=-late.value or 1, updated_at=kept.started_at - timedelta(seconds=builds.SETTLE_SECONDS // 2)
    )
    cache.clear()  # no window open: the read may ask
    client.get(export_url("votes.csv"))  # serves the kept build, then builds after the response
    assert conversation.open_data_builds.first() != kept


def test_with_a_broker_a_change_queues_one_build_at_the_end_of_the_window(
    api_world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.OPEN_DATA_DEBOUNCE_SECONDS = 45
    conversation = api_world.public.conversation
    settled(conversation)
    build_now(api_world.public)
    cache.clear()
    builds.status(conversation)  # read: in use, and up to date
    queued = []
    # Through Django's settings, which Celery reads at each lookup: a value set on app.conf itself would stay
    # there after the test (monkeypatch restores it into Celery's own layer), eager or not for every later test.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(build_open_data, "apply_async", lambda args, countdown: queued.append((args, countdown)))
    monkeypatch.setattr(recompute_analysis, "apply_async", lambda args, countdown: None)
    with django_capture_on_commit_callbacks(execute=True):
        do_write_statement(conversation, "A bus from the station", author=None)
        do_write_statement(conversation, "A later clinic on Thursdays", author=None)
    assert queued == [((conversation.pk,), 45)]


# ------------------------------------------------------------------------------------------ privacy first
def test_erasing_a_person_takes_the_kept_files_down_and_rebuilds_without_them(
    api_world, client, django_capture_on_commit_callbacks
):
    world = api_world
    conversation = world.public.conversation
    author = world.public_people[2]
    written = do_write_statement(conversation, "My neighbour's clinic times", author=author)
    build_now(world.public)
    old = conversation.open_data_builds.get()
    number = [r for r in rows(client.get(export_url("statements.csv")).content) if r["statement"] == str(written.pk)]
    assert number[0]["author"]  # the pseudonym is linked to the statement
    store = builds.storage()
    assert store.exists(old.path("statements.csv"))
    with django_capture_on_commit_callbacks(execute=True):
        do_erase_personal_data(None, Person.of_participant(author))
    assert not store.exists(old.path("statements.csv"))  # the kept file is gone, not only unlisted
    new = conversation.open_data_builds.get()  # rebuilt once the erasure committed
    assert new.version != old.version
    row = [r for r in rows(client.get(export_url("statements.csv")).content) if r["statement"] == str(written.pk)]
    assert row[0]["author"] == ""


def test_hiding_a_statement_takes_the_kept_files_down_at_once(api_world, client, monkeypatch):
    world = api_world
    written = do_write_statement(world.public.conversation, "Call me on 07700 900123", author=None)
    build_now(world.public)
    assert "07700 900123" in client.get(export_url("statements.csv")).content.decode()
    monkeypatch.setattr(builds, "all_downloads", lambda *args: 1 / 0)  # no rebuild yet: what is served meanwhile?
    do_moderate_statement(None, written, "hide", "personal_information")
    # Not served from the build made before: the data is being prepared until the rebuild.
    assert client.get(export_url("statements.csv")).status_code == 503
