"""A golden thread in every engagement of api_world (tests/api/conftest.py), for the API and the open data tests.

In each engagement: a prioritisation and decision phase open today; proposals (one open citing a published and a
hidden statement, with expert input in English and Welsh; two shortlisted; a draft and a hidden one whose words must
never be published); a decision taking up the open one; three iterations (started; later with an action; later
without one, not published yet); actions planned, in progress and done, with updates; feedback on the done action
from all six of api_world's voters (shown), and from two of them on the planned one (suppressed). Pairwise choices
and dots from `choosers` of the voters (five by default: the threshold, so the ranking is shown).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from coproduce.delivery.actions import (
    do_add_update,
    do_create_action,
    do_create_iteration,
    do_give_feedback,
    do_set_action_status,
)
from coproduce.engagements.models import Feature, Phase
from coproduce.proposals.access import Author
from coproduce.proposals.actions import (
    do_comment,
    do_give_expert_input,
    do_moderate,
    do_record_choice,
    do_record_decision,
    do_set_status,
    do_spread_dots,
    do_write_proposal,
)

DRAFT_TITLE = "ZQD draft words nobody has published"
HIDDEN_TITLE = "ZQH hidden proposal words"
FEEDBACK_COMMENT = "ZQF my own comment on the change"
EXPERT_NAME = "Zyxel Expert Quartermain"


def open_deciding(engagement) -> Phase:
    today = timezone.localdate()
    return Phase.objects.create(
        engagement=engagement,
        kind=Phase.Kind.PRIORITISE,
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=10),
        features=[str(Feature.PRIORITISATION), str(Feature.DECISIONS), str(Feature.ACTIONS), str(Feature.FEEDBACK)],
    )


def build_thread(world, engagement, statements, people, *, choosers: int = 5) -> SimpleNamespace:
    phase = open_deciding(engagement)
    staff = Author(user=world.fran)
    today = timezone.localdate()
    world.erin.display_name = EXPERT_NAME
    world.erin.save()
    opened = do_write_proposal(
        engagement,
        staff,
        title={"en": "Text reminders", "cy": "Negeseuon atgoffa"},
        summary={"en": "A text two days before.", "cy": "Neges ddeuddydd cyn."},
        body={"en": "In full.", "cy": ""},
        statements=[statements[0], statements[3]],  # the second one is hidden (api_world)
    )
    expert = do_give_expert_input(world.erin, opened, {"en": "Texts work well.", "cy": "Mae negeseuon yn gweithio."})
    a = do_write_proposal(engagement, staff, title="Evening clinics", summary="Open later.", body="", statements=[])
    b = do_write_proposal(engagement, staff, title="Video calls", summary="From home.", body="", statements=[])
    for option in (a, b):
        do_set_status(world.fran, option, "shortlisted")
    draft = do_write_proposal(
        engagement, staff, title=DRAFT_TITLE, summary=DRAFT_TITLE, body="", statements=[], status="draft"
    )
    hidden = do_write_proposal(engagement, staff, title=HIDDEN_TITLE, summary=HIDDEN_TITLE, body="", statements=[])
    do_moderate(world.fran, engagement, action="hide", reason="off_topic", proposal=hidden)
    do_comment(opened, Author(participant=people[0]), "I would like this.")
    decision = do_record_decision(
        world.fran,
        engagement,
        title={"en": "We will send text reminders", "cy": "Byddwn yn anfon negeseuon atgoffa"},
        decided_by={"en": "The outpatients board", "cy": "Bwrdd cleifion allanol"},
        decided_on=today,
        reasons={"en": "People agreed.", "cy": "Roedd pobl yn cytuno."},
        not_done={"en": "", "cy": ""},
        proposals=[opened],
    )
    started = do_create_iteration(
        world.fran,
        engagement,
        name={"en": "First fortnight", "cy": "Pythefnos cyntaf"},
        goal={"en": "Texts live", "cy": "Negeseuon yn fyw"},
        starts_on=today - dt.timedelta(days=2),
        ends_on=today + dt.timedelta(days=12),
    )
    later = do_create_iteration(
        world.fran, engagement, name="Second fortnight", goal="More", starts_on=today + dt.timedelta(days=14),
        ends_on=today + dt.timedelta(days=28),
    )  # fmt: skip
    unpublished = do_create_iteration(
        world.fran, engagement, name="ZQI later iteration", goal="Later", starts_on=today + dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=40),
    )  # fmt: skip
    done = do_create_action(
        world.fran,
        decision,
        title={"en": "Send a text two days before", "cy": "Anfon neges ddeuddydd cyn"},
        description="",
        owner={"en": "Outpatients booking team", "cy": "Tîm archebu cleifion allanol"},
        target_date=today,
        iteration=started,
    )
    progress = do_create_action(
        world.fran, decision, title="Try evening texts", description="", owner="Digital team", target_date=None,
        iteration=later,
    )  # fmt: skip
    planned = do_create_action(
        world.fran, decision, title="Print reminders", description="", owner="Post room", target_date=None
    )
    do_set_action_status(world.fran, done, "done", text={"en": "Live now.", "cy": "Yn fyw nawr."})
    do_set_action_status(world.fran, progress, "in_progress")
    note = do_add_update(world.fran, planned, {"en": "Waiting for the printer.", "cy": "Aros am yr argraffydd."})
    for n, person in enumerate(people):
        do_give_feedback(person, done, [5, 4, 4, 3, 5, 2][n % 6], FEEDBACK_COMMENT)
    for person in people[:2]:
        do_give_feedback(person, planned, 1, FEEDBACK_COMMENT)
    for n, person in enumerate(people[:choosers]):
        do_record_choice(person, phase, a, b, a if n % 3 else b, f"nonce-{n}")
        do_spread_dots(person, phase, 10, {a: 6, b: 4} if n % 2 else {a: 3, b: 7})
    return SimpleNamespace(
        phase=phase, opened=opened, expert=expert, a=a, b=b, draft=draft, hidden=hidden, decision=decision,
        started=started, later=later, unpublished=unpublished, done=done, progress=progress, planned=planned,
        note=note,
    )  # fmt: skip
