"""Demo journeys, in English and Welsh: the health board's three co-production rounds over eighteen months, each
further along than the last (staff start more hopeful than the people who use services, and the gap closes), one
data maturity round, next steps on the board's own actions board, and five partner organisations that share their
latest round, so that the benchmark shows. Added since: a team's round (open, the facilitator invited by email), the
co-production network's own round with a next step on the network's own actions board, and the board's own small
framework (editable in the browser).

Part of `coproduce demo` (added through engagements.registry), for the main engagement's organisation; answers are
given through the real links and actions, deterministic (a fixed seed), and nothing is added the second time.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from coproduce.engagements.demo import MAIN_SLUG
from coproduce.engagements.models import Engagement, Organisation
from coproduce.journeys import actions
from coproduce.journeys.actions import Given
from coproduce.journeys.models import Framework, Round

FIRST_TITLE = "Co-production self-assessment: first round"
# (title en, title cy, months ago, {perspective: (how many, centre level)})
CO_PRODUCTION_ROUNDS = [
    (
        FIRST_TITLE,
        "Hunanasesiad cyd-gynhyrchu: rownd gyntaf",
        18,
        {"staff": (8, 3.2), "people": (7, 1.6), "partners": (5, 2.4)},
    ),
    (
        "Co-production self-assessment: second round",
        "Hunanasesiad cyd-gynhyrchu: ail rownd",
        9,
        {"staff": (9, 3.4), "people": (8, 2.5), "partners": (5, 2.8)},
    ),
    (
        "Co-production self-assessment: third round",
        "Hunanasesiad cyd-gynhyrchu: trydedd rownd",
        1,
        {"staff": (9, 3.8), "people": (9, 3.4), "partners": (6, 3.4)},
    ),
]
COMMENTS = [
    ("en", "The outpatients group now sets its own agenda."),
    ("cy", "Mae’r grŵp cleifion allanol bellach yn gosod ei agenda ei hun."),
    ("en", "We still decide too much before we ask."),
    ("cy", "Rydym yn dal i benderfynu gormod cyn gofyn."),
]
NEXT_STEPS = [
    (
        {"en": "Pay people with lived experience for their time", "cy": "Talu pobl â phrofiad bywyd am eu hamser"},
        {"en": "Patient experience team", "cy": "Tîm profiad cleifion"},
    ),
    (
        {
            "en": "Open the outpatients group’s agenda to its members",
            "cy": "Agor agenda’r grŵp cleifion allanol i’w aelodau",
        },
        {"en": "Outpatients service manager", "cy": "Rheolwr gwasanaeth cleifion allanol"},
    ),
]
PEERS = [
    ("dyffryn-council", "Dyffryn Glas County Council", "Cyngor Sir Dyffryn Glas"),
    ("valley-voluntary", "Valley Voluntary Action", "Gweithredu Gwirfoddol y Cwm"),
    ("afon-housing", "Afon Housing Association", "Cymdeithas Dai Afon"),
    ("bryn-fire", "Bryn Fire and Rescue", "Tân ac Achub Bryn"),
    ("cwm-college", "Cwm Community College", "Coleg Cymunedol y Cwm"),
]


def _answers(rng: random.Random, round_: Round, plan: dict[str, tuple[int, float]], with_comments: bool) -> None:
    dimensions = list(round_.framework.dimensions.all())
    top = round_.framework.levels.count()
    for perspective, (n, centre) in plan.items():
        for i, (_p, token) in enumerate(actions.do_invite(None, round_, {perspective: n})):
            given = []
            language = "cy" if i % 2 else "en"
            for j, dimension in enumerate(dimensions):
                level = min(top, max(1, round(rng.gauss(centre + (j % 2) * 0.3, 0.7))))
                comment = ""
                if with_comments and j == i % len(dimensions) and i < len(COMMENTS):
                    # The answer is in the language its comment was written in.
                    language, comment = COMMENTS[(i + len(perspective)) % len(COMMENTS)]
                given.append(Given(dimension.pk, level, comment))
            actions.do_answer(token, given, language)


TEAM_TITLE = "Data maturity: the adult mental health team"
NETWORK_TITLE = "The network’s co-production self-assessment"
NETWORK_FIRST_TITLE = "The network’s first co-production self-assessment"
OWN_FRAMEWORK = """{"format": "coproduce-framework/1", "slug": "glas-listening",
"name": {"en": "How well we listen", "cy": "Pa mor dda rydym yn gwrando"},
"description": {"en": "The health board's own short framework.", "cy": "Fframwaith byr y bwrdd iechyd ei hun."},
"levels": [{"name": {"en": "Rarely", "cy": "Anaml"}}, {"name": {"en": "Sometimes", "cy": "Weithiau"}},
{"name": {"en": "Always", "cy": "Bob amser"}}],
"dimensions": [{"key": "asking", "name": {"en": "Asking first", "cy": "Gofyn yn gyntaf"},
"statements": [{"en": "We ask before we decide.", "cy": "Rydym yn gofyn cyn penderfynu."}]},
{"key": "answering", "name": {"en": "Saying what we did", "cy": "Dweud beth wnaethom"},
"statements": [{"en": "We tell people what changed.", "cy": "Rydym yn dweud wrth bobl beth newidiodd."}]}]}"""


def load_additions(admin, organisation: Organisation) -> None:
    """What the demo shows since the first journeys: each part added once, whether or not the rest was loaded
    before (so an existing demo database gains them too)."""
    from coproduce.journeys import frameworkjson
    from coproduce.networks.models import Network

    if not Framework.objects.filter(slug="glas-listening").exists():
        actions.do_import_framework(admin, organisation, frameworkjson.parse(OWN_FRAMEWORK))
    data_maturity = Framework.objects.get(slug="data-maturity")
    if not Round.objects.filter(organisation=organisation, title_en=TEAM_TITLE).exists():
        team = actions.do_start_round(
            admin,
            organisation,
            data_maturity,
            title={"en": TEAM_TITLE, "cy": "Aeddfedrwydd data: y tîm iechyd meddwl oedolion"},
            team={"en": "Adult mental health team", "cy": "Tîm iechyd meddwl oedolion"},
        )
        facilitator = get_user_model().objects.filter(email="facilitator@example.org").first()
        if facilitator is not None and actions.invitable_people(team).filter(pk=facilitator.pk).exists():
            actions.do_invite_people(admin, team, [facilitator], "staff")
    # The co-production network (coproduce.networks' demo, which the admin coordinates) assesses itself.
    network = Network.objects.filter(coordinators__user=admin).order_by("pk").first()
    if network is not None and not Round.objects.filter(network=network, title_en=NETWORK_TITLE).exists():
        rng = random.Random(1818)
        round_ = actions.do_start_round(
            admin,
            None,
            Framework.objects.get(slug="co-production"),
            title={"en": NETWORK_TITLE, "cy": "Hunanasesiad cyd-gynhyrchu’r rhwydwaith"},
            network=network,
            started_on=timezone.localdate() - dt.timedelta(days=20),
        )
        _answers(rng, round_, {"staff": (5, 2.8), "people": (5, 2.2), "partners": (4, 3.0)}, with_comments=False)
        actions.do_close_round(admin, round_)
        actions.do_add_next_step(
            admin,
            round_,
            title={"en": "Share one story of co-production a month", "cy": "Rhannu un stori cyd-gynhyrchu bob mis"},
            owner={"en": "The network's coordinators", "cy": "Cydlynwyr y rhwydwaith"},
            target_date=timezone.localdate() + dt.timedelta(days=60),
        )
    # An earlier round of the network, lower, so that the network's journey view shows a journey (added on its own:
    # an existing demo database gains it, and its own seed leaves the later round's answers as they were).
    if network is not None and not Round.objects.filter(network=network, title_en=NETWORK_FIRST_TITLE).exists():
        first = actions.do_start_round(
            admin,
            None,
            Framework.objects.get(slug="co-production"),
            title={"en": NETWORK_FIRST_TITLE, "cy": "Hunanasesiad cyd-gynhyrchu cyntaf y rhwydwaith"},
            network=network,
            started_on=timezone.localdate() - dt.timedelta(days=270),
        )
        _answers(random.Random(1817), first, {"staff": (5, 2.0), "people": (5, 1.6), "partners": (4, 2.2)}, False)
        actions.do_close_round(admin, first)


def load_demo(engagement: Engagement) -> None:
    if engagement.slug != MAIN_SLUG:
        return
    organisation = engagement.organisation
    admin = get_user_model().objects.filter(email="admin@example.org").first()
    if admin is None:
        return
    if Round.objects.filter(organisation=organisation, title_en=FIRST_TITLE).exists():
        load_additions(admin, organisation)
        return  # the rest was loaded before: never duplicate
    actions.do_install_shipped_frameworks(admin)  # the migration did; a flushed database may lack them
    rng = random.Random(18)
    today = timezone.localdate()
    co_production = Framework.objects.get(slug="co-production")
    data_maturity = Framework.objects.get(slug="data-maturity")
    last = None
    for en, cy, months, plan in CO_PRODUCTION_ROUNDS:
        last = actions.do_start_round(
            admin,
            organisation,
            co_production,
            title={"en": en, "cy": cy},
            started_on=today - dt.timedelta(days=30 * months),
        )
        _answers(rng, last, plan, with_comments=True)
        actions.do_close_round(admin, last)
    assert last is not None
    actions.do_publish_round(admin, last, True)
    for title, owner in NEXT_STEPS:
        actions.do_add_next_step(admin, last, title=title, owner=owner, target_date=today + dt.timedelta(days=90))
    maturity = actions.do_start_round(
        admin,
        organisation,
        data_maturity,
        title={"en": "Data maturity: where we start", "cy": "Aeddfedrwydd data: ble rydym yn dechrau"},
        started_on=today - dt.timedelta(days=60),
    )
    _answers(rng, maturity, {"staff": (8, 2.6), "people": (5, 2.0), "partners": (5, 2.4)}, with_comments=False)
    actions.do_close_round(admin, maturity)
    actions.do_save_settings(admin, organisation, share_benchmarks=True, stalled_after_weeks=6)
    # The network's benchmark: five partners share their latest co-production round.
    for k, (slug, en, cy) in enumerate(PEERS):
        peer = Organisation.objects.get_or_create(slug=slug, defaults={"name_en": en, "name_cy": cy})[0]
        round_ = actions.do_start_round(
            admin,
            peer,
            co_production,
            title={"en": "Co-production self-assessment", "cy": "Hunanasesiad cyd-gynhyrchu"},
            started_on=today - dt.timedelta(days=40 + 7 * k),
        )
        _answers(rng, round_, {"staff": (5, 2.2 + 0.4 * k), "people": (5, 1.8 + 0.3 * k)}, with_comments=False)
        actions.do_close_round(admin, round_)
        actions.do_save_settings(admin, peer, share_benchmarks=True, stalled_after_weeks=6)
    load_additions(admin, organisation)
