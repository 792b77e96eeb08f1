"""Who gets what from every view of notifications: one row per (view, link), one column per persona.

The confirmation and unsubscribe links are the permission: whoever holds a good one may use it, signed in or
not, and nobody may use a bad one. So every persona gets the same answer; the matrix shows that nothing else
(a session, a role) opens or closes them. The subscription page itself is routed by each topic's app and sits in
that app's matrix (delivery's "notifications" rows).

Cells (tests/permission_matrix.py): 200 the page, nothing changed; done a page (not a redirect) after a write that
changed something, as RFC 8058 one-click and the confirmation answer; 404 refused, nothing changed.

Links: valid (made for the subscription of the fixture), expired (a confirmation link older than CONFIRM_WITHIN),
forged (signed with another key).
"""

from __future__ import annotations

import time

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from coproduce.engagements.models import Participant
from coproduce.notifications.mail import CONFIRM_SALT, CONFIRM_WITHIN, confirm_token, unsubscribe_token
from coproduce.notifications.models import Notice, Subscription, Unsubscribed
from tests import permission_matrix as matrix
from tests.notifications.conftest import subscribe
from tests.permission_matrix import Request, parse_matrix

PERSONAS = ["anon", "pseudo", "pat", "sam", "mo", "erin", "fran", "alice", "olly"]

MATRIX = """
view               link     anon   pseudo pat    sam    mo     erin   fran   alice  olly
confirm            valid    200    200    200    200    200    200    200    200    200
confirm            expired  404    404    404    404    404    404    404    404    404
confirm            forged   404    404    404    404    404    404    404    404    404
confirm_post       valid    done   done   done   done   done   done   done   done   done
confirm_post       expired  404    404    404    404    404    404    404    404    404
confirm_post       forged   404    404    404    404    404    404    404    404    404
unsubscribe        valid    200    200    200    200    200    200    200    200    200
unsubscribe        forged   404    404    404    404    404    404    404    404    404
unsubscribe_post   valid    done   done   done   done   done   done   done   done   done
unsubscribe_post   forged   404    404    404    404    404    404    404    404    404
"""

ROW_URL = {
    "confirm": "notifications:confirm",
    "confirm_post": "notifications:confirm",
    "unsubscribe": "notifications:unsubscribe",
    "unsubscribe_post": "notifications:unsubscribe",
}
ROWS = parse_matrix(MATRIX, PERSONAS)
COVERS = {ROW_URL[view] for view, _link, _expected in ROWS}


class DatedInThePast(signing.TimestampSigner):
    """Signs as signing.dumps does, dated CONFIRM_WITHIN and a minute ago."""

    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time() - CONFIRM_WITHIN.total_seconds() - 60))


def token(view: str, link: str, subscription: Subscription) -> str:
    value = [subscription.pk, subscription.email]
    if link == "forged":
        return signing.TimestampSigner(key="not-our-secret", salt=CONFIRM_SALT).sign_object(value)
    if view.startswith("unsubscribe"):
        return unsubscribe_token(subscription.email)
    if link == "expired":
        return DatedInThePast(salt=CONFIRM_SALT).sign_object(value)
    return confirm_token(subscription)


def snapshot() -> tuple:
    return (
        list(Subscription.objects.order_by("pk").values_list("pk", "email", "frequency", "confirmed_at")),
        Unsubscribed.objects.count(),
        Notice.objects.count(),
    )


def outcome(response, changed: bool) -> str:
    return "done" if response.status_code == 200 and changed else matrix.outcome(response, changed)


@pytest.fixture
def matrix_world(world, news):
    world.pseudonymous_participant = Participant.objects.create(engagement=world.public, consented_at=timezone.now())
    world.subscription = subscribe(news, confirm=False)
    return world


@pytest.mark.parametrize(
    ("view", "link", "expected"), [pytest.param(v, link, e, id=f"{v}-{link}") for v, link, e in ROWS]
)
def test_permission_matrix(view, link, expected, matrix_world):
    url = reverse(ROW_URL[view], args=[token(view, link, matrix_world.subscription)])
    request = Request("post" if view.endswith("_post") else "get", url)
    got = matrix.run_row(PERSONAS, request, matrix_world, snapshot, outcome)
    matrix.assert_row(view, link, PERSONAS, expected, got)


def test_matrix_covers_every_url_name():
    ours = matrix.url_names("notifications", qualified=True)
    assert ours, "the notifications URLs are not installed"
    assert ours == COVERS, f"rows missing for {sorted(ours - COVERS)}, or rows for no URL: {sorted(COVERS - ours)}"
