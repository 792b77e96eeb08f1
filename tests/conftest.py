"""Shared personas: one organisation with an engagement of each visibility, and a person in every role.

alice (organisation admin), fran (facilitator), sam (spokesperson), mo (mentor), erin (expert),
pat (participant with an account), and olly (facilitator and admin of another organisation).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from io import StringIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation
from hypothesis import settings as hypothesis_settings

from coproduce.conversations.analysis import forget_kept_analyses
from coproduce.core import ratelimit
from coproduce.engagements.models import Engagement, Membership, Organisation, Participant, Perspective, Phase, Role
from coproduce.engagements.participants import COOKIE_NAME, make_token
from tests.conventions_plugin import _watch_writes  # noqa: F401 - the write watcher, for every test (why: its module)

PASSWORD = "a-long-test-password"

# In CI the property tests draw the same examples every run (Hypothesis's derandomize): a counterexample found by
# chance would otherwise fail one submission in many and pass the next. Run locally, they draw afresh each time
# and may find new ones. Loaded here, before any test module makes its own settings on top of it.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI") == "true":
    hypothesis_settings.load_profile("ci")


# The fixtures through which a test reaches the database (pytest-django refuses any other access).
DATABASE_FIXTURES = (
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
)


def pytest_collection_modifyitems(config, items):
    """On `make test`'s PostgreSQL pass (COPRODUCE_TESTS_DATABASE_ONLY set), only the tests that use the database.

    A test that never reaches a database (pytest-django blocks it) runs the same code on either pass: the SQLite pass
    has already run it, and a second run would prove nothing and cost CI minutes.
    """

    def uses_database(item) -> bool:
        return item.get_closest_marker("django_db") is not None or any(
            name in getattr(item, "fixturenames", ()) for name in DATABASE_FIXTURES
        )

    # A one_pass test is left out of the SQLite pass when a PostgreSQL pass follows (the Makefile): one that used no
    # database would then run on neither.
    lost = [item.nodeid for item in items if item.get_closest_marker("one_pass") and not uses_database(item)]
    if lost:
        raise pytest.UsageError(f"marked one_pass but uses no database, so no pass would run it: {lost[:5]}")
    if not os.environ.get("COPRODUCE_TESTS_DATABASE_ONLY"):
        return
    kept, skipped = [], []
    for item in items:
        (kept if uses_database(item) else skipped).append(item)
    if skipped:
        config.hook.pytest_deselected(items=skipped)
        items[:] = kept


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On PostgreSQL, commits do not wait for the write-ahead log to reach the disk.

    A test database is thrown away, so durability buys nothing, and each commit's flush is a disk wait (about 4 ms
    here): the browser journeys commit every request and empty every table after each test. PostgreSQL's own advice
    for test runs ("Non-Durable Settings"); set per connection, so the shared server's settings are not touched.
    """
    from django.db import connections

    for alias in connections:
        settings_dict = connections[alias].settings_dict
        if settings_dict["ENGINE"] == "django.db.backends.postgresql":
            options = settings_dict.setdefault("OPTIONS", {})
            options["options"] = (options.get("options", "") + " -c synchronous_commit=off").strip()


@pytest.fixture(autouse=True)
def _fresh_rate_limits_and_fast_hashing(settings, monkeypatch):
    # Rate limits count writes in the cache per writer; the local-memory cache outlives a test, and SQLite reuses
    # primary keys after a rollback, so one test's writes would count against the next one.
    cache.clear()
    # Rate limits count in fixed windows of the wall clock: a test that sends the limit and one more would pass
    # or fail depending on whether it crossed a window's edge. Their clock stands still at the start of a window
    # (tests about windows set their own clock over this one).
    standing = int(time.time()) // 3600 * 3600 + 1
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: standing))
    # The personas' passwords are hashed when the world is built; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test starts in the default language: a request in Welsh leaves Welsh active in the thread after it
    # (the locale middleware activates a language and nothing turns it off), which would leak into the next test,
    # and a text an action gets as a plain string is stored in the active language (core/bilingual.py).
    translation.activate(settings.LANGUAGE_CODE)
    # The analyses a process keeps (conversations.analysis) are keyed by a snapshot's id and time: a rolled-back test
    # reuses ids on SQLite, and a test with a frozen clock reuses times, so one test could find another's.
    forget_kept_analyses()
    yield
    translation.deactivate()
    cache.clear()
    forget_kept_analyses()


@pytest.fixture(autouse=True)
def _open_data_storage(settings, tmp_path_factory):
    # The open data's kept builds (api/builds.py) go to a folder of the test's own, never to var/ of the checkout.
    settings.STORAGES = {
        **settings.STORAGES,
        "opendata": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path_factory.mktemp("opendata"))},
        },
    }


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """The demo (`coproduce demo`), loaded once for every test of a module and rolled back after them.

    Loading it takes seconds and grows with each app: a test that reads the demo asks for this rather than calling
    the command itself. Each test still runs in its own savepoint inside, so what a test changes is undone for the
    next. A test about loading itself (idempotence) runs the command again inside, as a person running it twice would.
    """
    from django.db import transaction
    from django.test.utils import override_settings

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                with translation.override("en"):
                    call_command("demo", stdout=StringIO())
            cache.clear()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# The committed demo's copy in this test process (load_committed_demo): the day it was loaded (the demo's dates are
# relative to it), the tables copied and a copy of its open data files.
_DEMO_COPY_SCHEMA = "demo_copy"
_demo_copy: dict[str, Any] = {}


