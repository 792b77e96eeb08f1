"""Demo delivery: two iterations, actions in every status with their updates, feedback from the people who took
part, and confirmed notification subscriptions; in English and Welsh. The finished engagement has one iteration,
every action done and rated.

Part of `coproduce demo` (added through engagements.registry), after the decisions of proposals/demo.py: safe to run
again, it adds nothing the second time. The Welsh follows docs/glossary-cy.md. Feedback comments are participants'
own words, in the language they wrote them (only staff read them).
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from coproduce.delivery import actions
from coproduce.delivery.models import Action, Iteration
from coproduce.delivery.notify import topic_of
from coproduce.engagements.actions import do_join_engagement
from coproduce.engagements.demo import FINISHED_SLUG, MAIN_SLUG
from coproduce.engagements.models import Engagement, Participant
from coproduce.notifications.actions import do_confirm, do_subscribe
from coproduce.notifications.models import Frequency, Subscription
from coproduce.notifications.topics import Subscriber
from coproduce.proposals.models import Decision

# (texts, days from the first load to its start and to its end)
ITERATIONS = [
    (
        {
            "name": {"en": "Iteration 1", "cy": "Cylch 1"},
            "goal": {
                "en": "Every letter says how long the appointment takes",
                "cy": "Pob llythyr yn dweud pa mor hir y mae’r apwyntiad yn ei gymryd",
            },
        },
        -42,
        -29,
    ),
    (
        {
            "name": {"en": "Iteration 2", "cy": "Cylch 2"},
            "goal": {
                "en": "Text reminders working in two clinics",
                "cy": "Nodiadau atgoffa drwy neges destun yn gweithio mewn dau glinig",
            },
        },
        -14,
        14,
    ),
]
BOOKING_TEAM = {"en": "Outpatients booking team", "cy": "Tîm trefnu apwyntiadau cleifion allanol"}
LETTERS_TEAM = {"en": "Patient letters team", "cy": "Tîm llythyrau cleifion"}
# (texts, iteration (position in ITERATIONS), status, what the status change says, progress updates before it,
#  (people who give feedback, their ratings' lean) once it is done)
ACTIONS = [
    (
        {
            "title": {
                "en": "Say how long the appointment takes in every letter",
                "cy": "Dweud ym mhob llythyr pa mor hir y mae’r apwyntiad yn ei gymryd",
            },
            "description": {"en": "", "cy": ""},
            "owner": LETTERS_TEAM,
        },
        0,
        Action.Status.DONE,
        {
            "en": "Every appointment letter now says how long you will be at the clinic.",
            "cy": "Mae pob llythyr apwyntiad bellach yn dweud pa mor hir y byddwch yn y clinig.",
        },
        [
            {
                "en": "The new letter was tested with ten patients and two carers, and made clearer.",
                "cy": "Cafodd y llythyr newydd ei brofi gyda deg claf a dau ofalwr, a’i wneud yn gliriach.",
            }
        ],
        (12, [3, 4, 4, 5, 5]),
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
        0,
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
        None,
    ),
    (
        {
            "title": {
                "en": "Put the clinic’s own phone number on every letter",
                "cy": "Rhoi rhif ffôn y clinig ei hun ar bob llythyr",
            },
            "description": {
                "en": "So that people can rearrange without waiting on the main switchboard.",
                "cy": "Er mwyn i bobl allu aildrefnu heb aros ar brif switsfwrdd yr ysbyty.",
            },
            "owner": LETTERS_TEAM,
        },
        1,
        Action.Status.DONE,
        {
            "en": "Every letter now gives the clinic’s own number, answered from 8am to 6pm.",
            "cy": "Mae pob llythyr bellach yn rhoi rhif y clinig ei hun, sy’n cael ei ateb o 8am tan 6pm.",
        },
        [],
        (7, [2, 3, 4, 4, 5]),
    ),
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
        1,
        Action.Status.IN_PROGRESS,
        {
            "en": "The text supplier is chosen; the first reminders go out next week.",
            "cy": "Mae’r cwmni negeseuon testun wedi’i ddewis; bydd y nodiadau atgoffa cyntaf yn mynd allan yr wythnos nesaf.",
        },
        [
            {
                "en": "Reminders are being tested on staff phones, in Welsh and English.",
                "cy": "Mae’r nodiadau atgoffa’n cael eu profi ar ffonau staff, yn Gymraeg ac yn Saesneg.",
            }
        ],
        None,
    ),
    (
        {
            "title": {"en": "Add a link to rearrange by text", "cy": "Ychwanegu dolen i aildrefnu drwy neges destun"},
            "description": {"en": "", "cy": ""},
            "owner": BOOKING_TEAM,
        },
        1,
        Action.Status.PLANNED,
        None,
        [],
        None,
    ),
]
FEEDBACK_COMMENTS = [
    "I knew to bring something to read this time.",
    "Roedd y llythyr yn glir iawn, diolch.",
    "The clinic still ran an hour late.",
]
# Pseudonymous people who took part on their phones and asked to be emailed about changes (double opt-in: each
# confirmed the link sent to them), and the account holder, whose verified address needs no confirming.
SUBSCRIBERS = [
    ("rhian@example.org", "cy", Frequency.IMMEDIATE),
    ("dev@example.org", "en", Frequency.WEEKLY),
]

FINISHED_ITERATION = {
    "name": {"en": "Iteration 1", "cy": "Cylch 1"},
    "goal": {
        "en": "Open visiting and a welcome on every adult ward",
        "cy": "Ymweld agored a chroeso ar bob ward oedolion",
    },
}
WARD_SISTERS = {"en": "Ward sisters", "cy": "Prif nyrsys y wardiau"}
FINISHED_ACTIONS = [
    (
        {
            "title": {
                "en": "Open visiting from 11am to 8pm on adult wards",
                "cy": "Ymweld agored o 11am tan 8pm ar wardiau oedolion",
            },
            "description": {"en": "", "cy": ""},
            "owner": WARD_SISTERS,
        },
        {
            "en": "Every adult ward now welcomes visitors from 11am to 8pm.",
            "cy": "Mae pob ward oedolion bellach yn croesawu ymwelwyr o 11am tan 8pm.",
        },
        [4, 4, 5, 5, 3],
    ),
    (
        {
            "title": {"en": "A welcome card at every ward door", "cy": "Cerdyn croeso wrth ddrws pob ward"},
            "description": {"en": "", "cy": ""},
            "owner": WARD_SISTERS,
        },
        {
            "en": "Every ward door has its card, changed at each shift.",
            "cy": "Mae cerdyn wrth ddrws pob ward, ac mae’n cael ei newid bob shifft.",
        },
        [4, 5, 3, 4, 4],
    ),
    (
        {
            "title": {
                "en": "Phone the family when a patient moves ward",
                "cy": "Ffonio’r teulu pan fydd claf yn symud ward",
            },
            "description": {"en": "", "cy": ""},
            "owner": {"en": "Nurse in charge of each ward", "cy": "Y nyrs sy’n gyfrifol am bob ward"},
        },
        {
            "en": "Moves are now phoned through to the family named by the patient.",
            "cy": "Mae symudiadau bellach yn cael eu ffonio i’r teulu a enwir gan y claf.",
        },
        [3, 4, 2, 5, 4],
    ),
]
FINISHED_FEEDBACK_PEOPLE = 8


def load_demo(engagement: Engagement) -> None:
    decision = Decision.objects.filter(engagement=engagement).order_by("pk").first()
    if decision is None or Action.objects.filter(engagement=engagement).exists():
        return  # nothing decided to deliver, or loaded before: never duplicate
    facilitator = get_user_model().objects.filter(email="facilitator@example.org").first()
    if engagement.slug == MAIN_SLUG:
        load_main(engagement, decision, facilitator)
    elif engagement.slug == FINISHED_SLUG:
        load_finished(engagement, decision, facilitator)


def _feedback_givers(engagement: Engagement) -> list[Participant]:
    """The conversation's simulated people who give feedback (the last ones, who also spread dots)."""
    return list(Participant.objects.filter(engagement=engagement, is_assisted=True).order_by("-pk"))


