"""Fresh results after a vote (issue 22, decision 0023): a large conversation is not re-analysed inside a page; the
statements voted on since the latest analysis are recounted and labelled at once, in the analysis's groups, and the
next analysis agrees with them. The votes are read into NumPy arrays that give the engine the same Votes as the ORM
rows did."""

from __future__ import annotations

import numpy as np
import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.commonground import Votes
from coproduce.conversations import actions
from coproduce.conversations.analysis import compute_snapshot, live_statements, read_votes, wait_for_preparations
from coproduce.conversations.models import AnalysisSnapshot, Statement, Vote, VoteEvent, normalise_statement
from coproduce.conversations.results import current_results
from coproduce.engagements.models import Participant
from tests.conversations.conftest import client_of

pytestmark = pytest.mark.django_db

# Three opinion groups of 12; what each group votes on each of 8 statements (+1 agree, -1 disagree). Statement 0 is
# common ground; the others split the groups in different ways.
PATTERN = np.array(
    [
        [1, 1, -1, 1, -1, 1, -1, 1],
        [1, -1, 1, 1, 1, -1, -1, -1],
        [1, 1, 1, -1, -1, -1, 1, 1],
    ]
)
GROUP_SIZE = 12


@pytest.fixture
def planted(conversation, world, settings):
    """The conversation with three planted groups' votes on 8 statements, one more statement nobody has voted on
    yet, and its analysis. Every page takes the live path (the threshold at 0 votes)."""
    settings.COPRODUCE_LIVE_COUNTS_FROM_VOTES = 0
    conversation.statements.all().delete()
    texts = [f"Planted statement {j} about the clinic" for j in range(PATTERN.shape[1] + 1)]
    statements = Statement.objects.bulk_create(
        Statement(conversation=conversation, text=t, normalised=normalise_statement(t), origin=Statement.Origin.SEED)
        for t in texts
    )
    people = Participant.objects.bulk_create(
        Participant(engagement=world.public, consented_at=timezone.now()) for _ in range(3 * GROUP_SIZE)
    )
    rng = np.random.default_rng(3)
    votes = Vote.objects.bulk_create(
        Vote(
            conversation=conversation,
            participant=person,
            statement=statements[j],
            # One vote in 24 against the group, so that the groups are real but not perfect (with one in 12 on 36 people and
            # 8 statements, the engine's held-out choice puts a person with two odd votes in a group of their own).
            value=int(PATTERN[i // GROUP_SIZE, j] * (-1 if rng.random() < 1 / 24 else 1)),
        )
        for i, person in enumerate(people)
        for j in range(PATTERN.shape[1])
    )
    # With their history, as every way of storing votes writes it (the live figures read what a vote was).
    VoteEvent.objects.bulk_create(
        VoteEvent(
            conversation=conversation,
            participant=v.participant,
            statement=v.statement,
            value=v.value,
            created_at=v.updated_at,
        )
        for v in votes
    )
    snapshot = compute_snapshot(conversation)
    return conversation, statements, people, snapshot


@pytest.fixture(autouse=True)
def _no_scheduled_analysis(monkeypatch):
    """Votes here wait for an analysis (with no broker, the vote action's scheduled one would run inline)."""
    monkeypatch.setattr(actions, "schedule_analysis", lambda *args, **kwargs: False)


def vote_now(conversation, person, statement, value: int) -> None:
    """A vote stored by the vote action (latest wins, with its history row), stamped now, without its scheduled
    analysis."""
    assert actions.do_cast_vote(person, statement, value)


def row_of(context: dict, statement_id: int):
    return next(r for r in context["every_statement"] if r.id == statement_id)


def test_a_vote_shows_at_once_with_its_label_before_the_next_analysis(planted):
    conversation, statements, people, snapshot = planted
    new = statements[-1]  # nobody had voted on it: not in the analysis's figures as voted, label "not sure"
    before = current_results(conversation, None, with_every=True)
    assert row_of(before, new.pk).votes == 0 and new.pk not in {r.id for r in before["common_ground"]}

    vote_now(conversation, people[0], new, 1)
    one = current_results(conversation, None, with_every=True)
    assert AnalysisSnapshot.objects.filter(conversation=conversation).count() == 1  # no analysis in between
    assert one["snapshot"].pk == snapshot.pk
    assert (row_of(one, new.pk).agree, row_of(one, new.pk).votes) == (1, 1)

    for person in people[1:]:
        vote_now(conversation, person, new, 1)
    everyone = current_results(conversation, None, with_every=True)
    row = row_of(everyone, new.pk)
    assert (row.agree, row.disagree, row.votes) == (len(people), 0, len(people))
    assert [g["agree"] for g in row.groups] == [GROUP_SIZE] * 3  # each in the group the analysis gave them
    assert row.probability is not None and row.probability > 0.95
    assert new.pk in {r.id for r in everyone["common_ground"]}  # the label: common ground now
    assert AnalysisSnapshot.objects.filter(conversation=conversation).count() == 1

    # A changed vote is counted once, with its new value.
    vote_now(conversation, people[0], new, -1)
    row = row_of(current_results(conversation, None, with_every=True), new.pk)
    assert (row.agree, row.disagree, row.votes) == (len(people) - 1, 1, len(people))


def test_a_statement_that_stops_being_common_ground_leaves_the_section_at_once(planted):
    conversation, statements, people, snapshot = planted
    common = statements[0]
    assert common.pk in {r.id for r in current_results(conversation, None)["common_ground"]}
    for person in people[2 * GROUP_SIZE :]:  # one whole planted group now disagrees
        vote_now(conversation, person, common, -1)
    assert common.pk not in {r.id for r in current_results(conversation, None)["common_ground"]}


def test_the_live_figures_agree_with_a_full_analysis(planted):
    conversation, statements, people, snapshot = planted
    rng = np.random.default_rng(5)
    for person in people:  # new votes on the new statement, and changed votes on two others
        vote_now(conversation, person, statements[-1], int(rng.choice([-1, 0, 1])))
    for person in people[::3]:
        vote_now(conversation, person, statements[1], 0)
        vote_now(
            conversation,
            person,
            statements[4],
            -int(Vote.objects.get(participant=person, statement=statements[4]).value),
        )
    live = live_statements(conversation, snapshot)
    assert {statements[-1].pk, statements[1].pk, statements[4].pk} <= live.keys()

    full = compute_snapshot(conversation).data
    memberships = {p["id"]: p["group"] for p in full["participants"]}
    assert memberships == {p["id"]: p["group"] for p in snapshot.data["participants"]}  # the groups held
    by_id = {s["id"]: s for s in full["statements"]}
    for sid, now in live.items():
        s = by_id[sid]
        assert now.counts.tolist() == [s["agree"], s["disagree"], s["pass"]], sid
        assert now.group_counts.tolist() == [[g["agree"], g["disagree"], g["pass"]] for g in s["groups"]], sid
        assert now.common_ground == s["common_ground"], sid
    # After the analysis nothing is live: the pages read its own figures.
    assert live_statements(conversation, AnalysisSnapshot.objects.filter(conversation=conversation).first()) == {}


def test_the_reader_gives_the_same_votes_as_the_orm_rows(planted):
    conversation, statements, people, snapshot = planted
    vote_now(conversation, people[0], statements[0], 0)  # a changed vote
    statements[3].status = Statement.Status.HIDDEN
    statements[3].save()
    rows = list(Vote.objects.filter(conversation=conversation).values_list("participant_id", "statement_id", "value"))
    ids = list(conversation.statements.values_list("pk", flat=True))
    p, s, v = zip(*rows)
    before = Votes.from_events(list(p), list(s), list(v), statements=ids)
    arrays = read_votes(conversation)
    assert all(a.dtype == np.int64 for a in arrays)
    now = Votes.from_events(*arrays, statements=np.array(ids, dtype=np.int64))
    for name in ("participant_ids", "statement_ids", "rows", "cols", "values"):
        assert np.array_equal(getattr(now, name), getattr(before, name)), name
    assert now.participant_ids.tolist() == before.participant_ids.tolist()  # the same ids, as Python ints


def test_the_reader_of_a_conversation_without_votes(conversation):
    participants, statement_ids, values = read_votes(conversation)
    assert participants.size == statement_ids.size == values.size == 0


RESULTS = reverse("conversations:results", args=["outpatients"])
SEE_ALL = reverse("conversations:results_list", args=["outpatients"])
LIVE = reverse("conversations_staff:live", args=["outpatients"])
API = "/api/v1/engagements/outpatients/analysis"
POLL = {"HX-Request": "true"}


def figures(row) -> tuple:
    """A statement's figures as the pages' rows have them (the API's are compared in this form)."""
    return (
        row.agree,
        row.disagree,
        row.passed,
        row.probability,
        [(g["agree"], g["disagree"], g["pass"]) for g in row.groups],
    )


def api_figures(s: dict) -> tuple:
    return (
        s["agree"],
        s["disagree"],
        s["pass"],
        s["common_ground_probability"],
        [(g["agree"], g["disagree"], g["pass"]) for g in s["groups"]],
    )


def test_a_vote_after_the_analysis_shows_alike_on_the_page_the_api_and_the_projector(planted, client, world):
    conversation, statements, people, snapshot = planted
    new, changed = statements[-1], statements[0]
    for person in people:  # everyone agrees with the statement nobody had voted on: common ground now
        vote_now(conversation, person, new, 1)
    vote_now(conversation, people[0], changed, -1)  # a changed vote: the same number of votes, other figures

    page = client_of(people[1]).get(RESULTS)
    see_all = client_of(people[1]).get(SEE_ALL, {"page": 1})
    api = client.get(API)
    client.force_login(world.alice)
    projector = client.get(LIVE, headers=POLL)
    assert [r.status_code for r in (page, see_all, api, projector)] == [200] * 4
    assert AnalysisSnapshot.objects.filter(conversation=conversation).count() == 1  # no analysis in between
    assert page.context["snapshot"].pk == projector.context["snapshot"].pk == snapshot.pk

    document = api.json()
    by_id = {s["id"]: s for s in document["statements"]}
    rows = {r.id: r for r in see_all.context["page"].object_list}
    assert figures(rows[new.pk])[:3] == (len(people), 0, 0)
    assert figures(rows[changed.pk])[:3] == tuple(
        Vote.objects.filter(statement=changed, value=v).count() for v in (1, -1, 0)
    )
    # Every statement's figures: the same in "see all" and the API.
    assert rows.keys() == by_id.keys()
    for sid, row in rows.items():
        assert figures(row) == api_figures(by_id[sid]), sid
    # The common-ground section: the same statements in the same order on the page, the API and the projector.
    page_common = [r.id for r in page.context["common_ground"]]
    assert new.pk in page_common
    assert page_common == [s["id"] for s in document["common_ground"]]
    assert [r.id for r in projector.context["common_ground_top"]] == page_common[
        : len(projector.context["common_ground_top"])
    ]
    shown = {r.id: r for r in projector.context["common_ground_top"]}
    assert new.pk in shown and figures(shown[new.pk]) == figures(rows[new.pk])
    assert by_id[new.pk]["common_ground"] is True and by_id[new.pk]["common_ground_words"]


def test_the_projector_shows_a_changed_vote_before_the_next_analysis(planted, client, world):
    conversation, statements, people, snapshot = planted
    client.force_login(world.alice)
    first = client.get(LIVE, headers=POLL)
    assert first.status_code == 200
    assert client.get(LIVE, headers={**POLL, "If-None-Match": first["ETag"]}).status_code == 304
    common = statements[0]  # common ground: on the projector
    assert Vote.objects.get(participant=people[0], statement=common).value == 1
    vote_now(conversation, people[0], common, -1)  # the number of votes stays the same
    again = client.get(LIVE, headers={**POLL, "If-None-Match": first["ETag"]})
    assert again.status_code == 200 and again["ETag"] != first["ETag"]
    assert again.context["snapshot"].pk == snapshot.pk
    row = next(r for r in again.context["common_ground_top"] if r.id == common.pk)
    assert (row.agree, row.disagree) == tuple(Vote.objects.filter(statement=common, value=v).count() for v in (1, -1))
    assert row.disagree == next(r for r in first.context["common_ground_top"] if r.id == common.pk).disagree + 1


def test_a_new_analysis_is_prepared_in_the_background_while_the_pages_keep_the_last_one(planted, settings):
    """At size (here every size: the planted fixture's threshold), a web process reads and prepares a new analysis
    in a thread; meanwhile its pages show the one it has, with the votes since laid over it."""
    conversation, statements, people, snapshot = planted
    settings.COPRODUCE_PREPARE_IN_BACKGROUND = True
    new = statements[-1]
    assert current_results(conversation, None)["snapshot"].pk == snapshot.pk  # the first: prepared in the page
    vote_now(conversation, people[0], new, 1)
    second = compute_snapshot(conversation)
    vote_now(conversation, people[1], new, 1)
    meanwhile = current_results(conversation, None, with_every=True)
    assert meanwhile["snapshot"].pk == snapshot.pk
    assert (row_of(meanwhile, new.pk).agree, row_of(meanwhile, new.pk).votes) == (2, 2)
    wait_for_preparations()
    later = current_results(conversation, None, with_every=True)
    assert later["snapshot"].pk == second.pk
    assert (row_of(later, new.pk).agree, row_of(later, new.pk).votes) == (2, 2)

    settings.COPRODUCE_PREPARE_IN_BACKGROUND = False  # off: the page prepares the new analysis itself
    third = compute_snapshot(conversation)
    assert current_results(conversation, None)["snapshot"].pk == third.pk
