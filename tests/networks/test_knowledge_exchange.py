"""Members' staff (directly or through a member network) share short notes; others cannot."""

from __future__ import annotations

from coproduce.networks.models import KnowledgeNote


def note(**extra):
    return {
        "title": "Evening drop-ins",
        "what_worked": "Holding drop-ins after work.",
        "what_differently": "Book the room earlier.",
        "language": "en",
        **extra,
    }


def test_staff_of_an_organisation_in_a_member_network_write_a_note(networks, as_user):
    w = networks
    client = as_user(w.fran)  # facilitator at glas, in wales through north
    response = client.post("/staff/networks/wales/notes/new/", note(organisation=w.org.pk))
    assert response.status_code == 302
    saved = KnowledgeNote.objects.get()
    assert (saved.network, saved.organisation, saved.author, saved.language) == (w.wales, w.org, w.fran, "en")
    page = client.get("/networks/wales/").content.decode()
    assert "Holding drop-ins after work." in page


def test_a_welsh_note_is_marked_as_welsh_on_an_english_page(networks, as_user):
    w = networks
    client = as_user(w.fran)
    client.post(
        "/staff/networks/wales/notes/new/", note(language="cy", title="Sesiynau galw heibio", organisation=w.org.pk)
    )
    page = client.get("/networks/wales/").content.decode()
    assert '<article class="card" lang="cy">' in page


def test_staff_of_an_organisation_outside_the_network_cannot(networks, as_user):
    w = networks
    client = as_user(w.olly)
    assert client.post("/staff/networks/wales/notes/new/", note()).status_code == 403
    assert client.get("/staff/networks/wales/notes/new/").status_code == 403
    assert not KnowledgeNote.objects.exists()


def test_a_note_needs_what_worked(networks, as_user):
    client = as_user(networks.fran)
    response = client.post("/staff/networks/wales/notes/new/", note(what_worked=""))
    assert response.status_code == 400
    assert "Say what worked" in response.content.decode()
    assert not KnowledgeNote.objects.exists()
