"""Demo one-to-one listening: conversations held by the spokesperson and the mentor, the anonymised challenges taken
from them, one challenge made a statement of the open conversation, and the themes board (in English and Welsh,
linked to the statements that take each theme on), published.

Part of `coproduce demo` (added through engagements.registry), for the main engagement only: safe to run again, it
adds nothing the second time. Notes and challenges are what people said, in the language they said it.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from coproduce.conversations.models import Statement
from coproduce.engagements.demo import MAIN_SLUG
from coproduce.engagements.models import Engagement
from coproduce.listening import actions
from coproduce.listening.access import settings_of
from coproduce.listening.models import ListeningConversation, Theme

# (English, Welsh, the demo statements it is linked to: their positions in conversations/demo.py STATEMENTS)
THEMES = [
    ("Booking and rearranging", "Trefnu ac aildrefnu apwyntiadau", [1, 11, 12]),
    ("Reminders and letters", "Nodiadau atgoffa a llythyrau", [0, 2, 14]),
    ("Travel and parking", "Teithio a pharcio", [3, 9]),
    ("Waiting at the clinic", "Aros yn y clinig", [4, 15]),
]
BOOKING, REMINDERS, TRAVEL, WAITING = range(4)

Sharing, Quote = ListeningConversation.Sharing, ListeningConversation.Quote
# (who holds it, days ago, perspective's position, the person or group, team, notes, sharing, quoting,
#  challenges: (text, themes by position in THEMES))
CONVERSATIONS = [
    (
        "spokesperson@example.org",
        40,
        0,
        "",
        "",
        "Met in the eye clinic waiting room. Missed two appointments last winter: the letters came after the date. "
        "Would like a text the day before, and to rearrange without phoning.",
        Sharing.THEMES,
        Quote.WITHOUT_NAME,
        [
            ("Letters can arrive after the appointment, so people miss it without knowing.", [REMINDERS]),
            ("Rearranging by phone means waiting on hold for a long time.", [BOOKING]),
        ],
    ),
    (
        "spokesperson@example.org",
        35,
        1,
        "Grŵp gofalwyr Aberglas",
        "",
        "Sgwrs gyda chwech o ofalwyr. Maen nhw’n trefnu apwyntiadau ar ran rhywun arall, ond nid yw’r clinig yn "
        "siarad â nhw heb y claf ar y ffôn. Mae’r maes parcio’n llawn cyn i’r clinigau bore ddechrau.",
        Sharing.THEMES,
        Quote.NO,
        [
            ("Ni all gofalwyr newid apwyntiad heb i’r claf fod ar y ffôn.", [BOOKING]),
            ("Mae’r maes parcio’n llawn cyn i’r clinigau bore ddechrau.", [TRAVEL]),
            ("Nid oes lle tawel i eistedd yn yr ystafell aros.", [WAITING]),
        ],
    ),
    (
        "spokesperson@example.org",
        30,
        2,
        "",
        "Outpatients reception",
        "Reception team meeting. Staff are not told when a clinic runs late and take the anger of people waiting. "
        "Many missed appointments are people who would have rearranged if it were easy.",
        Sharing.THEMES,
        Quote.NO,
        [
            ("Reception staff are not told when a clinic runs late, so they cannot tell patients.", [WAITING]),
            ("Many missed appointments are people who would have rearranged if it were easy.", [BOOKING, REMINDERS]),
            ("Parking fines put people off coming back for follow-ups.", [TRAVEL]),
        ],
    ),
    (
        "spokesperson@example.org",
        21,
        0,
        "",
        "",
        "Phone conversation. Lives in the upper valley; the buses do not fit the clinic times.",
        Sharing.THEMES,
        Quote.NO,
        [
            ("The buses from the upper valley do not fit the clinic times.", [TRAVEL]),
            ("Nobody answers the booking line before 10am.", [BOOKING]),
        ],
    ),
    (
        "spokesperson@example.org",
        18,
        0,
        "",
        "",
        "Sgwrs yn y ganolfan iechyd leol. Roedd eisiau aildrefnu ond nid oedd yn gwybod sut heb ffonio.",
        Sharing.THEMES,
        Quote.WITHOUT_NAME,
        [
            ("Daeth y llythyr apwyntiad yn Saesneg er i mi ofyn am Gymraeg.", [REMINDERS]),
            ("Nid oeddwn yn gwybod sut i aildrefnu heb ffonio.", [BOOKING]),
        ],
    ),
    (
        "mentor@example.org",
        14,
        2,
        "",
        "",
        "Confidential conversation about workload in the clinics; nothing to be shared.",
        Sharing.CONFIDENTIAL,
        Quote.NO,
        [],
    ),
]
# A challenge made a statement of the open conversation, so that everyone votes on it: (challenge, statement).
TO_STATEMENT = (
    "Reception staff are not told when a clinic runs late, so they cannot tell patients.",
    "Reception staff should always know how late each clinic is running.",
)


def load_demo(engagement: Engagement) -> None:
    if engagement.slug != MAIN_SLUG:
        return  # the finished engagement had no one-to-one listening
    users = get_user_model().objects
    facilitator = users.filter(email="facilitator@example.org").first()
    themes = list(Theme.objects.filter(engagement=engagement).order_by("pk"))
    if not themes:
        seeds = list(
            Statement.objects.filter(conversation__engagement=engagement, origin=Statement.Origin.SEED).order_by("pk")
        )
        for name_en, name_cy, linked in THEMES:
            theme = actions.do_create_theme(facilitator, engagement, {"en": name_en, "cy": name_cy})
            themes.append(theme)
            for position in linked:
                if position < len(seeds):
                    actions.do_link_statement(facilitator, theme, seeds[position])
    if len(themes) >= len(THEMES) and not engagement.listening_conversations.exists():
        load_demo_conversations(engagement, themes)
    settings = settings_of(engagement)
    if not settings.themes_published:
        actions.do_publish_themes(facilitator, settings, True)


def load_demo_conversations(engagement: Engagement, themes: list[Theme]) -> None:
    users = {u.email: u for u in get_user_model().objects.filter(email__endswith="@example.org")}
    perspectives = list(engagement.perspectives.order_by("position"))
    today = timezone.localdate()
    challenges = {}
    for email, days_ago, perspective, person, team, notes, sharing, quote, said in CONVERSATIONS:
        author = users.get(email)
        conversation = actions.do_record_conversation(
            author,
            engagement,
            {
                "held_on": today - dt.timedelta(days=days_ago),
                "person_name": person,
                "perspective": perspectives[perspective] if perspective < len(perspectives) else None,
                "team": team,
                "prompt": "What matters to you?",
                "notes": notes,
                "sharing": sharing,
                "quote": quote,
            },
        )
        for text, theme_positions in said:
            challenges[text] = actions.do_extract_challenge(
                author, conversation, text, [themes[i] for i in theme_positions]
            )
    challenge, text = TO_STATEMENT
    if challenge in challenges:
        actions.do_challenge_to_statement(users.get("facilitator@example.org"), challenges[challenge], text, "en")
