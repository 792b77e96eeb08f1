"""Demo delivery: an iteration and actions in every status, with their updates, in English and Welsh.

Part of `coproduce demo` (added through engagements.registry), after the decision of proposals/demo.py: safe to run
again, it adds nothing the second time. The Welsh follows docs/glossary-cy.md.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from coproduce.delivery import actions
from coproduce.delivery.models import Action, Iteration
from coproduce.engagements.models import Engagement
from coproduce.proposals.models import Decision

ITERATION = {
    "name": {"en": "Iteration 1", "cy": "Cylch 1"},
    "goal": {
        "en": "Text reminders working in two clinics",
        "cy": "Nodiadau atgoffa drwy neges destun yn gweithio mewn dau glinig",
    },
}
BOOKING_TEAM = {"en": "Outpatients booking team", "cy": "Tîm trefnu apwyntiadau cleifion allanol"}
# (texts, status, what the status change says, progress updates)
ACTIONS = [
    (
        {
            "title": {
                "en": "Send a text reminder two days before",
                "cy": "Anfon nodyn atgoffa drwy neges destun ddeuddydd cyn yr apwyntiad",
            },
            "description": {
                "en": "Start with the eye and skin clinics, then every clinic.",
                "cy": "Dechrau gyda’r clinigau llygaid a chroen, yna pob clinig.",
            },
            "owner": BOOKING_TEAM,
        },
        Action.Status.IN_PROGRESS,
        {
            "en": "The text supplier is chosen; the first reminders go out next week.",
            "cy": "Mae’r cwmni negeseuon testun wedi’i ddewis; bydd y nodiadau atgoffa cyntaf yn mynd allan yr wythnos nesaf.",
        },
        [
            {
                "en": "Reminders are being tested on staff phones.",
                "cy": "Mae’r nodiadau atgoffa’n cael eu profi ar ffonau staff.",
            }
        ],
    ),
    (
        {
            "title": {"en": "Add a link to rearrange by text", "cy": "Ychwanegu dolen i aildrefnu drwy neges destun"},
            "description": {"en": "", "cy": ""},
            "owner": BOOKING_TEAM,
        },
        Action.Status.PLANNED,
        None,
        [],
    ),
    (
        {
            "title": {
                "en": "Say how long the appointment takes in every letter",
                "cy": "Dweud ym mhob llythyr pa mor hir y mae’r apwyntiad yn ei gymryd",
            },
            "description": {"en": "", "cy": ""},
            "owner": {"en": "Patient letters team", "cy": "Tîm llythyrau cleifion"},
        },
        Action.Status.DONE,
        {
            "en": "Every appointment letter now says how long you will be at the clinic.",
            "cy": "Mae pob llythyr apwyntiad bellach yn dweud pa mor hir y byddwch yn y clinig.",
        },
        [],
    ),
    (
        {
            "title": {
                "en": "Tell waiting patients when a clinic runs late",
                "cy": "Dweud wrth gleifion sy’n aros pan fydd clinig yn rhedeg yn hwyr",
            },
            "description": {"en": "", "cy": ""},
            "owner": {"en": "Clinic nurses", "cy": "Nyrsys y clinig"},
        },
        Action.Status.NOT_POSSIBLE,
        {
            "en": (
                "The waiting room screens cannot show messages until they are replaced next year; nurses tell people "
                "in person meanwhile."
            ),
            "cy": (
                "Ni all sgriniau’r ystafelloedd aros ddangos negeseuon nes iddyn nhw gael eu newid y flwyddyn nesaf; "
                "mae nyrsys yn dweud wrth bobl wyneb yn wyneb yn y cyfamser."
            ),
        },
        [],
    ),
]


def load_demo(engagement: Engagement) -> None:
    decision = Decision.objects.filter(engagement=engagement).order_by("pk").first()
    if decision is None or Action.objects.filter(engagement=engagement).exists():
        return  # nothing decided to deliver, or loaded before: never duplicate
    facilitator = get_user_model().objects.filter(email="facilitator@example.org").first()
    today = timezone.localdate()
    iteration = Iteration.objects.filter(engagement=engagement).first() or actions.do_create_iteration(
        facilitator,
        engagement,
        **ITERATION,
        starts_on=today - dt.timedelta(days=7),
        ends_on=today + dt.timedelta(days=7),
    )
    for texts, status, said, updates in ACTIONS:
        action = actions.do_create_action(
            facilitator, decision, **texts, target_date=today + dt.timedelta(days=30), iteration=iteration
        )
        for text in updates:
            actions.do_add_update(facilitator, action, text)
        if status == Action.Status.NOT_POSSIBLE:
            actions.do_set_action_status(facilitator, action, status, reason=said)
        elif status != Action.Status.PLANNED:
            actions.do_set_action_status(facilitator, action, status, text=said)
