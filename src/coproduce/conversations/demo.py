"""Demo conversation: seed statements about outpatient appointments and simulated votes, so results show.

The simulated people are marked as assisted responses ("entered on someone's behalf") so that nobody mistakes
them for real participants; the votes come from two planted points of view plus common ground.
"""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from coproduce.conversations.models import Conversation, Statement, Vote, VoteEvent
from coproduce.engagements.models import Engagement, Participant

# (English text, kind): "common" = most people agree; "a"/"b" = one point of view agrees, the other does not.
STATEMENTS = [
    ("Appointment letters should say clearly how long I will be at the clinic.", "common"),
    ("I want to be able to rearrange an appointment by text message.", "common"),
    ("Reminders a day before would stop me missing appointments.", "common"),
    ("Parking at the hospital makes me late for appointments.", "common"),
    ("Staff should tell us when clinics are running late, and by how much.", "common"),
    ("Video appointments are fine for follow-ups.", "a"),
    ("I would rather see a clinician in person, even for a short follow-up.", "b"),
    ("Evening and weekend clinics would help people who work.", "a"),
    ("Clinics should stay in the main hospital, where all the tests are.", "b"),
    ("Clinics in local health centres would save me a long journey.", "a"),
    ("I want to see the same clinician each time.", "b"),
    ("Booking online should be the main way to book.", "a"),
    ("Phone booking must always stay available.", "b"),
    ("Carers should be able to manage appointments for the person they care for.", "common"),
    ("Letters should come in Welsh or English, as I choose.", "common"),
    ("Waiting rooms need quiet space for people who find crowds hard.", "common"),
]


@transaction.atomic
def load_demo_conversation(engagement: Engagement, seed: int = 2026) -> Conversation:
    conversation, _created = Conversation.objects.get_or_create(engagement=engagement)
    if conversation.statements.exists():
        return conversation  # loaded before: never duplicate
    rng = random.Random(seed)
    statements = [
        Statement.objects.create(conversation=conversation, text=text, origin=Statement.Origin.SEED)
        for text, _kind in STATEMENTS
    ]
    kinds = [kind for _text, kind in STATEMENTS]
    perspectives = list(engagement.perspectives.all())
    now = timezone.now()
    votes, events = [], []
    for i in range(60):
        view = "a" if i % 5 < 3 else "b"
        participant = Participant.objects.create(
            engagement=engagement,
            is_assisted=True,
            consented_at=now,
            perspective=perspectives[i % len(perspectives)] if perspectives else None,
        )
        for statement, kind in zip(statements, kinds):
            if rng.random() < 0.2:
                continue  # not everyone sees every statement
            if kind == "common":
                p_agree = 0.88
            else:
                p_agree = 0.85 if kind == view else 0.12
            r = rng.random()
            value = 1 if r < p_agree else (0 if r < p_agree + 0.05 else -1)
            votes.append(
                Vote(
                    conversation=conversation,
                    participant=participant,
                    statement=statement,
                    value=value,
                    is_assisted=True,
                    updated_at=now,
                )
            )
            events.append(
                VoteEvent(
                    conversation=conversation,
                    participant=participant,
                    statement=statement,
                    value=value,
                    is_assisted=True,
                    created_at=now,
                )
            )
    Vote.objects.bulk_create(votes)
    VoteEvent.objects.bulk_create(events)
    return conversation


def load_demo(engagement: Engagement) -> None:
    """This app's part of `coproduce demo` (added through engagements.registry): the conversation, analysed."""
    from coproduce.conversations.analysis import compute_snapshot  # NumPy and the engine: only when it runs

    conversation = load_demo_conversation(engagement)
    if not conversation.snapshots.exists():
        compute_snapshot(conversation)
