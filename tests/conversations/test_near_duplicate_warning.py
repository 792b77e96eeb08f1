"""\"Is this what you mean?\": before a statement like ones already published is added, the writer sees up to three
of them, each in its own language with `lang`, and chooses: agree with one instead, or publish their own anyway.
Without JavaScript it is a two-step form (the words travel with the "publish" button, and stay in the form); with
htmx the form's part is swapped in place. Nothing is written until the writer chooses."""

from __future__ import annotations

import re

from django.urls import reverse

from coproduce.conversations.actions import do_write_statement
from coproduce.conversations.models import Statement, Vote

from .conftest import add_statements, client_of

WRITE = reverse("conversations:write", args=["outpatients"])
# Like the seed "Parking at the hospital makes me late." (tests/conversations/conftest.py).
LIKE_PARKING = "The hospital parking always makes me late!"


def similar_section(html: str) -> str:
    match = re.search(r'<section class="panel similar".*?</section>', html, re.S)
    assert match, "no 'Is this what you mean?' section"
    return match.group(0)


def test_the_first_submit_shows_similar_statements_and_writes_nothing(conversation, voter):
    before = Statement.objects.count()
    response = client_of(voter()).post(WRITE, {"text": LIKE_PARKING})
    assert response.status_code == 200
    html = response.content.decode()
    section = similar_section(html)
    assert "Is this what you mean?" in section
    existing = conversation.statements.get(text="Parking at the hospital makes me late.")
    assert f'<p lang="en" id="similar-{existing.pk}">Parking at the hospital makes me late.</p>' in section
    # Agree with it instead: a vote on that statement, and the words go with "publish anyway".
    assert f'name="statement" value="{existing.pk}"' in section
    assert 'name="value" value="1"' in section and "Agree with this instead" in section
    assert f'<input type="hidden" name="text" value="{LIKE_PARKING}">' in section
    assert '<input type="hidden" name="language" value="en">' in section
    assert '<input type="hidden" name="confirm" value="publish">' in section
    # The writer's words are also still in the form, to change them.
    assert f"{LIKE_PARKING}</textarea>" in html
    assert Statement.objects.count() == before
    # Unrelated seed statements are not offered.
    assert "Evening clinics" not in section


def test_publishing_anyway_adds_the_statement(conversation, voter):
    writer = voter()
    response = client_of(writer).post(WRITE, {"text": LIKE_PARKING, "language": "en", "confirm": "publish"})
    assert response.status_code == 302
    assert response["Location"] == reverse("conversations:vote_page", args=["outpatients"])
    statement = conversation.statements.get(text=LIKE_PARKING)
    assert (statement.author, statement.language) == (writer, "en")


def test_agreeing_instead_votes_and_adds_nothing(conversation, voter):
    writer = voter()
    existing = conversation.statements.get(text="Parking at the hospital makes me late.")
    before = Statement.objects.count()
    response = client_of(writer).post(
        reverse("conversations:vote", args=["outpatients"]),
        {"statement": existing.pk, "value": 1, "next": "instead-of-writing"},
        follow=True,
    )
    assert "You agreed with a statement already made, and yours was not added." in response.content.decode()
    assert Vote.objects.get(participant=writer, statement=existing).value == Vote.AGREE
    assert Statement.objects.count() == before


def test_with_no_similar_statement_it_is_added_at_once(conversation, voter):
    response = client_of(voter()).post(WRITE, {"text": "Volunteer drivers deserve a thank-you lunch."})
    assert response.status_code == 302
    assert conversation.statements.filter(text="Volunteer drivers deserve a thank-you lunch.").exists()


def test_at_most_three_most_similar_first(conversation, voter):
    add_statements(
        conversation,
        [
            "Parking at the hospital makes me late every time.",
            "Parking at the hospital always makes me late.",
            "Hospital parking makes me late.",
            "The parking at the hospital makes me so late.",
        ],
    )
    section = similar_section(client_of(voter()).post(WRITE, {"text": LIKE_PARKING}).content.decode())
    assert section.count('<li class="card">') == 3


def test_never_one_s_own_nor_an_unpublished_statement(conversation, voter):
    writer = voter()
    do_write_statement(conversation, "My car park ticket machine never takes cards at all.", author=writer)
    hidden = add_statements(conversation, ["The car park ticket machine never takes cards."])[0]
    Statement.objects.filter(pk=hidden.pk).update(status=Statement.Status.HIDDEN)
    response = client_of(writer).post(WRITE, {"text": "The car park ticket machine never takes my card."})
    assert response.status_code == 302  # nothing to show: added at once


def test_found_across_languages_through_a_confirmed_translation(conversation, voter, world):
    english = "Hospital volunteers should get free meals on long shifts."
    welsh = "Dylai gwirfoddolwyr yr ysbyty gael prydau am ddim ar shifftiau hir."
    do_write_statement(
        conversation,
        english,
        author=None,
        origin=Statement.Origin.SEED,
        actor=world.fran,
        language="en",
        translation=welsh,
    )
    browser = client_of(voter())
    browser.cookies["coproduce_language"] = "cy"
    response = browser.post(
        WRITE, {"text": "Dylai gwirfoddolwyr ysbyty gael bwyd am ddim ar shifft hir.", "language": "cy"}
    )
    section = similar_section(response.content.decode())
    assert "Ai dyma beth rydych chi’n ei feddwl?" in section
    # Shown in the reader's language, marked, with the original a click away.
    assert '<p lang="cy" id="similar-' in section and welsh in section
    assert f'<p lang="en">{english}</p>' in section


def test_a_welsh_statement_is_found_despite_mutations(conversation, voter):
    add_statements(conversation, ["Mae angen mwy o gefnogaeth ar ofalwyr ifanc yn yr ysgol."], language="cy")
    response = client_of(voter()).post(WRITE, {"text": "Mae angen cefnogaeth ar gyfer gofalwyr ifanc mewn ysgolion."})
    section = similar_section(response.content.decode())
    assert '<p lang="cy"' in section and "Mae angen mwy o gefnogaeth ar ofalwyr ifanc yn yr ysgol." in section


def test_a_statement_written_since_is_found(conversation, voter):
    # The matcher is kept per conversation: a statement added after it was built must be found too.
    client_of(voter()).post(WRITE, {"text": LIKE_PARKING})
    add_statements(conversation, ["Ambulance crews wait hours outside the emergency department."])
    response = client_of(voter()).post(WRITE, {"text": "Ambulance crews wait for hours outside the emergency unit."})
    assert "Ambulance crews wait hours outside the emergency department." in similar_section(response.content.decode())


def test_with_voting_closed_the_statement_is_linked_instead(conversation, voter, world):
    world.public.phases.update(features=["statements"])  # writing open, voting not
    section = similar_section(client_of(voter()).post(WRITE, {"text": LIKE_PARKING}).content.decode())
    existing = conversation.statements.get(text="Parking at the hospital makes me late.")
    assert "Agree with this instead" not in section
    assert reverse("conversations:statement", args=["outpatients", existing.pk]) in section


def test_with_htmx_the_part_is_swapped_and_publishing_redirects_the_page(conversation, voter):
    browser = client_of(voter())
    response = browser.post(WRITE, {"text": LIKE_PARKING}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "Is this what you mean?" in html
    assert "autofocus" in similar_section(html)  # htmx focuses the question it swapped in
    published = browser.post(WRITE, {"text": "Volunteer drivers deserve a thank-you lunch."}, HTTP_HX_REQUEST="true")
    assert published["HX-Redirect"] == reverse("conversations:vote_page", args=["outpatients"])
