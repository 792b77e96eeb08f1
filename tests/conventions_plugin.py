"""The write watcher: while each test runs, every INSERT, UPDATE and DELETE sent to one of our tables is checked.

Two rules of docs/architecture (Zulip's "action functions"), enforced on real writes rather than by a grep:

1. Our models change only inside an action function (a function of some `actions.py`). A write made by project
   code (src/coproduce) with no `actions.py` frame on the stack fails the test that caused it, naming the
   function, unless that function is on WRITES_OUTSIDE_ACTIONS below (with its reason).
2. An action that changed rows writes an audit event (engagements.actions.audit) in the same call. The call is
   the outermost `actions.py` frame: an action calling another action counts once. Actions that change rows and
   rightly write no audit event are on ACTIONS_WITHOUT_AUDIT (with the reason).

What is not project code is not judged: a test or fixture writing rows itself, Django's sessions and migrations,
allauth's account flows and the Django admin (LIBRARY_WRITERS). Only writes that changed a row count (an UPDATE
that matched nothing changed nothing). Writes in other threads (the browser tests' live server) are not seen: the
watcher wraps the test thread's connections.

Failing: a violation fails the test at teardown (so it works the same under pytest-xdist). With
COPRODUCE_WRITES=report the watcher fails nothing and appends each violation, once per test, to the file named by
COPRODUCE_WRITES_FILE (var/writes-report.txt by default): how the lists below were made, and how to shrink them.
COPRODUCE_WRITES=off watches nothing (to measure what watching costs).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import coproduce

SRC = str(Path(coproduce.__file__).resolve().parent) + os.sep
TESTS = str(Path(__file__).resolve().parent) + os.sep

# (file under src/coproduce, function, why). A write is allowed when one of these is on the stack.
WRITES_OUTSIDE_ACTIONS: list[tuple[str, str, str]] = [
    # Derived data, not a change anyone makes: recomputed from the votes, replaced whole, never edited.
    ("conversations/analysis.py", "compute_snapshot", "the analysis snapshot is derived from the votes"),
    ("api/builds.py", "_build_once", "a build of the open data is derived from the data, replaced whole"),
    # The demo: sample data for a first run, written in bulk.
    ("engagements/management/commands/demo.py", "handle", "demo data for a first run"),
    ("conversations/demo.py", "load_demo_conversation", "demo data for a first run"),
    # Sending queued notices: claiming and marking a notice sent is the mail queue's bookkeeping, not state.
    ("notifications/tasks.py", "_send", "the mail queue's own bookkeeping"),
    # Remembering when an API key was last used: bookkeeping of the key, on every request.
    ("api/auth.py", "authenticate", "the API key's last use, on every request"),
    # A new account, written by allauth's own forms through our adapter.
    ("accounts/adapter.py", "save_user", "allauth's account creation, through our adapter"),
    # Lazily made one-to-one rows with defaults, made on first read.
    ("conversations/access.py", "conversation_of", "the engagement's conversation row, made on first read"),
    ("listening/access.py", "settings_of", "the engagement's listening settings row, made on first read"),
    # A migration's data step, kept in core so the apps' migrations share it.
    ("core/bilingual_migration.py", "forwards", "a migration: existing texts become the English"),
    ("core/bilingual_migration.py", "backwards", "a migration: the English goes back into the single column"),
]

# (file under src/coproduce, action, why): actions that change rows and rightly write no audit event.
ACTIONS_WITHOUT_AUDIT: list[tuple[str, str, str]] = [
    # Votes are counted, not audited: every cast is already kept in the vote history (VoteEvent), and an audit
    # row per vote would double the busiest write of a workshop.
    ("conversations/actions.py", "do_cast_vote", "votes are counted, not audited: VoteEvent is their history"),
    # A participant's own statement is theirs, kept with its author; staff-made (seed) statements are audited.
    ("conversations/actions.py", "do_write_statement", "a participant's statement is kept with its author"),
    (
        "conversations/actions.py",
        "do_write_statement_as_participant",
        "a participant's statement is kept with its author (do_write_statement, after the phase and rate checks)",
    ),
    (
        "conversations/actions.py",
        "do_vote_as_participant",
        "votes are counted, not audited (do_cast_vote, after the phase check)",
    ),
    ("conversations/actions.py", "do_give_consent", "the participant's own consent, kept on the participant"),
    # Taking part and claiming a pseudonymous record: an audit row would link a pseudonym to an account (their docstring).
    ("engagements/actions.py", "do_join_engagement", "an audit row would link a pseudonym to an account"),
    ("engagements/actions.py", "do_claim_participant", "an audit row would link a pseudonym to an account"),
    ("proposals/actions.py", "do_comment", "a participant's comment is kept with its author, like a statement"),
    ("proposals/actions.py", "do_record_choice", "pairwise choices are counted, not audited, like votes"),
    ("proposals/actions.py", "do_spread_dots", "dot allocations are counted, not audited, like votes"),
    ("delivery/actions.py", "do_give_feedback", "a participant's rating is counted, not audited, like a vote"),
    # Notifications sit below engagements, where the audit trail lives, and what they change is a person's own
    # choice about their e-mail: an audit row would copy the address into the log. (queue_notices is not here: it
    # runs inside the audited action that made the news.)
    ("notifications/actions.py", "do_subscribe", "a person's own subscription; the audit log would copy their e-mail"),
    ("notifications/actions.py", "do_confirm", "a person confirming their own address from the link we sent it"),
    (
        "notifications/actions.py",
        "do_unsubscribe",
        "a person's own unsubscribing; the audit log would copy their e-mail",
    ),
    (
        "notifications/actions.py",
        "do_expire_unconfirmed",
        "removing requests nobody confirmed: the mail queue's upkeep, run by beat, no one's decision",
    ),
    # A person's own details and preferences, changed by that person: not a staff change. (accounts sits below
    # engagements, which keeps the audit log.)
    ("accounts/actions.py", "do_update_profile", "a person's own name and language, changed by that person"),
    ("accounts/actions.py", "do_set_preferred_language", "a person's own language, from the language switch"),
    # Reading confidential notes is logged in its own access log (NotesAccess), which is the audit of reading.
    ("listening/actions.py", "do_log_notes_access", "it writes the notes access log, the audit of reading"),
]

# Library code that writes our tables on its own terms: allowed when a frame of these files is between the write
# and the innermost frame of project code.
LIBRARY_WRITERS: list[tuple[str, str]] = [
    (os.sep + os.path.join("django", "contrib", "admin") + os.sep, "the Django admin (superusers only)"),
    (os.sep + os.path.join("django", "db", "migrations") + os.sep, "migrations"),
    (os.sep + os.path.join("django", "contrib", "auth", "models.py"), "Django's last_login and permissions"),
    (os.sep + "allauth" + os.sep, "allauth's account, e-mail and MFA flows"),
]

# Model code called by whoever writes (save overrides, managers): the writer is whoever called it.
PASS_THROUGH = ("models.py", "managers.py")
MIGRATIONS = os.sep + "migrations" + os.sep

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|WITH)\b", re.IGNORECASE)
RETURNING = re.compile(r"\bRETURNING\b", re.IGNORECASE)
TABLE = re.compile(
    r"\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+[\"`]?(\w+)", re.IGNORECASE
)


def _is_action(filename: str) -> bool:
    return filename.startswith(SRC) and filename.endswith(os.sep + "actions.py")


def _where(frame) -> tuple[str, str]:
    return frame.f_code.co_filename[len(SRC) :].replace(os.sep, "/"), frame.f_code.co_name


@dataclass
class ActionCall:
    frame: object  # the outermost actions.py frame: the call, while it runs
    where: tuple[str, str]
    tables: set[str] = field(default_factory=set)
    audited: bool = False


@dataclass
class Watcher:
    our_tables: frozenset[str]
    audit_table: str
    allowed: dict[tuple[str, str], str]
    silent: dict[tuple[str, str], str]
    violations: dict[str, str] = field(default_factory=dict)  # what, once each, in order
    open_calls: list[ActionCall] = field(default_factory=list)

    def __call__(self, execute, sql, params, many, context):
        if not WRITE.match(sql):
            return execute(sql, params, many, context)
        result = execute(sql, params, many, context)
        tables = {t for t in TABLE.findall(sql) if t in self.our_tables}
        if tables:
            # SQLite counts the rows of a statement with RETURNING only once they are fetched: those count as written.
            rowcount = -1 if RETURNING.search(sql) else getattr(context.get("cursor"), "rowcount", -1)
            if rowcount != 0:  # -1: not known, so counted
                self.saw(tables, sys._getframe(1))
        return result

    def saw(self, tables: set[str], frame) -> None:
        stack = []
        while frame is not None:
            stack.append(frame)
            frame = frame.f_back
        live = {id(f) for f in stack}
        self._close_calls(live)
        actions = [f for f in stack if _is_action(f.f_code.co_filename)]
        if actions:
            outermost = actions[-1]
            call = next((c for c in self.open_calls if c.frame is outermost), None)
            if call is None:
                call = ActionCall(outermost, _where(outermost))
                self.open_calls.append(call)
            call.tables |= tables - {self.audit_table}
            call.audited |= self.audit_table in tables
            return
        # The writer is the innermost frame of project code (src or tests), model code passed through. Library code
        # between it and the write may be a library writing on its own terms; a frame outside that (allauth's
        # middleware wraps every request) says nothing about who wrote.
        writer = None
        for f in stack:
            filename = f.f_code.co_filename
            if writer is None:
                if filename.startswith(TESTS):
                    return  # a test or fixture writing rows itself
                if filename.startswith(SRC):
                    if MIGRATIONS in filename:
                        return
                    if not filename.endswith(PASS_THROUGH):
                        writer = f
                elif any(marker in filename for marker, _why in LIBRARY_WRITERS):
                    return
            if filename.startswith(SRC) and _where(f) in self.allowed:
                return
        if writer is None:
            return
        path, function = _where(writer)
        self.violations.setdefault(
            f"{path}:{function}", f"{path}:{function} wrote {', '.join(sorted(tables))} outside an action function"
        )

    def _close_calls(self, live: set[int]) -> None:
        still = []
        for call in self.open_calls:
            if id(call.frame) in live:
                still.append(call)
            else:
                self._judge(call)
        self.open_calls = still

    def _judge(self, call: ActionCall) -> None:
        if call.tables and not call.audited and call.where not in self.silent:
            path, function = call.where
            self.violations.setdefault(
                f"{path}:{function} (audit)",
                f"{path}:{function} changed {', '.join(sorted(call.tables))} and wrote no audit event",
            )

    def finish(self) -> list[str]:
        self._close_calls(set())
        found, self.violations = list(self.violations.values()), {}
        return found


def make_watcher() -> Watcher:
    from django.apps import apps

    from coproduce.engagements.models import AuditEvent

    tables = frozenset(
        m._meta.db_table for m in apps.get_models(include_auto_created=True) if m.__module__.startswith("coproduce.")
    )
    return Watcher(
        our_tables=tables,
        audit_table=AuditEvent._meta.db_table,
        allowed={(path, function): why for path, function, why in WRITES_OUTSIDE_ACTIONS},
        silent={(path, function): why for path, function, why in ACTIONS_WITHOUT_AUDIT},
    )


_WATCHER: list[Watcher] = []


def current_watcher() -> Watcher:
    if not _WATCHER:
        _WATCHER.append(make_watcher())
    return _WATCHER[0]


@pytest.fixture(autouse=True)
def _watch_writes(request):
    """Wrap every database connection of this thread for the test; judge what it wrote at the end."""
    from django.db import connections

    if os.environ.get("COPRODUCE_WRITES") == "off":  # to measure what watching costs
        yield None
        return
    watcher = current_watcher()
    watcher.finish()  # nothing carried over from a test that failed before its teardown
    wrapped = []
    for connection in connections.all():
        connection.execute_wrappers.append(watcher)
        wrapped.append(connection)
    yield watcher
    for connection in wrapped:
        if watcher in connection.execute_wrappers:
            connection.execute_wrappers.remove(watcher)
    found = watcher.finish()
    if not found:
        return
    if os.environ.get("COPRODUCE_WRITES") == "report":
        report = Path(os.environ.get("COPRODUCE_WRITES_FILE", "var/writes-report.txt"))
        with report.open("a", encoding="utf-8") as out:
            out.writelines(f"{line}\t{request.node.nodeid}\n" for line in found)
        return
    pytest.fail(
        "Writes outside the conventions (tests/conventions_plugin.py says why and lists the exceptions):\n  "
        + "\n  ".join(found),
        pytrace=False,
    )
