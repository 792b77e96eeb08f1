"""The conventions of docs/architecture, held by tests rather than by review.

- Every URL namespace of the project has a permission matrix covering each of its URL names (the guard is global:
  a new app's URLs fail here until its matrix has rows for them).
- Writes happen only in action functions, and an action that changes rows writes an audit event: watched on the
  real writes of every test by tests/conventions_plugin.py; the tests below check that the watcher sees what it
  should, and that its exception lists name real functions.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from coproduce.conversations.access import conversation_of
from coproduce.conversations.actions import do_give_consent, do_moderate_statement
from coproduce.conversations.models import Conversation, ModerationDecision, Statement
from coproduce.engagements.models import Participant
from tests import conventions_plugin
from tests.permission_matrix import url_names, views_of

TESTS = Path(__file__).resolve().parent

# URL names no permission matrix covers, and why. A namespace ("admin") or a prefix of names outside any namespace.
NOT_IN_A_MATRIX = {
    "admin": "the Django admin: superusers only, guarded by Django's own staff and permission checks",
    "account_": "allauth's account pages: allauth's to guard; our use of them is tested in tests/accounts",
    "mfa_": "allauth's MFA pages: allauth's to guard; staff MFA is tested in tests/accounts",
    "api-1:api-root": "django-ninja's API root: no data (tests/api/test_docs_pages.py)",
    "api-1:openapi-json": "the OpenAPI schema: public by design, no data (tests/api/test_docs_example.py)",
    "api-1:openapi-view": "the API's documentation page: public by design, no data (tests/api/test_docs_pages.py)",
}

# Matrices written before this guard name their rows after views, not URL names: the namespaces each one covers,
# and the URL names whose row has another name. A new matrix says what it covers itself: COVERS, a set of
# "namespace:name" (tests/conversations/test_permission_matrix.py), or ROW_URL, row -> "namespace:name".
MATRICES_BY_VIEW_NAME = {
    "tests.engagements.test_permission_matrix": (
        ("core", "accounts", "engagements", "staff"),
        {"core:set_language": "language_switch", "staff:engagement": "engagement_edit"},
    ),
    "tests.delivery.test_permission_matrix": (("delivery", "delivery_staff"), {}),
    "tests.proposals.test_permission_matrix": (("proposals", "proposals_staff"), {}),
    "tests.api.test_page_matrix": (("api_pages", "api_staff"), {}),
    "tests.api.test_permission_matrix": (("api-1",), {"api-1:get_next_statement": "next_statement"}),
}


def every_url_name() -> set[str]:
    """Every named URL of the project, as "namespace:name" (nested namespaces joined with ":")."""
    names: set[str] = set()

    def walk(resolver: URLResolver, prefix: str) -> None:
        names.update(prefix + name for name in resolver.reverse_dict if isinstance(name, str))
        for namespace, (_pattern, sub) in resolver.namespace_dict.items():
            walk(sub, f"{prefix}{namespace}:")

    walk(get_resolver(), "")
    return names


def matrix_modules() -> list[str]:
    return sorted(
        ".".join(path.relative_to(TESTS.parent).with_suffix("").parts) for path in TESTS.rglob("test_*matrix.py")
    )


def covered_by(module_name: str) -> set[str]:
    module = importlib.import_module(module_name)
    if hasattr(module, "COVERS"):
        return set(module.COVERS)
    if hasattr(module, "ROW_URL"):
        return {
            module.ROW_URL[row]
            for row in views_of(module.ROWS) | {v for v, _w, _e in module.ROWS}
            if row in module.ROW_URL
        }
    assert module_name in MATRICES_BY_VIEW_NAME, (
        f"{module_name} does not say what it covers: give it COVERS (a set of 'namespace:name') or ROW_URL"
    )
    namespaces, renamed = MATRICES_BY_VIEW_NAME[module_name]
    rows = views_of(module.ROWS)
    return {name for name in url_names(*namespaces, qualified=True) if renamed.get(name, name.split(":")[-1]) in rows}


def excepted(name: str) -> bool:
    namespace = name.split(":")[0] if ":" in name else None
    return (
        name in NOT_IN_A_MATRIX
        or namespace in NOT_IN_A_MATRIX
        or (namespace is None and any(name.startswith(prefix) for prefix in NOT_IN_A_MATRIX if prefix.endswith("_")))
    )


def test_every_url_name_has_rows_in_a_permission_matrix():
    modules = matrix_modules()
    assert "tests.conversations.test_permission_matrix" in modules
    covered = set().union(*(covered_by(name) for name in modules))
    missing = {name for name in every_url_name() - covered if not excepted(name)}
    assert not missing, (
        "URL names with no row in any permission matrix (tests/*/test_permission_matrix.py); give each a row, or, "
        f"for a library's pages, an entry with its reason in NOT_IN_A_MATRIX: {sorted(missing)}"
    )


def test_the_matrix_exceptions_are_still_needed():
    """An exception for a URL that is gone, or now covered by a matrix, goes from the list."""
    names = every_url_name()
    covered = set().union(*(covered_by(name) for name in matrix_modules()))
    for entry in NOT_IN_A_MATRIX:
        matching = {
            n for n in names if n == entry or n.startswith(f"{entry}:") or (entry.endswith("_") and n.startswith(entry))
        }
        assert matching, f"NOT_IN_A_MATRIX names {entry!r}, which matches no URL"
        assert not matching <= covered, f"NOT_IN_A_MATRIX names {entry!r}, which a matrix covers"


def _functions_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}


@pytest.mark.parametrize(
    ("path", "function", "why"),
    conventions_plugin.WRITES_OUTSIDE_ACTIONS + conventions_plugin.ACTIONS_WITHOUT_AUDIT,
    ids=[
        f"{p}:{f}" for p, f, _w in conventions_plugin.WRITES_OUTSIDE_ACTIONS + conventions_plugin.ACTIONS_WITHOUT_AUDIT
    ],
)
def test_every_exception_names_a_real_function_and_says_why(path, function, why):
    source = Path(conventions_plugin.SRC) / path
    assert source.is_file(), f"{path} does not exist"
    assert function in _functions_of(source), f"{path} defines no {function}()"
    assert why.strip(), f"{path}:{function} needs a reason"


def test_actions_without_audit_are_actions():
    assert all(path.endswith("/actions.py") for path, _f, _w in conventions_plugin.ACTIONS_WITHOUT_AUDIT)
    assert not any(path.endswith("/actions.py") for path, _f, _w in conventions_plugin.WRITES_OUTSIDE_ACTIONS)


# The watcher itself: each test below takes the running watcher (the autouse fixture's value), removes one entry of
# an exception list for the test's length, makes a real write, and reads what the watcher found.


def test_a_write_outside_an_action_is_caught(world, _watch_writes, monkeypatch):
    monkeypatch.delitem(_watch_writes.allowed, ("conversations/access.py", "conversation_of"))
    Conversation.objects.filter(engagement=world.public).delete()  # the test's own write: not judged
    world.public.refresh_from_db()
    conversation_of(world.public)  # made on first read: a write outside an action
    assert _watch_writes.finish() == [
        "conversations/access.py:conversation_of wrote conversations_conversation outside an action function"
    ]


def test_a_view_writing_outside_an_action_is_caught_through_the_test_client(world, client, _watch_writes, monkeypatch):
    monkeypatch.delitem(_watch_writes.allowed, ("conversations/access.py", "conversation_of"))
    assert client.get(reverse("conversations:results", args=[world.public.slug])).status_code == 200
    assert _watch_writes.finish() == [
        "conversations/access.py:conversation_of wrote conversations_conversation outside an action function"
    ]


def test_an_action_that_writes_no_audit_event_is_caught(world, _watch_writes, monkeypatch):
    monkeypatch.delitem(_watch_writes.silent, ("conversations/actions.py", "do_give_consent"))
    participant = Participant.objects.create(engagement=world.public)
    do_give_consent(participant)
    assert _watch_writes.finish() == [
        "conversations/actions.py:do_give_consent changed engagements_participant and wrote no audit event"
    ]
    do_give_consent(participant)  # consented already: changes nothing, so nothing to audit
    assert _watch_writes.finish() == []


def test_an_audited_action_and_the_tests_own_writes_pass(world, _watch_writes):
    statement = Statement.objects.create(conversation=conversation_of(world.public), text="Evening clinics help.")
    Participant.objects.create(engagement=world.public, consented_at=timezone.now())
    do_moderate_statement(world.fran, statement, ModerationDecision.Action.HIDE, ModerationDecision.Reason.OFF_TOPIC)
    assert _watch_writes.finish() == []
