"""The demo's noticeboard and learning, in English and Welsh: the demo organisation's noticeboard with a dozen
notices (one pinned, one guest post published after moderation, one waiting), three study clubs (one meeting in
Welsh), six courses and materials, and two learning paths.

Part of `coproduce demo` (added through engagements.registry), for the main engagement only: safe to run again,
it adds nothing the second time. Deterministic: dates count from the first meeting's fixed weekday.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from coproduce.engagements.demo import MAIN_SLUG
from coproduce.engagements.models import Engagement
from coproduce.learning import actions
from coproduce.learning.models import Board, LearningItem, LearningPath, Notice

BOARD = {
    "en": "Glas Valley noticeboard",
    "cy": "Hysbysfwrdd Dyffryn Glas",
}
BOARD_ABOUT = {
    "en": "News, events and study clubs from the health board and its partners.",
    "cy": "Newyddion, digwyddiadau a chlybiau astudio gan y bwrdd iechyd a’i bartneriaid.",
}

# (category, pinned, English title, Welsh title, English body, Welsh body)
NOTICES = [
    (
        "news",
        True,
        "Outpatient conversation: round two is open",
        "Sgwrs cleifion allanol: mae’r ail rownd ar agor",
        "Tell us what matters to you about outpatient appointments. It takes five minutes on a phone.",
        "Dywedwch wrthym beth sy’n bwysig i chi am apwyntiadau cleifion allanol. Mae’n cymryd pum munud ar ffôn.",
    ),
    (
        "study_club",
        False,
        "New study club: co-production basics",
        "Clwb astudio newydd: hanfodion cydgynhyrchu",
        "Six evenings at Aberglas library. **Everyone welcome**, no experience needed.",
        "Chwe noson yn llyfrgell Aberglas. **Croeso i bawb**, does dim angen profiad.",
    ),
    (
        "event",
        False,
        "Drop-in at the community hall",
        "Sesiwn galw heibio yn neuadd y gymuned",
        "Come and talk to the outpatient team on Saturday morning, with tea and Welsh cakes.",
        "Dewch i siarad â’r tîm cleifion allanol fore Sadwrn, gyda the a phice ar y maen.",
    ),
    (
        "learning",
        False,
        "Free course: understanding health data",
        "Cwrs am ddim: deall data iechyd",
        "A short online course on what the numbers mean, made for phones.",
        "Cwrs byr ar-lein am ystyr y rhifau, wedi’i wneud ar gyfer ffonau.",
    ),
    (
        "opportunity",
        False,
        "Join the patient panel",
        "Ymunwch â’r panel cleifion",
        "We are looking for four people to help shape the next engagement. Expenses paid.",
        "Rydym yn chwilio am bedwar o bobl i helpu i lunio’r ymgysylltiad nesaf. Telir costau.",
    ),
    (
        "news",
        False,
        "What we did about parking",
        "Beth wnaethom ni am barcio",
        "You told us parking was the hardest part of the visit: the new drop-off bay opens next month.",
        "Dywedoch wrthym mai parcio oedd y rhan anoddaf o’r ymweliad: mae’r man gollwng newydd yn agor fis nesaf.",
    ),
    (
        "event",
        False,
        "Carers’ coffee morning",
        "Bore coffi i ofalwyr",
        "An informal morning for unpaid carers at Ty Glas.",
        "Bore anffurfiol i ofalwyr di-dâl yn Nhŷ Glas.",
    ),
    (
        "study_club",
        False,
        "Welsh-language study club starts in January",
        "Clwb astudio Cymraeg yn dechrau ym mis Ionawr",
        "Learning about co-production together, in Welsh, online.",
        "Dysgu am gyd-gynhyrchu gyda’n gilydd, yn Gymraeg, ar-lein.",
    ),
    (
        "news",
        False,
        "Easier appointment letters",
        "Llythyrau apwyntiad haws",
        "Letters now come in Welsh and English, with a map.",
        "Mae llythyrau bellach yn Gymraeg ac yn Saesneg, gyda map.",
    ),
    (
        "learning",
        False,
        "Learning path: running an engagement",
        "Llwybr dysgu: cynnal ymgysylltiad",
        "Seven steps from the question to telling people what changed.",
        "Saith cam o’r cwestiwn i ddweud wrth bobl beth newidiodd.",
    ),
    (
        "opportunity",
        False,
        "Volunteer drivers wanted",
        "Angen gyrwyr gwirfoddol",
        "Help neighbours reach their appointments.",
        "Helpwch gymdogion i gyrraedd eu hapwyntiadau.",
    ),
]

ITEMS = [
    (
        "coproduction",
        "introduction",
        "both",
        20,
        True,
        True,
        "Co-production in ten minutes",
        "Cydgynhyrchu mewn deg munud",
        "What co-production is, and what it is not.",
        "Beth yw cydgynhyrchu, a beth nad yw.",
        "## Working as equals\n\nCo-production means people who use a service and people who run it share power: "
        "they decide together.\n\n- Start from what people can do\n- Share the decisions\n- Tell people what changed",
        "## Gweithio fel cyfartalion\n\nMae cydgynhyrchu yn golygu bod pobl sy’n defnyddio gwasanaeth a phobl sy’n "
        "ei redeg yn rhannu grym: maen nhw’n penderfynu gyda’i gilydd.\n\n- Dechrau o’r hyn y gall pobl ei wneud\n"
        "- Rhannu’r penderfyniadau\n- Dweud wrth bobl beth newidiodd",
        "Glas Valley Health Board",
        "",
    ),
    (
        "coproduction",
        "intermediate",
        "en",
        240,
        True,
        False,
        "Co-production for public services (MOOC)",
        "Cydgynhyrchu ar gyfer gwasanaethau cyhoeddus (MOOC)",
        "A four-week open online course.",
        "Cwrs agored ar-lein pedair wythnos.",
        "",
        "",
        "Open Learning Wales",
        "https://learning.example.org/coproduction",
    ),
    (
        "engagements",
        "introduction",
        "both",
        15,
        True,
        True,
        "Asking a good question",
        "Gofyn cwestiwn da",
        "How to frame an engagement so that people can answer.",
        "Sut i fframio ymgysylltiad fel y gall pobl ateb.",
        "## One question\n\nAsk one open question, about something that can still change.",
        "## Un cwestiwn\n\nGofynnwch un cwestiwn agored, am rywbeth sy’n dal i allu newid.",
        "Glas Valley Health Board",
        "",
    ),
    (
        "engagements",
        "intermediate",
        "both",
        30,
        True,
        True,
        "Telling people what changed",
        "Dweud wrth bobl beth newidiodd",
        "Closing the loop: we asked, you said, we did.",
        "Cau’r cylch: gofynnon ni, dywedoch chi, gwnaethom ni.",
        "## Close the loop\n\nWrite back to everyone who took part, even when the answer is no, and say why.",
        "## Cau’r cylch\n\nYsgrifennwch yn ôl at bawb a gymerodd ran, hyd yn oed pan mai na yw’r ateb, a dywedwch pam.",
        "Glas Valley Health Board",
        "",
    ),
    (
        "data_maturity",
        "introduction",
        "both",
        25,
        True,
        True,
        "What is data maturity?",
        "Beth yw aeddfedrwydd data?",
        "How ready an organisation is to use data well.",
        "Pa mor barod yw sefydliad i ddefnyddio data’n dda.",
        "## Seven areas\n\nLeadership, skills, culture, data, tools, analysis and uses.",
        "## Saith maes\n\nArweinyddiaeth, sgiliau, diwylliant, data, offer, dadansoddi a defnyddiau.",
        "Valley Voluntary Action",
        "",
    ),
    (
        "data_maturity",
        "intermediate",
        "en",
        90,
        False,
        False,
        "Data for small charities (Moodle course)",
        "Data ar gyfer elusennau bach (cwrs Moodle)",
        "A self-paced course with exercises.",
        "Cwrs hunan-gyflym gydag ymarferion.",
        "",
        "",
        "Valley Voluntary Action",
        "https://moodle.example.org/course/7",
    ),
]

PATHS = [
    (
        "coproduction",
        "Starting with co-production",
        "Dechrau gyda chyd-gynhyrchu",
        "From the idea to your first engagement.",
        "O’r syniad i’ch ymgysylltiad cyntaf.",
        [0, 2, 3, 1],
    ),
    (
        "data_maturity",
        "Data maturity for community groups",
        "Aeddfedrwydd data i grwpiau cymunedol",
        "Know where you are, then take the next step.",
        "Gwybod ble rydych chi, yna cymryd y cam nesaf.",
        [4, 5],
    ),
]


#: The demo organisation's own learning: an item and a path only its managers change, on its learning page.
OWN_ITEM = (
    "Our co-production promise",
    "Ein haddewid cyd-gynhyrchu",
    "What the health board promises everyone who takes part, and how to hold us to it.",
    "Beth mae’r bwrdd iechyd yn ei addo i bawb sy’n cymryd rhan, a sut i’n dal ni iddo.",
    "## Our promise\n\nWe listen first, we say what we changed, and we pay people for their time.",
    "## Ein haddewid\n\nRydym yn gwrando yn gyntaf, yn dweud beth a newidiwyd, ac yn talu pobl am eu hamser.",
)
OWN_PATH = (
    "Co-production for new staff",
    "Cyd-gynhyrchu i staff newydd",
    "Our promise first, then the basics everyone uses.",
    "Ein haddewid yn gyntaf, yna’r hanfodion y mae pawb yn eu defnyddio.",
)


def _own_learning(admin, organisation) -> None:
    """The organisation's own item and path (once: a demo loaded before this existed gets them too)."""
    if LearningPath.objects.filter(organisation=organisation, title_en=OWN_PATH[0]).exists():
        return
    en, cy, sum_en, sum_cy, body_en, body_cy = OWN_ITEM
    item = actions.do_add_item(
        admin,
        title={"en": en, "cy": cy},
        summary={"en": sum_en, "cy": sum_cy},
        body={"en": body_en, "cy": body_cy},
        provider=organisation.name_en,
        minutes=10,
        level="introduction",
        topic="coproduction",
        language="both",
        phone_friendly=True,
        offline_friendly=True,
        organisation=organisation,
    )
    basics = LearningItem.objects.filter(organisation__isnull=True, topic="coproduction").order_by("pk").first()
    actions.do_create_path(
        admin,
        title={"en": OWN_PATH[0], "cy": OWN_PATH[1]},
        description={"en": OWN_PATH[2], "cy": OWN_PATH[3]},
        topic="coproduction",
        items=[item, basics] if basics else [item],
        organisation=organisation,
    )


