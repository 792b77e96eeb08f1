"""Load the demo: a fictional health board asking what matters about outpatient appointments.

Safe to run again: every object is looked up by a stable key and updated, never duplicated.
"""

from __future__ import annotations

import datetime as dt

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from coproduce.engagements.models import Engagement, Membership, Organisation, Perspective, Phase, Role
from coproduce.engagements.registry import demo_loaders

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

# (kind, days from today to start, length in days, English, Welsh)
PHASES = [
    (
        Phase.Kind.LISTEN,
        -14,
        45,
        "Tell us what matters and vote on what others said.",
        "Dywedwch wrthym beth sy’n bwysig a phleidleisiwch ar yr hyn a ddywedodd eraill.",
    ),
    (
        Phase.Kind.COMMON_GROUND,
        0,
        45,
        "See where patients, carers and staff agree.",
        "Gwelwch lle mae cleifion, gofalwyr a staff yn cytuno.",
    ),
    (
        Phase.Kind.CODESIGN,
        31,
        30,
        "Design changes together on the common ground.",
        "Cynllunio newidiadau gyda’n gilydd ar y tir cyffredin.",
    ),
    (Phase.Kind.PRIORITISE, 61, 14, "Choose what to do first.", "Dewis beth i’w wneud yn gyntaf."),
    (
        Phase.Kind.DECIDE,
        75,
        14,
        "The board decides in public and explains why.",
        "Mae’r bwrdd yn penderfynu’n gyhoeddus ac yn esbonio pam.",
    ),
    (
        Phase.Kind.DELIVER,
        89,
        180,
        "Changes delivered in two-week steps.",
        "Newidiadau’n cael eu cyflawni fesul pythefnos.",
    ),
    (
        Phase.Kind.REVIEW,
        120,
        180,
        "Tell us whether the changes worked for you.",
        "Dywedwch wrthym a weithiodd y newidiadau i chi.",
    ),
]


class Command(BaseCommand):
    help = "Load the demo organisation, engagement and sign-ins (safe to run again)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        User = get_user_model()
        organisation, _ = Organisation.objects.update_or_create(slug=ORGANISATION["slug"], defaults=ORGANISATION)
        engagement, created = Engagement.objects.update_or_create(
            slug="outpatient-appointments", defaults={**ENGAGEMENT, "organisation": organisation}
        )
        for position, (name_en, name_cy) in enumerate(PERSPECTIVES):
            Perspective.objects.update_or_create(
                engagement=engagement, name_en=name_en, defaults={"name_cy": name_cy, "position": position}
            )
        if created or not engagement.phases.exists():
            # Dates are set relative to the day of the first load; a later run leaves the facilitator's edits alone.
            today = timezone.localdate()
            for position, (kind, start, length, text_en, text_cy) in enumerate(PHASES):
                Phase.objects.create(
                    engagement=engagement,
                    kind=kind,
                    description_en=text_en,
                    description_cy=text_cy,
                    starts_on=today + dt.timedelta(days=start),
                    ends_on=today + dt.timedelta(days=start + length),
                    features=[str(f) for f in Phase.DEFAULT_FEATURES[kind]],
                    position=position,
                )
        for email, name, role, for_engagement in DEMO_PEOPLE:
            user, user_created = User.objects.get_or_create(email=email, defaults={"display_name": name})
            if user_created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            # Signing in by password needs a verified address (ACCOUNT_EMAIL_VERIFICATION is mandatory); the demo
            # addresses receive no mail.
            EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
            Membership.objects.get_or_create(
                user=user, organisation=organisation, engagement=engagement if for_engagement else None, role=role
            )
        if role_participant := User.objects.filter(email="participant@example.org").first():
            engagement.participants.get_or_create(user=role_participant)

        # Each app above engagements adds its part (conversations: the statements, votes and their analysis).
        for load_demo in demo_loaders:
            load_demo(engagement)

        self.stdout.write(self.style.SUCCESS("Demo loaded: “What matters to you about outpatient appointments?”"))
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for email, _name, role, _ in DEMO_PEOPLE:
            self.stdout.write(f"  {email:28} {Role(role).label}")
        self.stdout.write("Open http://127.0.0.1:8000/ — staff area at http://127.0.0.1:8000/staff/")
