"""Discussion of a proposal: comments with one level of replies, moderation with a public log, expert input apart
from comments, the boundary check, and amendments as versions with a readable diff."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from coproduce.engagements.models import AuditEvent
from coproduce.proposals.access import Author
from coproduce.proposals.diff import word_diff
from coproduce.proposals.models import Comment, ExpertInput, Proposal, ProposalModeration, ProposalVersion


def test_comments_and_replies_stay_one_level_deep(codesign):
    world = codesign.world
    proposal = codesign.proposal()
    someone = codesign.participant()
    client = codesign.browser(someone)
    url = reverse("proposals:comment", args=[world.public.slug, proposal.pk])
    client.post(url, {"text": "Good idea"})
    top = Comment.objects.get()
    client.post(url, {"text": "I agree", "parent": top.pk})
    reply = Comment.objects.get(parent=top)
    client.post(url, {"text": "Me too", "parent": reply.pk})
    assert Comment.objects.filter(parent=top).count() == 2  # a reply to a reply joins the same thread
    assert not Comment.objects.filter(parent=reply).exists()
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert page.index("Good idea") < page.index("I agree") < page.index("Me too")


def test_hidden_comment_leaves_the_page_and_enters_the_public_log(codesign, client):
    world = codesign.world
    proposal = codesign.proposal()
    comment = Comment.objects.create(proposal=proposal, text="Call Mrs Jones on 07700 900123")
    client.force_login(world.fran)
    response = client.post(
        reverse("proposals_staff:moderate_comment", args=[world.public.slug, comment.pk]),
        {"action": "hide", "reason": "personal_information"},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN
    assert AuditEvent.objects.filter(action="comment.hide").exists()
    client.logout()
    assert "07700" not in client.get(proposal.get_absolute_url()).content.decode()
    log = client.get(reverse("proposals:moderation_log", args=[world.public.slug])).content.decode()
    assert f"Comment {comment.pk}" in log and "Personal information" in log and "07700" not in log
    # Hiding needs a reason: nothing changes without one.
    client.force_login(world.fran)
    other = Comment.objects.create(proposal=proposal, text="Fine")
    client.post(reverse("proposals_staff:moderate_comment", args=[world.public.slug, other.pk]), {"action": "hide"})
    other.refresh_from_db()
    assert other.status == Comment.Status.PUBLISHED and ProposalModeration.objects.count() == 1


def test_expert_input_only_from_experts_and_labelled(codesign, client):
    world = codesign.world
    proposal = codesign.proposal()
    url = reverse("proposals:expert_input", args=[world.public.slug, proposal.pk])
    client.force_login(world.fran)
    assert client.post(url, {"expert-text_en": "I am not an expert"}).status_code == 403
    client.force_login(world.erin)
    assert client.post(url, {"expert-text_en": "Texts cost 3p each; *cheap*."}).status_code == 302
    item = ExpertInput.objects.get()
    assert item.expert == world.erin
    page = client.get(proposal.get_absolute_url()).content.decode()
    expert_section = page[page.index('id="expert-input"') : page.index('id="comments"')]
    assert "Erin" in expert_section and "<em>cheap</em>" in expert_section and "Expert input" in expert_section
    assert "cheap" not in page[page.index('id="comments"') :]


def test_boundary_check_is_shown_and_audited(codesign, client):
    world = codesign.world
    proposal = codesign.proposal()
    client.force_login(world.fran)
    response = client.post(
        reverse("proposals_staff:boundary", args=[world.public.slug, proposal.pk]),
        {"boundary-boundary": "partly", "boundary-note_en": "Reminders are in scope; parking is not."},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.boundary == Proposal.Boundary.PARTLY and proposal.boundary_checked_at is not None
    assert AuditEvent.objects.filter(action="proposal.boundary_checked", actor=world.fran).exists()
    client.logout()
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Partly within the boundaries" in page and "parking is not" in page
    # Without a reason: an error, nothing changed.
    client.force_login(world.fran)
    response = client.post(
        reverse("proposals_staff:boundary", args=[world.public.slug, proposal.pk]),
        {"boundary-boundary": "outside", "boundary-note_en": ""},
    )
    assert response.status_code == 400 and "Say why" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.boundary == Proposal.Boundary.PARTLY


def test_status_changes_are_audited_and_shown_with_the_reason(codesign, client):
    world = codesign.world
    proposal = codesign.proposal()
    client.force_login(world.fran)
    client.post(
        reverse("proposals_staff:status", args=[world.public.slug, proposal.pk]),
        {"status-status": "not_taken_forward", "status-reason_en": "It is outside the budget."},
    )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.NOT_TAKEN_FORWARD
    assert AuditEvent.objects.filter(action="proposal.status_changed", details__status="not_taken_forward").exists()
    client.logout()
    assert "It is outside the budget." in client.get(proposal.get_absolute_url()).content.decode()


def test_author_amends_and_everyone_sees_the_diff(codesign, client):
    world = codesign.world
    someone = codesign.participant()
    proposal = codesign.proposal(author=Author(participant=someone), title="Text reminders")
    url = reverse("proposals:amend", args=[world.public.slug, proposal.pk])
    # Someone else may not amend it, nor may staff edit a participant's words.
    assert codesign.browser(codesign.participant()).get(url).status_code == 403
    client.force_login(world.fran)
    assert client.get(url).status_code == 403
    browser = codesign.browser(someone)
    response = browser.post(
        url,
        {
            "title": "Text and email reminders",
            "summary": proposal.summary,
            "body": proposal.body,
            "note": "Added email",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Text and email reminders"
    assert list(ProposalVersion.objects.filter(proposal=proposal).values_list("number", "title")) == [
        (1, "Text reminders"),
        (2, "Text and email reminders"),
    ]
    client.logout()
    page = client.get(reverse("proposals:history", args=[world.public.slug, proposal.pk])).content.decode()
    assert "<ins>" in page and "and email" in page and "Added email" in page


def test_word_diff():
    assert word_diff("send a text", "send an email") == [
        ("equal", "send "),
        ("delete", "a"),
        ("insert", "an"),
        ("equal", " "),
        ("delete", "text"),
        ("insert", "email"),
    ]
    assert word_diff("", "new words") == [("insert", "new words")]
    assert word_diff("same", "same") == [("equal", "same")]


def test_in_a_pre_moderated_engagement_participants_writing_waits_for_a_facilitator(codesign, client):
    from coproduce.conversations.models import Conversation

    world = codesign.world
    Conversation.objects.filter(engagement=world.public).update(moderation=Conversation.Moderation.BEFORE)
    proposal = codesign.proposal()  # written by staff: published at once
    someone = codesign.participant()
    browser = codesign.browser(someone)
    response = browser.post(
        reverse("proposals:comment", args=[world.public.slug, proposal.pk]), {"text": "Waiting words"}, follow=True
    )
    assert "Your comment will appear once a facilitator has checked it." in response.content.decode()
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert "Waiting words" not in client.get(proposal.get_absolute_url()).content.decode()
    statement = codesign.statements[world.public.slug][0]
    browser.post(
        reverse("proposals:write", args=[world.public.slug]),
        {"title": "Checked first", "summary": "Wait.", "statements": [str(statement.pk)]},
    )
    written = Proposal.objects.get(title="Checked first")
    assert written.status == Proposal.Status.DRAFT
    assert client.get(written.get_absolute_url()).status_code == 404
    # The facilitator publishes the comment (logged) and opens the proposal.
    client.force_login(world.fran)
    client.post(
        reverse("proposals_staff:moderate_comment", args=[world.public.slug, comment.pk]), {"action": "publish"}
    )
    client.post(reverse("proposals_staff:status", args=[world.public.slug, written.pk]), {"status-status": "open"})
    client.logout()
    assert "Waiting words" in client.get(proposal.get_absolute_url()).content.decode()
    assert client.get(written.get_absolute_url()).status_code == 200
    assert ProposalModeration.objects.filter(comment=comment, action="publish").exists()


def test_comments_keep_their_language_on_a_welsh_page(codesign, client):
    """WCAG 3.1.2: a comment written in English is not translated; on the Welsh page it is marked lang="en"."""
    proposal = codesign.proposal()
    english = Comment.objects.create(proposal=proposal, text="Please let the text say which clinic and which entrance.")
    Comment.objects.create(
        proposal=proposal, parent=english, text="Diolch, byddwn yn ychwanegu enw’r clinig i’r neges."
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert f'<p lang="en">{english.text}</p>' in page
    assert "<p>Diolch, byddwn yn ychwanegu enw’r clinig i’r neges.</p>" in page  # the page's own language
    client.force_login(codesign.world.fran)
    page = client.get(reverse("proposals_staff:proposals", args=[proposal.engagement.slug])).content.decode()
    assert f'<span lang="en">{english.text}</span>' in page
