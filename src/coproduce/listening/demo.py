"""Demo themes of the one-to-one listening, in English and Welsh, linked to the statements that take them on.

Part of `coproduce demo` (added through engagements.registry): safe to run again, it adds nothing the second time.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from coproduce.conversations.models import Statement
from coproduce.engagements.models import Engagement
from coproduce.listening import actions
from coproduce.listening.models import Theme

# (English, Welsh, the demo statements it is linked to: their positions in conversations/demo.py STATEMENTS)
THEMES = [
    ("Booking and rearranging", "Trefnu ac aildrefnu apwyntiadau", [1, 11, 12]),
    ("Reminders and letters", "Nodiadau atgoffa a llythyrau", [0, 2, 14]),
    ("Travel and parking", "Teithio a pharcio", [3, 9]),
    ("Waiting at the clinic", "Aros yn y clinig", [4, 15]),
]


def load_demo(engagement: Engagement) -> None:
    if Theme.objects.filter(engagement=engagement).exists():
        return  # loaded before: never duplicate
    facilitator = get_user_model().objects.filter(email="facilitator@example.org").first()
    seeds = list(
        Statement.objects.filter(conversation__engagement=engagement, origin=Statement.Origin.SEED).order_by("pk")
    )
    for name_en, name_cy, linked in THEMES:
        theme = actions.do_create_theme(facilitator, engagement, {"en": name_en, "cy": name_cy})
        for position in linked:
            if position < len(seeds):
                actions.do_link_statement(facilitator, theme, seeds[position])
