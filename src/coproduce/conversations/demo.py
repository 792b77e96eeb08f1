"""Demo conversation: seed statements about outpatient appointments and simulated votes, so results show.

The simulated people are marked as assisted responses ("entered on someone's behalf") so that nobody mistakes
them for real participants; the votes come from two planted points of view plus common ground.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from coproduce.conversations.models import Conversation, Statement, Vote, VoteEvent
from coproduce.engagements.demo import FINISHED_SLUG, MAIN_SLUG
from coproduce.engagements.models import Engagement, Membership, Participant, Role
from coproduce.translations.models import Translation

# (English text, Welsh text, kind): "common" = most people agree; "a"/"b" = one point of view agrees, the other does
# not. The facilitators wrote each seed statement in both languages: the Welsh is a confirmed translation by its
# author (coproduce.translations), so a Welsh reader sees Welsh and an English reader English.
STATEMENTS = [
    (
        "Appointment letters should say clearly how long I will be at the clinic.",
        "Dylai llythyrau apwyntiad ddweud yn glir pa mor hir y byddaf yn y clinig.",
        "common",
    ),
    (
        "I want to be able to rearrange an appointment by text message.",
        "Rydw i eisiau gallu aildrefnu apwyntiad drwy neges destun.",
        "common",
    ),
    (
        "Reminders a day before would stop me missing appointments.",
        "Byddai neges i’m hatgoffa y diwrnod cynt yn fy atal rhag colli apwyntiadau.",
        "common",
    ),
    (
        "Parking at the hospital makes me late for appointments.",
        "Mae parcio yn yr ysbyty yn fy ngwneud yn hwyr i apwyntiadau.",
        "common",
    ),
    (
        "Staff should tell us when clinics are running late, and by how much.",
        "Dylai staff ddweud wrthym pan fydd clinigau’n rhedeg yn hwyr, a faint o oedi sydd.",
        "common",
    ),
    (
        "Video appointments are fine for follow-ups.",
        "Mae apwyntiadau fideo yn iawn ar gyfer apwyntiadau dilynol.",
        "a",
    ),
    (
        "I would rather see a clinician in person, even for a short follow-up.",
        "Byddai’n well gen i weld clinigydd wyneb yn wyneb, hyd yn oed ar gyfer apwyntiad dilynol byr.",
        "b",
    ),
    (
        "Evening and weekend clinics would help people who work.",
        "Byddai clinigau gyda’r nos ac ar benwythnosau yn helpu pobl sy’n gweithio.",
        "a",
    ),
    (
        "Clinics should stay in the main hospital, where all the tests are.",
        "Dylai clinigau aros yn y prif ysbyty, lle mae’r holl brofion yn cael eu gwneud.",
        "b",
    ),
    (
        "Clinics in local health centres would save me a long journey.",
        "Byddai clinigau mewn canolfannau iechyd lleol yn arbed taith hir i mi.",
        "a",
    ),
    ("I want to see the same clinician each time.", "Rydw i eisiau gweld yr un clinigydd bob tro.", "b"),
    (
        "Booking online should be the main way to book.",
        "Trefnu ar-lein ddylai fod y brif ffordd o drefnu apwyntiad.",
        "a",
    ),
    (
        "Phone booking must always stay available.",
        "Rhaid i bobl allu trefnu apwyntiad dros y ffôn bob amser.",
        "b",
    ),
    (
        "Carers should be able to manage appointments for the person they care for.",
        "Dylai gofalwyr allu rheoli apwyntiadau ar ran y person y maen nhw’n gofalu amdano.",
        "common",
    ),
    (
        "Letters should come in Welsh or English, as I choose.",
        "Dylai llythyrau ddod yn Gymraeg neu yn Saesneg, yn ôl fy newis i.",
        "common",
    ),
    (
        "Waiting rooms need quiet space for people who find crowds hard.",
        "Mae angen lle tawel mewn ystafelloedd aros i bobl sy’n ei chael hi’n anodd bod mewn torf.",
        "common",
    ),
]

# What participants wrote, in the language they wrote it: (text, language, translation, state of the translation).
# One Welsh statement with its English translation confirmed (a translator proposed it, the facilitator confirmed
# it), one Welsh statement awaiting translation, and one English statement whose Welsh translation awaits a second
# person in the translation queue.
PARTICIPANT_STATEMENTS = [
    (
        "Mae’r bws olaf o’r ysbyty yn gadael yn rhy gynnar i gleifion y clinig prynhawn.",
        "cy",
        "The last bus from the hospital leaves too early for patients at the afternoon clinic.",
        "confirmed",
    ),
    ("Hoffwn i allu siarad Cymraeg â’r derbynnydd pan fyddaf yn ffonio’r clinig.", "cy", "", ""),
    (
        "The hospital website should show how late each clinic is running today.",
        "en",
        "Dylai gwefan yr ysbyty ddangos pa mor hwyr mae pob clinig yn rhedeg heddiw.",
        "proposed",
    ),
]


# The finished engagement's conversation (engagements/demo.py FINISHED_SLUG): visiting someone in hospital.
VISITING_STATEMENTS = [
    (
        "Visiting times should suit people who work.",
        "Dylai amseroedd ymweld fod yn gyfleus i bobl sy’n gweithio.",
        "common",
    ),
    (
        "Families should be told who to ask for when they arrive on the ward.",
        "Dylai teuluoedd gael gwybod at bwy i droi pan fyddan nhw’n cyrraedd y ward.",
        "common",
    ),
    (
        "There should be somewhere to sit and wait near the ward.",
        "Dylai fod rhywle i eistedd ac aros yn agos at y ward.",
        "common",
    ),
    (
        "A carer should be able to stay outside visiting times.",
        "Dylai gofalwr allu aros y tu allan i’r amseroedd ymweld.",
        "common",
    ),
    (
        "Visiting should stop at mealtimes so that patients can eat in peace.",
        "Dylai ymweld ddod i ben amser bwyd er mwyn i gleifion allu bwyta’n dawel.",
        "a",
    ),
    (
        "Relatives should be able to help at mealtimes if the patient wants them to.",
        "Dylai perthnasau allu helpu amser bwyd os yw’r claf eisiau hynny.",
        "b",
    ),
    ("Two visitors at a bed is enough.", "Mae dau ymwelydd wrth wely yn ddigon.", "a"),
    (
        "Children should be able to visit their grandparents on the ward.",
        "Dylai plant allu ymweld â’u neiniau a’u teidiau ar y ward.",
        "b",
    ),
    (
        "Ward staff should phone the family when a patient is moved to another ward.",
        "Dylai staff y ward ffonio’r teulu pan fydd claf yn cael ei symud i ward arall.",
        "common",
    ),
]


@dataclass(frozen=True)
class Story:
    """An engagement's demo conversation: the seed statements (English, Welsh, kind), what participants wrote, and
    how many simulated people voted."""

    statements: list[tuple[str, str, str]]
    participant_statements: list[tuple[str, str, str, str]]
    people: int
    seed: int


STORIES = {
    MAIN_SLUG: Story(STATEMENTS, PARTICIPANT_STATEMENTS, people=60, seed=2026),
    FINISHED_SLUG: Story(VISITING_STATEMENTS, [], people=36, seed=2025),
}


@transaction.atomic
def load_demo_conversation(engagement: Engagement, story: Story | None = None) -> Conversation:
    story = story or STORIES[MAIN_SLUG]
    conversation, _created = Conversation.objects.get_or_create(engagement=engagement)
    if conversation.statements.exists():
        load_demo_translations(conversation, story)  # a demo loaded before translations existed gets them now
        return conversation  # loaded before: never duplicate
    rng = random.Random(story.seed)
    statements = [
        Statement.objects.create(conversation=conversation, text=text, language="en", origin=Statement.Origin.SEED)
        for text, _cy, _kind in story.statements
    ] + [
        Statement.objects.create(
            conversation=conversation, text=text, language=language, origin=Statement.Origin.PARTICIPANT
        )
        for text, language, _translation, _state in story.participant_statements
    ]
    kinds = [kind for _text, _cy, kind in story.statements] + ["common"] * len(story.participant_statements)
    perspectives = list(engagement.perspectives.all())
    now = timezone.now()
    votes, events = [], []
    for i in range(story.people):
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
    load_demo_translations(conversation, story)
    return conversation


def load_demo_translations(conversation: Conversation, story: Story) -> None:
    """The seed statements' Welsh (written by the facilitators with the English) and the participants' statements'
    translations, confirmed or waiting; safe to run again (each translation is looked up before it is made)."""
    engagement = conversation.engagement
    people = {
        m.role: m.user
        for m in Membership.objects.filter(
            engagement=engagement, role__in=[Role.FACILITATOR, Role.TRANSLATOR]
        ).select_related("user")
    }
    facilitator, translator = people.get(Role.FACILITATOR), people.get(Role.TRANSLATOR)
    by_text = {s.text: s for s in conversation.statements.all()}
    kind = ContentType.objects.get_for_model(Statement)
    now = timezone.now()
    wanted = [(text, "cy", cy, "author") for text, cy, _kind in story.statements] + [
        (text, "cy" if language == "en" else "en", translation, state)
        for text, language, translation, state in story.participant_statements
        if translation
    ]
    for text, language, translation, state in wanted:
        statement = by_text.get(text)
        if statement is None:
            continue
        confirmed = state in ("author", "confirmed")
        Translation.objects.get_or_create(
            content_type=kind,
            object_id=statement.pk,
            field="text",
            language=language,
            defaults={
                "text": translation,
                "status": Translation.Status.CONFIRMED if confirmed else Translation.Status.PROPOSED,
                "by_author": state == "author",
                "proposed_by": facilitator if state == "author" else translator,
                "proposed_at": now,
                "reviewed_by": facilitator if confirmed else None,
                "reviewed_at": now if confirmed else None,
            },
        )


def load_demo(engagement: Engagement) -> None:
    """This app's part of `coproduce demo` (added through engagements.registry): the conversation, analysed."""
    from coproduce.conversations.analysis import compute_snapshot  # NumPy and the engine: only when it runs

    story = STORIES.get(engagement.slug)
    if story is None:
        return  # not one of the demo's engagements
    conversation = load_demo_conversation(engagement, story)
    if not conversation.snapshots.exists():
        compute_snapshot(conversation)