def _give_feedback(action: Action, people: list[Participant], lean: list[int], rng: random.Random) -> None:
    for n, participant in enumerate(people):
        comment = FEEDBACK_COMMENTS[n] if n < len(FEEDBACK_COMMENTS) else ""
        actions.do_give_feedback(participant, action, rng.choice(lean), comment)


def load_main(engagement: Engagement, decision: Decision, facilitator) -> None:
    today = timezone.localdate()
    iterations = list(Iteration.objects.filter(engagement=engagement).order_by("starts_on"))
    if not iterations:
        iterations = [
            actions.do_create_iteration(
                facilitator,
                engagement,
                **texts,
                starts_on=today + dt.timedelta(days=start),
                ends_on=today + dt.timedelta(days=end),
            )
            for texts, start, end in ITERATIONS
        ]
    rng = random.Random(12)
    givers = _feedback_givers(engagement)
    for texts, iteration, status, said, updates, feedback in ACTIONS:
        action = actions.do_create_action(
            facilitator,
            decision,
            **texts,
            target_date=iterations[min(iteration, len(iterations) - 1)].ends_on,
            iteration=iterations[min(iteration, len(iterations) - 1)],
        )
        for text in updates:
            actions.do_add_update(facilitator, action, text)
        if status == Action.Status.NOT_POSSIBLE:
            actions.do_set_action_status(facilitator, action, status, reason=said)
        elif status == Action.Status.DONE:
            # Through "in progress", as it happened.
            actions.do_set_action_status(facilitator, action, Action.Status.IN_PROGRESS)
            actions.do_set_action_status(facilitator, action, status, text=said)
        elif status != Action.Status.PLANNED:
            actions.do_set_action_status(facilitator, action, status, text=said)
        if feedback is not None:
            people, lean = feedback
            _give_feedback(action, givers[:people], lean, rng)
    load_subscriptions(engagement)


