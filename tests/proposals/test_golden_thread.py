"""The golden thread, both ways: a proposal names the statements it answers; a statement lists the proposals that
answer it and the decisions that took them up."""

from __future__ import annotations

from django.urls import reverse

from coproduce.proposals.actions import do_record_decision
from coproduce.proposals.models import Citation, Proposal, ProposalVersion


def test_participant_writes_a_proposal_citing_statements(codesign, client):
    world = codesign.world
    someone = codesign.participant()
    browser = codesign.browser(someone)
    s1, s2, _s3 = codesign.statements[world.public.slug]
    response = browser.post(
        reverse("proposals:write", args=[world.public.slug]),
        {
            "title": "  Text   reminders ",
            "summary": "Send a text the day before.",
            "body": "<script>x</script>**Bold**",
            "statements": [str(s1.pk), str(s2.pk)],
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    assert (
        proposal.title == "Text reminders" and proposal.author_participant == someone and proposal.author_user is None
    )
    assert proposal.status == Proposal.Status.OPEN
    assert set(Citation.objects.values_list("statement_id", flat=True)) == {s1.pk, s2.pk}
    assert ProposalVersion.objects.get().number == 1
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert s1.text in page and s2.text in page
    assert "<strong>Bold</strong>" in page and "<script>x" not in page
    assert "A participant" in page


def test_statement_page_lists_the_proposals_and_decisions(codesign, client):
    world = codesign.world
    statement = codesign.statements[world.public.slug][0]
    answered = codesign.proposal(title="Text reminders")
    draft = codesign.proposal(title="Secret draft", status=Proposal.Status.DRAFT)
    hidden = codesign.proposal(title="Hidden one")
    Proposal.objects.filter(pk=hidden.pk).update(is_hidden=True)
    url = reverse("conversations:statement", args=[world.public.slug, statement.pk])
    page = client.get(url).content.decode()
    assert "Text reminders" in page and answered.get_absolute_url() in page
    assert "Secret draft" not in page and "Hidden one" not in page and draft.get_absolute_url() not in page
    decision = do_record_decision(
        world.fran,
        world.public,
        title="We will send reminders",
        decided_by="The board",
        decided_on="2026-11-20",
        reasons="People agreed.",
        not_done="",
        proposals=[answered],
    )
    page = client.get(url).content.decode()
    assert "We will send reminders" in page and decision.get_absolute_url() in page
    answered.refresh_from_db()
    assert answered.status == Proposal.Status.DECIDED


def test_decision_page_traces_back_to_the_statements(codesign, client):
    world = codesign.world
    statement = codesign.statements[world.public.slug][0]
    taken = codesign.proposal(title="Text reminders", status=Proposal.Status.SHORTLISTED)
    client.force_login(world.fran)
    response = client.post(
        reverse("proposals_staff:decision_new", args=[world.public.slug]),
        {
            "title_en": "We will send text reminders",
            "decided_by_en": "The health board",
            "decided_on": "2026-11-20",
            "reasons_en": "Most people *agreed*.",
            "not_done_en": "Evening clinics: no staff this year.",
            "proposals": [str(taken.pk)],
        },
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(response["Location"]).content.decode()
    for text in (
        "We will send text reminders",
        "The health board",
        "20 November 2026",
        "<em>agreed</em>",
        "Fran, on",
        "Evening clinics: no staff this year.",
        "Text reminders",
        statement.text,
    ):
        assert text in page, text
    assert reverse("conversations:statement", args=[world.public.slug, statement.pk]) in page


def test_a_statement_hidden_later_does_not_reappear_through_proposals_or_decisions(codesign, client):
    from coproduce.conversations.actions import do_moderate_statement

    world = codesign.world
    statement = codesign.statements[world.public.slug][0]
    proposal = codesign.proposal(title="Text reminders")
    decision = do_record_decision(
        world.fran,
        world.public,
        title="Reminders",
        decided_by="Board",
        decided_on="2026-11-20",
        reasons="Why",
        not_done="",
        proposals=[proposal],
    )
    assert statement.text in client.get(decision.get_absolute_url()).content.decode()
    do_moderate_statement(world.fran, statement, "hide", "personal_information")
    for url in (decision.get_absolute_url(), proposal.get_absolute_url()):
        assert statement.text not in client.get(url).content.decode(), url
