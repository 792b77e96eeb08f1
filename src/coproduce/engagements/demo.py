"""The demo's organisation, people and engagements: a fictional health board, in English and Welsh.

`coproduce demo` (engagements/management/commands/demo.py) loads them; each app above engagements adds its part of
each engagement's story (engagements.registry.demo_loaders), told by the engagement's slug:

- MAIN_SLUG, "What matters to you about outpatient appointments?", is in its second round: every phase is open
  today (listening goes on while the first changes are delivered, and a second prioritisation runs), so that every
  page of the cycle can be reached. Its first prioritisation (pairs) has closed and led to a decision.
- FINISHED_SLUG, "What matters to you about visiting someone in hospital?", finished a year ago: every phase is
  over, the decision made and every action done, so "we asked, you said, we did" is complete.
"""

from __future__ import annotations

from coproduce.engagements.models import Engagement, Phase, Role

MAIN_SLUG = "outpatient-appointments"
FINISHED_SLUG = "ward-visiting"

DEMO_PASSWORD = "coproduce-demo"  # printed on purpose: demo accounts on a laptop, never in production data

DEMO_PEOPLE = [
    ("admin@example.org", "Alys Admin", Role.ORG_ADMIN, False),
    ("facilitator@example.org", "Ffion Facilitator", Role.FACILITATOR, True),
    ("spokesperson@example.org", "Sam Spokesperson", Role.SPOKESPERSON, True),
    ("mentor@example.org", "Morgan Mentor", Role.MENTOR, True),
    ("expert@example.org", "Dr Elin Expert", Role.EXPERT, True),
    ("translator@example.org", "Tegwen Translator", Role.TRANSLATOR, True),
    ("participant@example.org", "Pat Participant", Role.PARTICIPANT, True),
]

ORGANISATION = {
    "slug": "glas-valley-health",
    "name_en": "Glas Valley University Health Board",
    "name_cy": "Bwrdd Iechyd Prifysgol Dyffryn Glas",
    "website": "https://glas-valley.example.org",
}

ENGAGEMENT = {
    "title_en": "Outpatient appointments",
    "title_cy": "Apwyntiadau cleifion allanol",
    "question_en": "What matters to you about outpatient appointments?",
    "question_cy": "Beth sy’n bwysig i chi am apwyntiadau cleifion allanol?",
    "brief_en": (
        "Each year the health board runs about 400,000 outpatient appointments. Patients, carers and staff have told "
        "us that booking, waiting and travelling can be hard.\n\n"
        "We want to **work out together** what matters most, find the common ground, and change what we can — "
        "in small steps, showing you what changed because of what you said."
    ),
    "brief_cy": (
        "Bob blwyddyn mae’r bwrdd iechyd yn cynnal tua 400,000 o apwyntiadau cleifion allanol. Mae cleifion, "
        "gofalwyr a staff wedi dweud wrthym y gall trefnu, aros a theithio fod yn anodd.\n\n"
        "Rydym eisiau **gweithio allan gyda’n gilydd** beth sydd bwysicaf, dod o hyd i dir cyffredin, a newid yr hyn "
        "a allwn — gam wrth gam, gan ddangos i chi beth newidiodd oherwydd yr hyn a ddywedoch."
    ),
    "in_scope_en": "How appointments are booked, reminded, rearranged and run, in all outpatient clinics of the board.",
    "in_scope_cy": "Sut mae apwyntiadau’n cael eu trefnu, eu hatgoffa, eu haildrefnu a’u cynnal, ym mhob clinig cleifion allanol y bwrdd.",
    "out_of_scope_en": "Clinical decisions about individual treatment; national waiting-time targets.",
    "out_of_scope_cy": "Penderfyniadau clinigol am driniaeth unigol; targedau amseroedd aros cenedlaethol.",
    "fixed_en": "The hospital sites stay where they are. Clinical safety standards cannot be relaxed.",
    "fixed_cy": "Mae safleoedd yr ysbytai’n aros lle maen nhw. Ni ellir llacio safonau diogelwch clinigol.",
    "budget_en": "£250,000 over two years for changes that come out of this work.",
    "budget_cy": "£250,000 dros ddwy flynedd ar gyfer newidiadau a ddaw o’r gwaith hwn.",
    "who_decides_en": "The Outpatients Transformation Board, in public, taking the common ground as its starting point.",
    "who_decides_cy": "Bwrdd Trawsnewid Cleifion Allanol, yn gyhoeddus, gan ddechrau o’r tir cyffredin.",
    "timeline_en": "Listening until the end of next month; decisions within three months; changes reported every two weeks.",
    "timeline_cy": "Gwrando tan ddiwedd y mis nesaf; penderfyniadau o fewn tri mis; adrodd ar newidiadau bob pythefnos.",
    "languages": Engagement.Languages.BOTH,
    "visibility": Engagement.Visibility.PUBLIC,
}

PERSPECTIVES = [("Patient", "Claf"), ("Carer", "Gofalwr"), ("Staff", "Staff")]

