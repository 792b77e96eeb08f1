"""On PostgreSQL: the same pair answered by several requests at the same moment (a double click, a retried
request) is stored once, and the others return without error."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from coproduce.proposals.actions import do_record_choice
from coproduce.proposals.models import PairwiseChoice, Proposal

pytestmark = pytest.mark.django_db(transaction=True)
REQUESTS = 8


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so it cannot show concurrent inserts")


def test_simultaneous_double_submit_is_stored_once(postgresql_only, codesign):
    a = codesign.proposal(status=Proposal.Status.SHORTLISTED, title="A")
    b = codesign.proposal(status=Proposal.Status.SHORTLISTED, title="B")
    someone = codesign.participant()
    phase = codesign.phases[codesign.world.public.slug]
    start = threading.Barrier(REQUESTS)
    stored: list[bool] = []
    errors: list[BaseException] = []

    def answer() -> None:
        try:
            start.wait(timeout=30)
            stored.append(do_record_choice(someone, phase, a, b, a, "the-same-nonce"))
        except BaseException as error:  # noqa: BLE001 - reported in the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer) for _ in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(stored) == [False] * (REQUESTS - 1) + [True]
    assert PairwiseChoice.objects.filter(participant=someone).count() == 1
