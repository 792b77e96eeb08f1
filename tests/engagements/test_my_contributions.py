""" "My contributions": what a participant gave, and what became of it (issue 16, "give and get").

Built on tests/delivery's world: on the public engagement a pseudonymous participant ("author") wrote a statement,
a proposal cites it, a decision took the proposal up and a planned action delivers it.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import AnalysisSnapshot, Statement, Vote
from coproduce.delivery.actions import do_give_feedback, do_set_action_status
from coproduce.delivery.models import Action
from coproduce.engagements.contributions import contributions_of
from coproduce.engagements.models import Participant
from coproduce.proposals.access import Author
from coproduce.proposals.actions import do_write_proposal
from coproduce.proposals.models import Comment, DotAllocation, PairwiseChoice, Proposal
from tests.delivery.conftest import delivery  # noqa: F401  (fixtures this module builds on)
from tests.proposals.conftest import codesign  # noqa: F401


def outcomes(contributions, kind):
    (mine,) = contributions
    group = next(g for g in mine.groups if g.kind.name == kind)
    return [[(o.label, o.title, o.done) for o in item.outcomes] for item in group.items]


def test_a_statement_follows_the_thread_to_its_proposal_decision_and_action(delivery):  # noqa: F811
    things = delivery.things["outpatients"]
    (statement_outcomes,) = outcomes(contributions_of([things.author]), "statements")
    assert statement_outcomes == [
        ("Fewer than 5 people have voted on it so far, so its share is not shown yet", "", False),
        ("Cited by the proposal", "Text reminders", False),
        ("Part of the decision", "We will send text reminders", False),
        ("Action (Planned)", "Send a text two days before", False),
    ]
    do_set_action_status(delivery.world.fran, things.action, Action.Status.DONE)
    (statement_outcomes,) = outcomes(contributions_of([things.author]), "statements")
    assert statement_outcomes[-1] == ("Action (Done)", "Send a text two days before", True)


def test_a_statement_shows_its_agree_share_from_five_votes_and_common_ground(delivery):  # noqa: F811
    things = delivery.things["outpatients"]
    conversation = conversation_of(delivery.world.public)
    for value in (1, 1, 1, -1):
        Vote.objects.create(
            conversation=conversation, statement=things.statement, participant=delivery.participant(), value=value
        )
    labels = [label for label, _t, _d in outcomes(contributions_of([things.author]), "statements")[0]]
    assert labels[0].startswith("Fewer than 5 people")
    Vote.objects.create(
        conversation=conversation, statement=things.statement, participant=delivery.participant(), value=1
    )
    AnalysisSnapshot.objects.create(
        conversation=conversation,
        data={"summaries": {"common_ground": [{"id": things.statement.pk}]}},
        vote_count=5,
        participant_count=5,
    )
    labels = [label for label, _t, _d in outcomes(contributions_of([things.author]), "statements")[0]]
    assert labels[:2] == [
        "80% of the 5 people who voted on it agree",
        "Common ground: what every opinion group agrees with",
    ]


def test_a_statement_waiting_for_moderation_says_so_and_carries_no_thread(delivery):  # noqa: F811
    author = delivery.things["outpatients"].author
    Statement.objects.create(
        conversation=conversation_of(delivery.world.public),
        author=author,
        text="A second thought, waiting",
        status=Statement.Status.PENDING,
    )
    assert outcomes(contributions_of([author]), "statements")[1] == [("Waiting for moderation", "", False)]


def test_votes_choices_dots_feedback_and_comments_say_what_they_counted_toward(delivery):  # noqa: F811
    world, things = delivery.world, delivery.things["outpatients"]
    me = delivery.participant()
    Vote.objects.create(
        conversation=conversation_of(world.public), statement=things.statement, participant=me, value=-1
    )
    mine = do_write_proposal(
        world.public, Author(participant=me), title="Evening clinics", summary="Later.", body="", statements=[]
    )
    PairwiseChoice.objects.create(
        engagement=world.public,
        participant=me,
        option_a=things.proposal,
        option_b=mine,
        chosen=things.proposal,
        nonce="n",
    )
    DotAllocation.objects.create(engagement=world.public, participant=me, proposal=things.proposal, dots=4)
    Comment.objects.create(proposal=things.proposal, text="Texts would help me", author_participant=me)
    do_give_feedback(me, things.action, 4, "Worked")
    got = contributions_of([me])
    (vote,) = outcomes(got, "votes")
    assert vote[0] == ("Counted in this statement’s results", "", False)
    assert ("Action (Planned)", "Send a text two days before", False) in vote
    assert outcomes(got, "proposals") == [[("Status: Open for comments", "", False)]]
    (choice,) = outcomes(got, "choices")
    assert choice[0][0] == "Counted in the ranking of priorities"
    assert ("Part of the decision", "We will send text reminders", False) in choice  # the one chosen was decided
    (dots,) = outcomes(got, "dots")
    assert ("Action (Planned)", "Send a text two days before", False) in dots
    assert outcomes(got, "comments") == [[("Published", "", False)]]
    assert outcomes(got, "feedback") == [[("Counted: the average is shown once 5 people have answered", "", False)]]
    # Their words keep the language they are in, for the page to mark them (WCAG 3.1.2): they store none.
    (mine_all,) = got
    langs = {g.kind.name: [item.lang for item in g.items] for g in mine_all.groups}
    assert langs["comments"] == ["en"] and langs["feedback"] == [""]  # "Worked": too short to tell
    for rating in (2, 3, 5, 5):
        do_give_feedback(delivery.participant(), things.action, rating, "")
    assert outcomes(contributions_of([me]), "feedback") == [
        [("Counted in the average of the 5 people who answered: 3.8 out of 5", "", False)]
    ]


def test_the_page_shows_only_this_browsers_contributions_with_their_language(delivery):  # noqa: F811
    things = delivery.things["outpatients"]
    other = delivery.participant()
    Statement.objects.create(
        conversation=conversation_of(delivery.world.public), author=other, text="Someone else's words", language="cy"
    )
    response = delivery.browser(things.author).get(reverse("engagements:my_contributions", args=["outpatients"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="en">' in page and "outpatients: I never get a reminder" in page
    assert "Someone else&#x27;s words" not in page and "Someone else's words" not in page
    assert "Send a text two days before" in page


def test_the_account_page_lists_every_engagement_the_account_took_part_in(delivery, as_user):  # noqa: F811
    world = delivery.world
    pat_public = Participant.objects.get(engagement=world.public, user=world.pat)
    pat_private = Participant.objects.create(engagement=world.private, user=world.pat)
    Statement.objects.create(conversation=conversation_of(world.public), author=pat_public, text="Pat in public")
    Statement.objects.create(conversation=conversation_of(world.private), author=pat_private, text="Pat in private")
    page = as_user(world.pat).get(reverse("engagements:account_contributions")).content.decode()
    assert "Pat in public" in page and "Pat in private" in page
    assert "I never get a reminder" not in page  # the author's, not Pat's


def _make_contributions(delivery, me, n):  # noqa: F811
    world, things = delivery.world, delivery.things["outpatients"]
    conversation = conversation_of(world.public)
    for i in range(n):
        statement = Statement.objects.create(conversation=conversation, author=me, text=f"My statement number {i}")
        do_write_proposal(
            world.public,
            Author(user=world.fran),
            title=f"Proposal {i}",
            summary="S.",
            body="",
            statements=[statement],
        )
        Vote.objects.create(
            conversation=conversation,
            statement=Statement.objects.create(conversation=conversation, text=f"Seed {i}"),
            participant=me,
            value=1,
        )
        mine = do_write_proposal(
            world.public, Author(participant=me), title=f"Mine {i}", summary="S.", body="", statements=[]
        )
        do_give_feedback(me, delivery.action(title=f"Action {i}"), 3, "")
        Comment.objects.create(proposal=things.proposal, text=f"Comment {i}", author_participant=me)
        DotAllocation.objects.create(engagement=world.public, participant=me, proposal=mine, dots=1 + i)


@pytest.mark.parametrize("n", [1, 6])
def test_the_page_makes_as_many_queries_for_one_item_as_for_many(delivery, django_assert_max_num_queries, n):  # noqa: F811
    me = delivery.participant()
    _make_contributions(delivery, me, n)
    client = delivery.browser(me)
    # The number measured with one of each (a session, the participant, the engagement, then a fixed number per
    # kind and per source): the same bound holds for six of each.
    with django_assert_max_num_queries(QUERIES):
        response = client.get(reverse("engagements:my_contributions", args=["outpatients"]))
    page = response.content.decode()
    assert f"My statement number {n - 1}" in page and f"Mine {n - 1}" in page and f"Comment {n - 1}" in page


QUERIES = 25  # measured with one of each: the same for six


def test_a_proposal_shows_its_rank_once_five_people_have_chosen(delivery):  # noqa: F811
    world, things = delivery.world, delivery.things["outpatients"]
    me = delivery.participant()
    mine = do_write_proposal(
        world.public, Author(participant=me), title="Evening clinics", summary="Later.", body="", statements=[]
    )
    Proposal.objects.filter(pk__in=[mine.pk, things.proposal.pk]).update(status=Proposal.Status.SHORTLISTED)

    def choose(n):
        for i in range(n):
            PairwiseChoice.objects.create(
                engagement=world.public,
                participant=delivery.participant(),
                option_a=things.proposal,
                option_b=mine,
                chosen=mine,
                nonce=f"n{n}{i}",
            )

    choose(4)
    assert outcomes(contributions_of([me]), "proposals") == [[("Status: Shortlisted", "", False)]]
    choose(1)
    assert outcomes(contributions_of([me]), "proposals") == [
        [("Status: Shortlisted", "", False), ("Ranked 1 of 2", "Priorities", False)]
    ]