# (kind, days from the first load to its start, length in days, English, Welsh). Every phase of the main engagement
# is open on the day of the first load except the first prioritisation (pairs), which led to the decision: so every
# page of the cycle is linked and can be reached. The second prioritisation (dots: proposals/demo.py configures it)
# chooses what comes next.
PHASES = [
    (
        Phase.Kind.LISTEN,
        -120,
        180,
        "Tell us what matters and vote on what others said. Listening goes on while changes are delivered.",
        "Dywedwch wrthym beth sy’n bwysig a phleidleisiwch ar yr hyn a ddywedodd eraill. Mae’r gwrando’n parhau "
        "tra bo newidiadau’n cael eu cyflawni.",
    ),
    (
        Phase.Kind.COMMON_GROUND,
        -100,
        160,
        "See where patients, carers and staff agree.",
        "Gwelwch lle mae cleifion, gofalwyr a staff yn cytuno.",
    ),
    (
        Phase.Kind.CODESIGN,
        -90,
        120,
        "Design changes together on the common ground.",
        "Cynllunio newidiadau gyda’n gilydd ar y tir cyffredin.",
    ),
    (
        Phase.Kind.PRIORITISE,
        -70,
        14,
        "First round: compare the options in pairs and choose what to do first.",
        "Y rownd gyntaf: cymharu’r opsiynau fesul pâr a dewis beth i’w wneud yn gyntaf.",
    ),
    (
        Phase.Kind.DECIDE,
        -55,
        85,
        "The board decides in public and explains why.",
        "Mae’r bwrdd yn penderfynu’n gyhoeddus ac yn esbonio pam.",
    ),
    (
        Phase.Kind.DELIVER,
        -50,
        170,
        "Changes delivered in two-week steps.",
        "Newidiadau’n cael eu cyflawni fesul pythefnos.",
    ),
    (
        Phase.Kind.REVIEW,
        -30,
        150,
        "Tell us whether the changes worked for you.",
        "Dywedwch wrthym a weithiodd y newidiadau i chi.",
    ),
    (
        Phase.Kind.PRIORITISE,
        -5,
        15,
        "Second round: spread your dots on what we should do next.",
        "Yr ail rownd: rhannwch eich dotiau rhwng yr hyn y dylen ni ei wneud nesaf.",
    ),
]

FINISHED_ENGAGEMENT = {
    "title_en": "Visiting on the wards",
    "title_cy": "Ymweld ar y wardiau",
    "question_en": "What matters to you about visiting someone in hospital?",
    "question_cy": "Beth sy’n bwysig i chi wrth ymweld â rhywun yn yr ysbyty?",
    "brief_en": (
        "Last year we asked patients, families and ward staff what matters about visiting. Together we found the "
        "common ground, chose three changes and made them.\n\n"
        "This engagement is **finished**: read what was decided, what was done and what people thought of it."
    ),
    "brief_cy": (
        "Y llynedd fe ofynnon ni i gleifion, teuluoedd a staff y wardiau beth sy’n bwysig am ymweld. Gyda’n gilydd "
        "fe ddaethon ni o hyd i dir cyffredin, dewis tri newid a’u gwneud.\n\n"
        "Mae’r ymgysylltiad hwn **wedi dod i ben**: darllenwch beth a benderfynwyd, beth a wnaed a beth oedd barn "
        "pobl amdano."
    ),
    "in_scope_en": "Visiting times, how visitors are welcomed and where they can wait, on the board’s adult wards.",
    "in_scope_cy": "Amseroedd ymweld, sut mae ymwelwyr yn cael eu croesawu a lle gallan nhw aros, ar wardiau oedolion y bwrdd.",
    "out_of_scope_en": "Visiting on intensive care and maternity wards, which have their own rules.",
    "out_of_scope_cy": "Ymweld ar yr unedau gofal dwys a’r wardiau mamolaeth, sydd â’u rheolau eu hunain.",
    "fixed_en": "Infection control rules come first.",
    "fixed_cy": "Rheolau rheoli heintiau sy’n dod gyntaf.",
    "budget_en": "£40,000 for the changes.",
    "budget_cy": "£40,000 ar gyfer y newidiadau.",
    "who_decides_en": "The Nursing Board, in public.",
    "who_decides_cy": "Y Bwrdd Nyrsio, yn gyhoeddus.",
    "timeline_en": "Listening for a month; changes made within six months. Finished.",
    "timeline_cy": "Gwrando am fis; newidiadau wedi’u gwneud o fewn chwe mis. Wedi dod i ben.",
    "languages": Engagement.Languages.BOTH,
    "visibility": Engagement.Visibility.PUBLIC,
}

# Every phase is over: the cycle ran from about fourteen months to about six months before the first load.
FINISHED_PHASES = [
    (
        Phase.Kind.LISTEN,
        -420,
        30,
        "Tell us what matters about visiting.",
        "Dywedwch wrthym beth sy’n bwysig am ymweld.",
    ),
    (Phase.Kind.COMMON_GROUND, -400, 20, "See where people agree.", "Gwelwch lle mae pobl yn cytuno."),
    (Phase.Kind.CODESIGN, -380, 20, "Design changes together.", "Cynllunio newidiadau gyda’n gilydd."),
    (Phase.Kind.PRIORITISE, -360, 10, "Choose what to do first.", "Dewis beth i’w wneud yn gyntaf."),
    (Phase.Kind.DECIDE, -350, 10, "The Nursing Board decides.", "Mae’r Bwrdd Nyrsio yn penderfynu."),
    (Phase.Kind.DELIVER, -340, 120, "The changes are made.", "Mae’r newidiadau’n cael eu gwneud."),
    (Phase.Kind.REVIEW, -300, 110, "Tell us whether they worked.", "Dywedwch wrthym a weithion nhw."),
]

#: The demo's engagements: (slug, texts, phases), the main one first.
ENGAGEMENTS = [(MAIN_SLUG, ENGAGEMENT, PHASES), (FINISHED_SLUG, FINISHED_ENGAGEMENT, FINISHED_PHASES)]