def load_demo(engagement: Engagement) -> None:
    if engagement.slug != MAIN_SLUG:
        return  # only for the main engagement
    users = get_user_model().objects
    admin = users.filter(email="admin@example.org").first()
    if admin is None:
        return
    if Board.objects.filter(name_en=BOARD["en"]).exists():
        _own_learning(admin, engagement.organisation)
        return  # never twice
    facilitator = users.filter(email="facilitator@example.org").first() or admin
    participant = users.filter(email="participant@example.org").first()
    board = actions.do_create_board(admin, BOARD, BOARD_ABOUT, organisation=engagement.organisation)
    for category, pinned, en, cy, body_en, body_cy in reversed(NOTICES):
        actions.do_post_notice(
            admin,
            board,
            title={"en": en, "cy": cy},
            body={"en": body_en, "cy": body_cy},
            category=category,
            pinned=pinned,
        )
    items = []
    for (
        topic,
        level,
        language,
        minutes,
        phone,
        offline,
        en,
        cy,
        sum_en,
        sum_cy,
        body_en,
        body_cy,
        provider,
        link,
    ) in ITEMS:
        items.append(
            actions.do_add_item(
                admin,
                title={"en": en, "cy": cy},
                summary={"en": sum_en, "cy": sum_cy},
                body={"en": body_en, "cy": body_cy},
                provider=provider,
                link=link,
                minutes=minutes,
                level=level,
                topic=topic,
                language=language,
                phone_friendly=phone,
                offline_friendly=offline,
            )
        )
    for topic, en, cy, about_en, about_cy, steps in PATHS:
        actions.do_create_path(
            admin,
            title={"en": en, "cy": cy},
            description={"en": about_en, "cy": about_cy},
            topic=topic,
            items=[items[n] for n in steps],
        )
    # Meetings from the next Tuesday at 18:30, local time: the same weekday whenever the demo is loaded.
    today = timezone.localdate()
    tuesday = today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7)

    def at(day: dt.date, hour: int, minute: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    basics = actions.do_create_club(
        facilitator,
        board,
        name={"en": "Co-production basics", "cy": "Hanfodion cydgynhyrchu"},
        description={
            "en": "Six evenings to learn the basics together, with tea.",
            "cy": "Chwe noson i ddysgu’r hanfodion gyda’n gilydd, gyda phaned.",
        },
        place={"en": "Aberglas library, meeting room 2", "cy": "Llyfrgell Aberglas, ystafell gyfarfod 2"},
        language="en",
        first_meeting=at(tuesday, 18, 30),
        repeat="weekly",
        meetings=6,
        capacity=12,
        courses=[items[0], items[2]],
    )
    actions.do_create_club(
        facilitator,
        board,
        name={"en": "Welsh-language co-production club", "cy": "Clwb cydgynhyrchu Cymraeg"},
        description={
            "en": "We meet online and talk in Welsh. Learners welcome.",
            "cy": "Rydym yn cwrdd ar-lein ac yn siarad Cymraeg. Croeso i ddysgwyr.",
        },
        online=True,
        language="cy",
        first_meeting=at(tuesday + dt.timedelta(days=2), 19, 0),
        repeat="fortnightly",
        meetings=8,
        capacity=15,
        courses=[items[0], items[3]],
    )
    actions.do_create_club(
        admin,
        board,
        name={"en": "Data for community groups", "cy": "Data i grwpiau cymunedol"},
        description={"en": "Bring your group’s questions about data.", "cy": "Dewch â chwestiynau eich grŵp am ddata."},
        place={"en": "Ty Glas community hall", "cy": "Neuadd gymuned Tŷ Glas"},
        language="both",
        first_meeting=at(tuesday + dt.timedelta(days=7), 10, 0),
        repeat="monthly",
        meetings=4,
        capacity=10,
        courses=[items[4], items[5]],
    )
    if participant is not None:
        actions.do_join_club(participant, basics)
        actions.do_announce(
            facilitator,
            basics,
            {
                "en": "Bring a pen: we will map what the valley already has.",
                "cy": "Dewch â beiro: byddwn yn mapio’r hyn sydd gan y cwm yn barod.",
            },
        )
        actions.do_set_progress(participant, items[0], saved=True, status="started")
        guest = actions.do_suggest_notice(
            participant,
            board,
            title="Walking group for carers",
            body="We walk by the river every Thursday at 10.",
            name="Pat from Aberglas",
            language="en",
            category=Notice.Category.EVENT,
        )
        actions.do_moderate_notice(admin, guest, approve=True)
        actions.do_suggest_notice(
            participant,
            board,
            title="Clwb gwau yn y llyfrgell",
            body="Dewch i wau a sgwrsio bob dydd Mercher.",
            name="Pat",
            language="cy",
            category=Notice.Category.EVENT,
        )
    _own_learning(admin, engagement.organisation)
