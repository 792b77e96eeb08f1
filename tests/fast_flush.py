"""Emptying the database after a transactional test (browser journeys, concurrency tests): only what it filled.

Django's TransactionTestCase empties the database after each test with the `flush` command: on PostgreSQL one
TRUNCATE of every table (about 100), then the post_migrate signal, which makes the content types and permissions
again. A TRUNCATE makes new files for each table and its indexes and drops the old ones, and a transaction that drops
files always waits for its commit to reach the disk: that flush cost seconds per test on CI's PostgreSQL pass.

Here, after such a test: one query finds the tables that have rows, and one transaction DELETEs their rows. The
content types and permissions (made by the migrations' post_migrate, and all that post_migrate would make again) are
kept when they are as they were after the test database was made; when a test changed them, Django's own flush runs,
as before. The end state is the one Django's flush leaves (every table empty but those two, which hold what
post_migrate makes; sequences not reset, as Django's teardown does not reset them either), on SQLite too.
"""

from __future__ import annotations

from django.core.management import call_command
from django.db import connections, transaction
from django.test import TransactionTestCase

# Made by post_migrate (django.contrib.contenttypes and django.contrib.auth): kept, when unchanged, rather than
# deleted and made again.
KEPT_TABLES = ("django_content_type", "auth_permission")

_django_fixture_teardown = TransactionTestCase._fixture_teardown
# The kept tables' (row count, highest id) per database alias, read once the test database is made.
_baseline: dict[str, tuple] = {}


def _kept_tables_signature(connection) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(f"SELECT COUNT(*), MAX(id) FROM {connection.ops.quote_name(t)}" for t in KEPT_TABLES)
        )
        return tuple(cursor.fetchall())


def record_baseline() -> None:
    """Called once the test databases are made (tests/conftest.py's django_db_setup)."""
    for alias in connections:
        _baseline[alias] = _kept_tables_signature(connections[alias])


def _empty(connection) -> bool:
    """Delete every row of the tables that have rows; False (nothing done) when the kept tables were changed."""
    if _baseline.get(connection.alias) != _kept_tables_signature(connection):
        return False
    quote = connection.ops.quote_name
    tables = [
        table
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False)
        if table not in KEPT_TABLES
    ]
    with connection.cursor() as cursor:
        # One round trip for "which tables have rows": most tests fill a few of the ~100.
        cursor.execute("SELECT " + ", ".join(f"EXISTS (SELECT 1 FROM {quote(table)})" for table in tables))
        filled = [table for table, has_rows in zip(tables, cursor.fetchone(), strict=True) if has_rows]
    # One transaction: Django's foreign keys are checked at commit (DEFERRABLE INITIALLY DEFERRED), when every
    # referencing row is gone too, so the order of the DELETEs does not matter.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for table in filled:
            cursor.execute(f"DELETE FROM {quote(table)}")
    return True


def _fixture_teardown(self) -> None:
    # available_apps and serialized_rollback change what Django's flush does: leave those to it.
    if self.available_apps is not None or self.serialized_rollback:
        return _django_fixture_teardown(self)
    for db_name in self._databases_names(include_mirrors=False):
        connection = connections[db_name]
        if not _empty(connection):
            # A test changed the content types or permissions: Django's flush, as TransactionTestCase runs it here,
            # then the new content types and permissions are the ones to keep.
            call_command("flush", verbosity=0, interactive=False, database=db_name, reset_sequences=False)
            _baseline[db_name] = _kept_tables_signature(connection)
    return None


def install() -> None:
    TransactionTestCase._fixture_teardown = _fixture_teardown
