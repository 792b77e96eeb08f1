"""The demo's events, in English and Welsh, linked to the main engagement (outpatient appointments):

- a past unconference day, "Outpatients Camp", a month ago: 24 pitches (some in Welsh), 4 rooms × 4 slots, interest
  from 80 people, the grid built by the scheduler and published, and notes from three sessions, four of whose points
  became statements in the engagement's conversation (marked "from an event session");
- an upcoming workshop in a fortnight: 16 places, 12 released now and 4 more in three days (as GovCamp Cymru releases
  its tickets), 14 registrations, so two people wait.

Part of `coproduce demo` (added through engagements.registry): deterministic (a seeded generator), through the
app's actions, and safe to run again (it adds nothing the second time). Fictional people and places only.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from coproduce.engagements.demo import MAIN_SLUG
from coproduce.engagements.models import Engagement
from coproduce.events import actions
from coproduce.events.models import Event

DAY_SLUG = "outpatients-camp"
WORKSHOP_SLUG = "outpatient-letters-workshop"
SEED = 19

FIRST = [
    "Aled",
    "Bethan",
    "Cai",
    "Dafydd",
    "Eleri",
    "Ffion",
    "Gethin",
    "Heledd",
    "Iwan",
    "Lowri",
    "Mared",
    "Nia",
    "Owain",
    "Rhian",
    "Sion",
    "Tomos",
    "Mair",
    "Emyr",
    "Gwen",
    "Huw",
]
LAST = ["Pryce", "Bevan", "Lloyd", "Rees"]

# (title, in a line, host, language)
PITCHES = [
    ("Letters people can read", "Plain words in appointment letters", "Gwen Pryce", "en"),
    ("Llythyrau dwyieithog", "Pam mae'r Gymraeg yn dod yn ail ar ein llythyrau?", "Huw Bevan", "cy"),
    ("Getting there by bus", "Clinic times and the valley buses", "Mair Lloyd", "en"),
    ("Parking at the hospital", "Blue badges and the multi-storey", "Emyr Rees", "en"),
    ("Video appointments", "When they help and when they do not", "Aled Pryce", "en"),
    ("Waiting room seating", "Chairs for people who cannot stand", "Bethan Bevan", "en"),
    ("Hearing loops that work", "Checking them before clinic starts", "Cai Lloyd", "en"),
    ("Apwyntiadau yn Gymraeg", "Gofyn am glinigwr sy'n siarad Cymraeg", "Dafydd Rees", "cy"),
    ("Carers in the consulting room", "Being asked before being sent out", "Eleri Pryce", "en"),
    ("Cancelled at short notice", "What a text message should say", "Ffion Bevan", "en"),
    ("Interpreters", "Booking them with the appointment", "Gethin Lloyd", "en"),
    ("Results by phone", "Not waiting for a letter for weeks", "Heledd Rees", "en"),
    ("Young people's clinics", "After school, not during it", "Iwan Pryce", "en"),
    ("Mannau tawel", "Ystafell dawel i bobl awtistig", "Lowri Bevan", "cy"),
    ("Food and drink while waiting", "A long wait with nothing to eat", "Mared Lloyd", "en"),
    ("Signs and finding the way", "Colours on the floor, not only words", "Nia Rees", "en"),
    ("Booking online", "And for people who do not go online", "Owain Pryce", "en"),
    ("Chronic pain clinic", "Seeing the same person each time", "Rhian Bevan", "en"),
    ("Transport for wheelchair users", "The hospital car service", "Sion Lloyd", "en"),
    ("Gwasanaethau yn y gymuned", "Clinigau yn y ganolfan iechyd leol", "Tomos Rees", "cy"),
    ("Questions to ask", "A card to bring to the appointment", "Mair Pryce", "en"),
    ("Mental health and outpatients", "Anxiety before appointments", "Emyr Bevan", "en"),
    ("Reception desks", "Privacy when giving your details", "Gwen Lloyd", "en"),
    ("What happens next", "After the appointment: who calls whom", "Huw Rees", "en"),
]
# Points from three sessions: (pitch index, text, language, becomes a statement)
NOTES = [
    (0, "Appointment letters should say in the first line where and when, in plain words.", "en", True),
    (0, "A phone number that is answered should be on every letter.", "en", False),
    (1, "Dylai pob llythyr apwyntiad fod yn Gymraeg ac yn Saesneg ar yr un dudalen.", "cy", True),
    (2, "Clinics should not end after the last bus back up the valley.", "en", True),
    (2, "A list of bus times on the hospital's page for each clinic would help.", "en", True),
    (2, "Community transport needs a week's notice, so letters must come sooner.", "en", False),
]


def _people() -> list[tuple[str, str]]:
    return [
        (f"attendee-{n:02d}@example.org", f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]}")
        for n in range(80)
    ]


def load_demo(engagement: Engagement) -> None:
    if engagement.slug != MAIN_SLUG or Event.objects.filter(slug=DAY_SLUG).exists():
        return  # another engagement's, or loaded before: never duplicate
    admin = get_user_model().objects.filter(email="admin@example.org").first()
    if admin is None:
        return
    rng = random.Random(SEED)
    organisation = engagement.organisation
    people = actions.do_add_demo_attendees(admin, organisation, _people())
    today = timezone.localdate()
    tz = timezone.get_current_timezone()

    def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)

    # The past unconference day.
    day = today - dt.timedelta(days=30)
    camp = actions.do_create_event(
        admin,
        organisation,
        slug=DAY_SLUG,
        kind=str(Event.Kind.UNCONFERENCE),
        title={"en": "Outpatients Camp", "cy": "Gwersyll Cleifion Allanol"},
        description={
            "en": "An unconference day: you bring the topics, pitch them in the morning, and we build the day together.",
            "cy": "Diwrnod anghynhadledd: chi sy'n dod â'r pynciau, yn eu cyflwyno yn y bore, ac rydym yn llunio'r "
            "diwrnod gyda'n gilydd.",
        },
        place={"en": "Glas Valley Community Centre, Llanfair", "cy": "Canolfan Gymunedol Dyffryn Glas, Llanfair"},
        access_information={
            "en": "Level access from the car park; accessible toilets on both floors; a lift to the first floor.",
            "cy": "Mynediad gwastad o'r maes parcio; toiledau hygyrch ar y ddau lawr; lifft i'r llawr cyntaf.",
        },
        starts_at=at(day, 9, 30),
        ends_at=at(day, 16, 0),
        engagement=engagement,
        capacity=100,
        step_free=True,
        hearing_loop=True,
        quiet_room=True,
        welsh_provision=True,
    )
    for name, capacity in (("Neuadd", 60), ("Ystafell Taf", 30), ("Ystafell Wysg", 20), ("Y Gegin", 12)):
        actions.do_add_room(admin, camp, name, capacity)
    for hour, minute in ((10, 30), (11, 30), (13, 30), (14, 30)):
        start = at(day, hour, minute)
        actions.do_add_slot(admin, camp, start, start + dt.timedelta(minutes=50))
    for person in people:
        actions.do_register(camp, user=person, name=person.display_name, language=rng.choice(["en", "en", "cy"]))
    hosts = {p.display_name: p for p in people}
    pitches = [
        actions.do_pitch(
            camp, hosts.get(host) or people[i], title=title, summary=summary, host_name=host, language=language
        )
        for i, (title, summary, host, language) in enumerate(PITCHES)
    ]
    popularity = [rng.lognormvariate(0, 0.7) for _ in pitches]
    for person in people:
        wanted = set()
        for _ in range(rng.randint(3, 6)):
            wanted.add(rng.choices(range(len(pitches)), weights=popularity)[0])
        for i in sorted(wanted):
            actions.do_toggle_interest(pitches[i], person)
    actions.do_build_grid(admin, camp, time_limit=1.0)
    actions.do_publish_grid(admin, camp)
    for index, text, language, to_statement in NOTES:
        pitch = pitches[index]
        note = actions.do_add_note(pitch, pitch.host or admin, text, language)
        if to_statement:
            try:
                actions.do_note_to_statement(admin, note)
            except actions.DuplicateStatement:
                pass

    # The upcoming workshop, with places released in two batches and a waiting list.
    later = today + dt.timedelta(days=14)
    workshop = actions.do_create_event(
        admin,
        organisation,
        slug=WORKSHOP_SLUG,
        kind=str(Event.Kind.WORKSHOP),
        title={"en": "Rewriting the appointment letter", "cy": "Ailysgrifennu'r llythyr apwyntiad"},
        description={
            "en": "Bring a letter you found hard to read. Together we will write a better one, in Welsh and English.",
            "cy": "Dewch â llythyr a oedd yn anodd ei ddarllen. Gyda'n gilydd byddwn yn ysgrifennu un gwell, yn "
            "Gymraeg ac yn Saesneg.",
        },
        place={"en": "Llanfair Library, meeting room", "cy": "Llyfrgell Llanfair, yr ystafell gyfarfod"},
        access_information={
            "en": "The meeting room is on the ground floor. Tea, coffee and lunch are provided.",
            "cy": "Mae'r ystafell gyfarfod ar y llawr gwaelod. Darperir te, coffi a chinio.",
        },
        starts_at=at(later, 10, 0),
        ends_at=at(later, 13, 0),
        engagement=engagement,
        capacity=16,
        online_url="https://meet.example.org/letters",
        step_free=True,
        hearing_loop=True,
        welsh_provision=True,
    )
    now = timezone.now()
    actions.do_release_places(admin, workshop, now - dt.timedelta(days=7), 12)
    actions.do_release_places(admin, workshop, now + dt.timedelta(days=3), 4)
    needs = {2: ("I use a wheelchair.", ""), 5: ("", "Vegetarian"), 9: ("Large print, please.", "No nuts")}
    for n, person in enumerate(people[:14]):
        access, diet = needs.get(n, ("", ""))
        actions.do_register(workshop, user=person, name=person.display_name, access_needs=access, dietary_needs=diet)