def load_committed_demo() -> None:
    """The demo, committed, in a database a test has to itself (transactional_db): for a test that reaches the site
    through a live server, where the rows must be committed for the server's thread to see them.

    Loading the demo takes 8-14 s on PostgreSQL (the actions it runs, then their on-commit work), and a dozen
    browser journeys need it. There, the first load in a test process is copied table by table into a schema of the
    test database (which flushing the tables between tests leaves alone), and each later load puts those rows back
    in their tables in place of what they hold (about 0.3 s): the database the command would have left, down to the
    ids. On SQLite (no schemas in one database) it runs the command each time.
    """
    from django.db import connection

    today = timezone.localdate()
    if connection.vendor == "postgresql" and _demo_copy.get("day") == today:
        _put_back_demo_copy()
    else:
        call_command("demo", stdout=StringIO())
        if connection.vendor == "postgresql":
            _copy_demo()
            _demo_copy["day"] = today
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()  # the ids a flush's post-migrate gave the content types are gone
    cache.clear()
    forget_kept_analyses()


def _tables() -> list[str]:
    from django.db import connection

    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _copy_demo() -> None:
    import shutil
    import tempfile

    from django.db import connection, transaction

    from coproduce.api import builds

    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {_DEMO_COPY_SCHEMA} CASCADE")
        cursor.execute(f"CREATE SCHEMA {_DEMO_COPY_SCHEMA}")
        tables = _tables()
        for table in tables:
            cursor.execute(f"CREATE TABLE {_DEMO_COPY_SCHEMA}.{quote(table)} AS SELECT * FROM {quote(table)}")
    # The open data builds' rows name files in this test's own storage folder: the files go with the rows.
    files = Path(tempfile.mkdtemp(prefix="demo-open-data-"))
    if Path(builds.storage().location).exists():
        shutil.copytree(builds.storage().location, files, dirs_exist_ok=True)
    _demo_copy["files"] = files
    _demo_copy["tables"] = tables


def _put_back_demo_copy() -> None:
    import shutil

    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from coproduce.api import builds

    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(quote(table) for table in _tables()))
        for table in _demo_copy["tables"]:
            cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {_DEMO_COPY_SCHEMA}.{quote(table)}")
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
            cursor.execute(sql)
    shutil.copytree(_demo_copy["files"], builds.storage().location, dirs_exist_ok=True)


@pytest.fixture
def committed_demo(transactional_db):
    """The demo, committed (load_committed_demo), for a test that drives the site through a live server."""
    load_committed_demo()


def make_engagement(organisation: Organisation, slug: str, visibility: str) -> Engagement:
    engagement = Engagement.objects.create(
        organisation=organisation,
        slug=slug,
        title_en=f"Engagement {slug}",
        title_cy=f"Ymgysylltiad {slug}",
        question_en="What matters to you about outpatient appointments?",
        question_cy="Beth sy’n bwysig i chi am apwyntiadau cleifion allanol?",
        brief_en="Why we ask.",
        in_scope_en="Booking and reminders.",
        in_scope_cy="Trefnu ac atgoffa.",
        visibility=visibility,
    )
    today = timezone.localdate()
    Phase.objects.create(
        engagement=engagement,
        kind=Phase.Kind.LISTEN,
        starts_on=today - dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=30),
        features=[str(f) for f in Phase.DEFAULT_FEATURES[Phase.Kind.LISTEN]],
    )
    for position, (en, cy) in enumerate([("Patient", "Claf"), ("Carer", "Gofalwr"), ("Staff", "Staff")]):
        Perspective.objects.create(engagement=engagement, name_en=en, name_cy=cy, position=position)
    return engagement


@pytest.fixture
def world(db, django_user_model):
    org = Organisation.objects.create(
        slug="glas", name_en="Glas Valley Health Board", name_cy="Bwrdd Iechyd Dyffryn Glas"
    )
    other_org = Organisation.objects.create(slug="other", name_en="Other Council", name_cy="Cyngor Arall")
    public = make_engagement(org, "outpatients", Engagement.Visibility.PUBLIC)
    private = make_engagement(org, "staff-wellbeing", Engagement.Visibility.PRIVATE)
    link = make_engagement(org, "carers-link", Engagement.Visibility.LINK)
    other_private = make_engagement(other_org, "other-private", Engagement.Visibility.PRIVATE)

    def user(name: str):
        return django_user_model.objects.create_user(f"{name}@example.org", PASSWORD, display_name=name.title())

    people = {name: user(name) for name in ("alice", "fran", "sam", "mo", "erin", "pat", "olly")}
    Membership.objects.create(user=people["alice"], organisation=org, role=Role.ORG_ADMIN)
    for name, role in (
        ("fran", Role.FACILITATOR),
        ("sam", Role.SPOKESPERSON),
        ("mo", Role.MENTOR),
        ("erin", Role.EXPERT),
    ):
        for engagement in (public, private, link):
            Membership.objects.create(user=people[name], organisation=org, engagement=engagement, role=role)
    # pat was invited to the private engagement as a participant and takes part in the public one.
    Membership.objects.create(user=people["pat"], organisation=org, engagement=private, role=Role.PARTICIPANT)
    Participant.objects.create(engagement=public, user=people["pat"])
    Membership.objects.create(user=people["olly"], organisation=other_org, role=Role.ORG_ADMIN)
    Membership.objects.create(user=people["olly"], organisation=other_org, role=Role.FACILITATOR)

    return SimpleNamespace(
        org=org, other_org=other_org, public=public, private=private, link=link, other_private=other_private, **people
    )


@pytest.fixture
def as_user(client):
    """Log the test client in as a persona: as_user(world.fran)."""

    def login(user) -> Client:
        client.force_login(user)
        return client

    return login


@pytest.fixture
def pseudonymous_client(world) -> Client:
    """A browser taking part in the public engagement without an account."""
    participant = Participant.objects.create(engagement=world.public)
    c = Client()
    c.cookies[COOKIE_NAME] = make_token([participant.public_id])
    c.participant = participant
    return c
