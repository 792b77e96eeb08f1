"""Anonymous figures: how many were signposted where, and what came of it, with small numbers hidden; shown to
the engagement's staff and on the network's page."""

from __future__ import annotations

from django.utils import timezone

from coproduce.signposting.models import Signposting
from tests.networks.conftest import join, make_network


def records(w, service, n, outcome="awaited"):
    Signposting.objects.bulk_create(
        Signposting(
            engagement=w.public,
            conversation=w.conversations["public"],
            service=service,
            author=w.sam,
            shared_with="signposter",
            consent_given_at=timezone.now(),
            outcome=outcome,
        )
        for _ in range(n)
    )


def test_small_numbers_are_hidden(directory, as_user):
    w = directory
    records(w, w.advice, 4)
    page = as_user(w.fran).get("/staff/engagements/outpatients/signposting/").content.decode()
    assert "Figures are shown once at least 5 people have been signposted." in page
    records(w, w.advice, 2, outcome="helped")
    records(w, w.walks, 3, outcome="helped")
    page = as_user(w.fran).get("/staff/engagements/outpatients/signposting/").content.decode()
    assert "9 people signposted." in page
    assert "<td>Carers&#x27; advice line</td><td>6</td>" in page
    assert "Health walks" not in page  # 3: hidden
    assert "1 other service" in page
    assert "<td>Helped</td><td>5</td>" in page
    assert "<td>Not known yet</td><td>fewer than 5</td>" in page  # 4
    assert "Pat Jones" not in page


def test_the_network_page_shows_the_figures_of_its_organisations(directory, client):
    w = directory
    wales = make_network("wales", "Wales", "Cymru", w.olly)
    join(wales, organisation=w.org)
    records(w, w.walks, 5, outcome="contacted")
    page = client.get("/networks/wales/").content.decode()
    assert "Signposting in the network" in page
    assert "<td>Health walks</td><td>5</td>" in page
    assert "Pat Jones" not in page
