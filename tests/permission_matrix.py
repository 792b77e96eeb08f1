"""What every permission matrix shares (tests/*/test_permission_matrix.py): reading the table, the persona's
browser, naming what happened, running one row with every persona's write rolled back, and the URL names a
matrix must cover.

Cells: 200 the page; 302 a redirect and nothing changed; saved a redirect after a write that changed something;
login a redirect to sign in; 403/404/405 refused and nothing changed (see tests/engagements/test_permission_matrix.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie

from django.db import transaction
from django.test import Client
from django.urls import get_resolver, reverse

from coproduce.engagements.participants import COOKIE_NAME, make_token


@dataclass
class Request:
    method: str
    url: str
    data: dict | Callable[[], dict] | None = (
        None  # a callable gives each persona fresh data (uploaded files are read once)
    )


def parse_matrix(text: str, personas: list[str]) -> list[tuple[str, str, dict[str, str]]]:
    """Rows of (view, engagement visibility, {persona: expected cell}) from the table's text."""
    lines = [line.split() for line in text.strip().splitlines() if line.strip()]
    header, rows = lines[0], lines[1:]
    assert header[2:] == personas, header
    parsed = []
    for row in rows:
        assert len(row) == len(header), row
        parsed.append((row[0], row[1], dict(zip(personas, row[2:]))))
    return parsed


_CLIENT: list[Client] = []


def client_for(persona: str, world) -> Client:
    """The persona's browser: anonymous, a pseudonymous participant's cookie, or signed in as the persona."""
    # One test client per process, emptied between personas: each new Client builds the middleware chain again,
    # and WhiteNoise then indexes every static file (about 50 ms each time).
    if not _CLIENT:
        _CLIENT.append(Client())
    client = _CLIENT[0]
    client.cookies = SimpleCookie()
    if persona == "pseudo":
        client.cookies[COOKIE_NAME] = make_token([world.pseudonymous_participant.public_id])
    elif persona != "anon":
        client.force_login(getattr(world, persona))
    return client


def outcome(response, changed: bool) -> str:
    """Name what happened in the matrix's own words."""
    status = response.status_code
    if status == 302:
        if response["Location"].startswith(reverse("account_login")):
            return "login" if not changed else "login+changed"
        return "saved" if changed else "302"
    return str(status) if not changed else f"{status}+changed"


class Rollback(Exception):
    pass


def run_row(
    personas: list[str], request: Request, world, snapshot: Callable[[], tuple], name: Callable[..., str] = outcome
) -> dict[str, str]:
    """Send the row's request as every persona; each persona's write is rolled back before the next one.

    Writes are checked for side effects (one snapshot before serves every persona); a GET only for its answer.
    """
    before = snapshot() if request.method == "post" else None
    got: dict[str, str] = {}
    for persona in personas:
        try:
            with transaction.atomic():
                client = client_for(persona, world)
                data = request.data() if callable(request.data) else request.data
                response = getattr(client, request.method)(request.url, data or {})
                changed = request.method == "post" and snapshot() != before
                got[persona] = name(response, changed)
                raise Rollback  # undo this persona's write before the next persona
        except Rollback:
            pass
    return got


def assert_row(view: str, visibility: str, personas: list[str], expected: dict[str, str], got: dict[str, str]) -> None:
    wrong = {p: (expected[p], got[p]) for p in personas if expected[p] != got[p]}
    assert not wrong, f"{view} ({visibility}): " + "; ".join(
        f"{p} expected {e}, got {g}" for p, (e, g) in wrong.items()
    )


def url_names(*namespaces: str, qualified: bool = False) -> set[str]:
    """Every named URL of these namespaces; as "namespace:name" when `qualified`."""
    resolver = get_resolver()
    names = set()
    for namespace in namespaces:
        sub = resolver.namespace_dict[namespace][1]
        names |= {f"{namespace}:{name}" if qualified else name for name in sub.reverse_dict if isinstance(name, str)}
    return names


def views_of(rows) -> set[str]:
    """The views a matrix's rows cover (a row named view_get or view_post tries the view with another method)."""
    return {view.removesuffix("_get").removesuffix("_post") for view, _visibility, _expected in rows}


def texts_of(*models) -> list:
    """Every translated text of these models (core/bilingual.py), in each language: a snapshot that sees an edit of
    the Welsh alone (reading `title` would give only the reader's language)."""
    from coproduce.core.bilingual import LANGUAGES, translated_fields

    rows = []
    for model in models:
        columns = [f"{name}_{code}" for name in translated_fields(model) for code in LANGUAGES]
        rows.append(list(model.objects.order_by("pk").values_list("pk", *columns)))
    return rows
