"""A demo services directory (eight fictional services of three partners, in English and Welsh, with hours,
contacts and places) and signposting from the demo's one-to-one conversations, with outcomes.

Part of `coproduce demo` (added through engagements.registry): safe to run again, it adds nothing the second time.
The directory goes through the ORUK import, as a partner's file would.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from coproduce.engagements.models import Engagement
from coproduce.listening.actions import do_record_conversation
from coproduce.listening.models import ListeningConversation
from coproduce.signposting import actions, oruk
from coproduce.signposting.models import Service

NAMESPACE = uuid.UUID("6f1d2c8e-3b7a-4c55-9e0f-17a2b4c6d8e0")  # stable ids: the same directory every run

# (partner, [(service en, service cy, description en, description cy, min age, day, opens, closes)])
ServiceRow = tuple[str, str, str, str, int | None, str, str, str]
DIRECTORY: list[tuple[tuple[str, str], list[ServiceRow]]] = [
    (
        ("Valley Carers", "Gofalwyr y Cwm"),
        [
            (
                "Carers' advice line",
                "Llinell gyngor gofalwyr",
                "Advice for unpaid carers.",
                "Cyngor i ofalwyr di-dâl.",
                16,
                "MO,TU,WE,TH,FR",
                "09:00:00",
                "17:00:00",
            ),
            (
                "Carers' café",
                "Caffi gofalwyr",
                "A weekly break and a chat.",
                "Seibiant a sgwrs bob wythnos.",
                16,
                "WE",
                "10:00:00",
                "12:00:00",
            ),
            (
                "Respite sitting service",
                "Gwasanaeth eistedd seibiant",
                "A few hours' break for carers.",
                "Ychydig oriau o seibiant i ofalwyr.",
                18,
                "SA",
                "10:00:00",
                "16:00:00",
            ),
        ],
    ),
    (
        ("Dyffryn Travel Link", "Cyswllt Teithio Dyffryn"),
        [
            (
                "Hospital transport booking",
                "Trefnu cludiant i’r ysbyty",
                "Lifts to outpatient appointments.",
                "Lifftiau i apwyntiadau cleifion allanol.",
                None,
                "MO,TU,WE,TH,FR",
                "08:00:00",
                "18:00:00",
            ),
            (
                "Community minibus",
                "Bws mini cymunedol",
                "Door-to-door minibus in the valley.",
                "Bws mini o ddrws i ddrws yn y cwm.",
                None,
                "MO,WE,FR",
                "09:00:00",
                "15:00:00",
            ),
        ],
    ),
    (
        ("Glas Wellbeing Trust", "Ymddiriedolaeth Lles Glas"),
        [
            (
                "Health walks",
                "Teithiau cerdded iach",
                "Gentle group walks.",
                "Teithiau cerdded hamddenol mewn grŵp.",
                None,
                "TU,TH",
                "10:30:00",
                "11:30:00",
            ),
            (
                "Talking therapies self-referral",
                "Hunangyfeirio at therapïau siarad",
                "Support for anxiety and low mood.",
                "Cymorth ar gyfer gorbryder a hwyliau isel.",
                18,
                "MO,TU,WE,TH,FR",
                "09:00:00",
                "17:00:00",
            ),
            (
                "Digital help drop-in",
                "Sesiwn galw heibio help digidol",
                "Help booking appointments online.",
                "Help i drefnu apwyntiadau ar-lein.",
                None,
                "TH",
                "13:00:00",
                "16:00:00",
            ),
        ],
    ),
]

# The outcomes of the demo's signposting (service index in the flattened directory, outcome).
SIGNPOSTING = [
    (0, "helped"),
    (0, "helped"),
    (0, "contacted"),
    (3, "helped"),
    (3, "no_answer"),
    (5, "awaited"),
    (0, "not_suitable"),
]


def _id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(map(str, parts))))


def _document(language: str) -> list[dict]:
    index = 0 if language == "en" else 1
    out = []
    for p, (partner, services) in enumerate(DIRECTORY):
        records = []
        for s, (n_en, n_cy, d_en, d_cy, age, day, opens, closes) in enumerate(services):
            service: dict[str, Any] = {
                "id": _id("service", p, s),
                "name": (n_en, n_cy)[index],
                "description": (d_en, d_cy)[index],
                "status": "active",
                "email": f"hello{p}@example.org",
                "schedules": [
                    {
                        "id": _id("schedule", p, s),
                        "freq": "WEEKLY",
                        "byday": day,
                        "opens_at": opens,
                        "closes_at": closes,
                    }
                ],
                "contacts": [{"id": _id("contact", p, s), "title": "Reception"}],
                "service_at_locations": [
                    {
                        "id": _id("place", p, s),
                        "location": {
                            "id": _id("location", p),
                            "name": partner[index],
                            "addresses": [
                                {
                                    "id": _id("address", p),
                                    "address_1": f"{p + 1} High Street",
                                    "city": "Dyffryn Glas",
                                    "postal_code": "GL1 1AA",
                                    "country": "GB",
                                    "address_type": "physical",
                                }
                            ],
                        },
                    }
                ],
                "languages": [{"id": _id("language", p, s), "name": "Welsh", "code": "cy"}],
            }
            if age is not None:
                service["minimum_age"] = age
            records.append(service)
        out.append(
            {
                "id": _id("organisation", p),
                "name": partner[index],
                "description": (f"{partner[0]}.", f"{partner[1]}.")[index],
                "services": records,
            }
        )
    return out


def load_demo(engagement: Engagement) -> None:
    if Service.objects.filter(pk=_id("service", 0, 0)).exists():
        return  # loaded before: never duplicate
    User = get_user_model()
    admin = User.objects.filter(email="admin@example.org").first()
    spokesperson = User.objects.filter(email="spokesperson@example.org").first()
    if admin is None or spokesperson is None:
        return
    for language in ("en", "cy"):
        actions.do_import_oruk(admin, engagement.organisation, oruk.parse(_document(language)), language)
    services = list(Service.objects.filter(organisation__kept_by=engagement.organisation).order_by("name_en"))
    by_id = {str(s.pk): s for s in services}
    flat = [by_id[_id("service", p, s)] for p, (_partner, rows) in enumerate(DIRECTORY) for s in range(len(rows))]
    today = timezone.localdate()
    for i, (service_index, outcome) in enumerate(SIGNPOSTING):
        conversation = do_record_conversation(
            spokesperson,
            engagement,
            {
                "held_on": today - dt.timedelta(days=14 - i),
                "prompt": "What matters to you about your appointments?",
                "notes": "",
                "sharing": ListeningConversation.Sharing.CONFIDENTIAL,
            },
        )
        record = actions.do_signpost(spokesperson, conversation, flat[service_index], "signposter")
        if outcome != "awaited":
            actions.do_record_outcome(spokesperson, record, outcome)