def load_subscriptions(engagement: Engagement) -> None:
    """Confirmed subscriptions to the engagement's updates: two pseudonymous participants (each confirmed the link
    mailed to them; confirming before the mail goes out means no mail is sent) and the demo participant's account."""
    if Subscription.objects.filter(topic=topic_of(engagement)).exists():
        return
    topic = topic_of(engagement)
    perspectives = list(engagement.perspectives.order_by("position"))
    done = Action.objects.filter(engagement=engagement, status=Action.Status.DONE).order_by("pk").first()
    for n, (email, language, frequency) in enumerate(SUBSCRIBERS):
        participant = do_join_engagement(engagement, perspective=perspectives[n] if n < len(perspectives) else None)
        if done is not None:
            actions.do_give_feedback(participant, done, 4 + n % 2, "")
        subscription = do_subscribe(
            topic, Subscriber.participant(participant.pk), email=email, language=language, frequency=frequency
        )
        do_confirm(subscription.pk, subscription.email)
    account = engagement.participants.filter(user__email="participant@example.org").select_related("user").first()
    if account is not None:
        do_subscribe(
            topic,
            Subscriber.participant(account.pk),
            email=account.user.email,
            language="en",
            frequency=Frequency.DAILY,
            verified=True,
        )


def load_finished(engagement: Engagement, decision: Decision, facilitator) -> None:
    today = timezone.localdate()
    iteration = Iteration.objects.filter(engagement=engagement).first() or actions.do_create_iteration(
        facilitator,
        engagement,
        **FINISHED_ITERATION,
        starts_on=today - dt.timedelta(days=340),
        ends_on=today - dt.timedelta(days=250),
    )
    rng = random.Random(11)
    givers = _feedback_givers(engagement)[:FINISHED_FEEDBACK_PEOPLE]
    for texts, said, lean in FINISHED_ACTIONS:
        action = actions.do_create_action(
            facilitator, decision, **texts, target_date=iteration.ends_on, iteration=iteration
        )
        actions.do_set_action_status(facilitator, action, Action.Status.IN_PROGRESS)
        actions.do_set_action_status(facilitator, action, Action.Status.DONE, text=said)
        _give_feedback(action, givers, lean, rng)
