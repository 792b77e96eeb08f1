"""Demo networks, in English and Welsh: two networks and a network of networks that contains both, with the demo
organisation and two fictional partners as members, and two knowledge notes.

Part of `coproduce demo` (added through engagements.registry): safe to run again, it adds nothing the second time.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from coproduce.engagements.models import Engagement, Organisation
from coproduce.networks import actions
from coproduce.networks.models import KnowledgeNote, Network

PARTNERS = [
    ("dyffryn-council", "Dyffryn Glas County Council", "Cyngor Sir Dyffryn Glas"),
    ("valley-voluntary", "Valley Voluntary Action", "Gweithredu Gwirfoddol y Cwm"),
]
NETWORKS = [
    (
        "Co-production Network of Dyffryn Glas",
        "Rhwydwaith Cyd-gynhyrchu Dyffryn Glas",
        "All partners in the valley.",
        "Pob partner yn y cwm.",
    ),
    (
        "Valley Health and Care Partners",
        "Partneriaid Iechyd a Gofal y Cwm",
        "Health and care services together.",
        "Gwasanaethau iechyd a gofal gyda’i gilydd.",
    ),
    (
        "Community Voices Network",
        "Rhwydwaith Lleisiau Cymunedol",
        "Voluntary and community groups.",
        "Grwpiau gwirfoddol a chymunedol.",
    ),
]


def load_demo(engagement: Engagement) -> None:
    if Network.objects.filter(name_en=NETWORKS[0][0]).exists():
        return  # loaded before: never duplicate
    admin = get_user_model().objects.filter(email="admin@example.org").first()
    if admin is None:
        return
    partners = [
        Organisation.objects.get_or_create(slug=slug, defaults={"name_en": en, "name_cy": cy})[0]
        for slug, en, cy in PARTNERS
    ]
    top, health, voices = (
        actions.do_create_network(admin, {"en": en, "cy": cy}, {"en": about, "cy": about_cy})
        for en, cy, about, about_cy in NETWORKS
    )
    # The network of networks: both networks join the valley's network, each side agreeing.
    for child in (health, voices):
        actions.do_answer(admin, actions.do_add_network(admin, top, child, requested=False), accept=True)
    for network, organisation in ((health, engagement.organisation), (health, partners[0]), (voices, partners[1])):
        actions.do_answer(admin, actions.do_add_organisation(admin, network, organisation, requested=False), True)
    actions.do_write_note(
        admin,
        health,
        engagement.organisation,
        {
            "title": "Evening listening sessions",
            "what_worked": "Holding one-to-one conversations in the evening reached carers who work in the day.",
            "what_differently": "Book interpreters for Welsh and BSL before the dates are published.",
            "language": KnowledgeNote.Language.ENGLISH,
        },
    )
    actions.do_write_note(
        admin,
        top,
        engagement.organisation,
        {
            "title": "Dweud wrth bobl beth newidiodd",
            "what_worked": "Anfon neges fer at bawb a gymerodd ran pan newidiodd rhywbeth.",
            "what_differently": "Dechrau’r rhestr bostio ar y diwrnod cyntaf.",
            "language": KnowledgeNote.Language.WELSH,
        },
    )
