"""Demo co-design: proposals citing the common ground, expert input, comments, two rounds of prioritisation (pairs,
then dots) by the conversation's simulated people, and the decision the first round led to; in English and Welsh.
The finished engagement has its own, shorter story.

Part of `coproduce demo` (added through engagements.registry): safe to run again, it adds nothing the second time.
The Welsh follows docs/glossary-cy.md.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from coproduce.conversations.models import Statement
from coproduce.engagements.demo import FINISHED_SLUG, MAIN_SLUG
from coproduce.engagements.models import Engagement, Participant, Phase
from coproduce.proposals import actions
from coproduce.proposals.access import Author
from coproduce.proposals.models import PrioritisationSettings, Proposal

REMINDERS = {
    "title": {
        "en": "Text reminders two days before",
        "cy": "Nodyn atgoffa drwy neges destun ddeuddydd cyn yr apwyntiad",
    },
    "summary": {
        "en": "Send a text message two days before every outpatient appointment, with a link to rearrange it.",
        "cy": "Anfon neges destun ddeuddydd cyn pob apwyntiad cleifion allanol, gyda dolen i’w aildrefnu.",
    },
    "body": {
        "en": (
            "Most people agreed that reminders would stop them missing appointments, and that they want to "
            "rearrange by text.\n\n"
            "- A text two days before\n"
            "- A link to rearrange or cancel\n"
            "- In Welsh or English, as the patient chooses"
        ),
        "cy": (
            "Cytunodd y rhan fwyaf o bobl y byddai nodiadau atgoffa yn eu helpu i beidio â cholli apwyntiadau, a’u "
            "bod eisiau aildrefnu drwy neges destun.\n\n"
            "- Neges destun ddeuddydd cyn yr apwyntiad\n"
            "- Dolen i aildrefnu neu ganslo\n"
            "- Yn Gymraeg neu’n Saesneg, fel y mae’r claf yn dewis"
        ),
    },
}
HOW_LONG = {
    "title": {
        "en": "Tell people how long the clinic will take",
        "cy": "Dweud wrth bobl pa mor hir y bydd y clinig yn ei gymryd",
    },
    "summary": {
        "en": "Appointment letters say how long you will be at the clinic, and staff say when a clinic runs late.",
        "cy": (
            "Mae llythyrau apwyntiad yn dweud pa mor hir y byddwch yn y clinig, ac mae staff yn dweud pan fydd "
            "clinig yn rhedeg yn hwyr."
        ),
    },
    "body": {"en": "", "cy": ""},
}
QUIET_SPACE = {
    "title": {"en": "A quiet waiting space", "cy": "Lle tawel i aros"},
    "summary": {
        "en": "Each outpatient waiting room has a quiet corner for people who find crowds hard.",
        "cy": "Mae gan bob ystafell aros cleifion allanol gornel dawel i bobl sy’n ei chael hi’n anodd mewn torf.",
    },
    "body": {"en": "", "cy": ""},
}
CARERS = {
    "title": {
        "en": "Carers can manage appointments",
        "cy": "Gofalwyr yn gallu rheoli apwyntiadau",
    },
    "summary": {
        "en": "A carer named by the patient can book, rearrange and be reminded of the patient’s appointments.",
        "cy": "Gall gofalwr a enwir gan y claf drefnu ac aildrefnu apwyntiadau’r claf, a chael nodiadau atgoffa amdanyn nhw.",
    },
    "body": {"en": "", "cy": ""},
}
PARKING = {
    "title": {"en": "Parking time that fits the clinic", "cy": "Amser parcio sy’n cyd-fynd â’r clinig"},
    "summary": {
        "en": "Outpatients get free parking for as long as the clinic runs late, and a drop-off bay by the entrance.",
        "cy": (
            "Mae cleifion allanol yn cael parcio am ddim cyhyd ag y mae’r clinig yn rhedeg yn hwyr, a lle i ollwng "
            "pobl wrth y fynedfa."
        ),
    },
    "body": {"en": "", "cy": ""},
}
WEBSITE = {
    "title": {
        "en": "Show on the website how late each clinic is running",
        "cy": "Dangos ar y wefan pa mor hwyr mae pob clinig yn rhedeg",
    },
    "summary": {
        "en": "Every clinic’s delay, updated by reception, on the health board’s website and on a screen at the entrance.",
        "cy": (
            "Oedi pob clinig, wedi’i ddiweddaru gan y dderbynfa, ar wefan y bwrdd iechyd ac ar sgrin wrth y fynedfa."
        ),
    },
    "body": {"en": "", "cy": ""},
}
# Each proposal and the demo statements it cites (their positions in conversations/demo.py STATEMENTS), all common
# ground. The first five are compared in pairs in the first round; the last is written after the decision.
PROPOSALS = [(REMINDERS, [1, 2, 14]), (HOW_LONG, [0, 4]), (QUIET_SPACE, [15]), (CARERS, [13]), (PARKING, [3])]
LATER_PROPOSALS = [(WEBSITE, [4])]
# How much each proposal matters to the simulated people of the first round (Bradley–Terry strengths): the decision
# takes up the first two.
STRENGTHS = [1.3, 0.9, -0.4, 0.5, 0.1]
PAIRWISE_PEOPLE = 36  # people who compare pairs in the first round …
PAIRS_EACH = 10  # … each this many pairs (every pair of the five)
DOTS_PEOPLE = 32  # people who spread their dots in the second round
DOTS_EACH = 10
# How the dots of the second round lean, for the three options left (carers, parking, the website).
DOTS_WEIGHTS = [5, 3, 2]
COMMENTS = [
    (
        "participant@example.org",
        0,
        "Please let the text say which clinic and which entrance: the hospital is big.",
    ),
    (None, 0, "Byddai’n dda cael y neges yn Gymraeg heb orfod gofyn bob tro."),
    (None, 3, "My mother’s clinic would only talk to her, even though I take her to every appointment."),
]
BOUNDARY_NOTE = {
    "en": "Booking and reminders are in scope, and the cost fits the budget.",
    "cy": "Mae trefnu apwyntiadau a nodiadau atgoffa o fewn y cwmpas, ac mae’r gost o fewn y gyllideb.",
}
NOT_TAKEN_FORWARD = {
    "en": "The waiting rooms are rebuilt next year, and the new design has a quiet space in each.",
    "cy": "Bydd yr ystafelloedd aros yn cael eu hailadeiladu y flwyddyn nesaf, ac mae lle tawel ym mhob un yn y cynllun newydd.",
}
EXPERT_INPUT = {
    "en": (
        "In clinics that already send them, text reminders mean fewer missed appointments. A link to rearrange "
        "lets the slot go to **someone else** in time."
    ),
    "cy": (
        "Mewn clinigau sydd eisoes yn eu hanfon, mae nodiadau atgoffa drwy neges destun yn golygu bod llai o "
        "apwyntiadau’n cael eu colli. Mae dolen i aildrefnu yn golygu y gall y slot fynd i **rywun arall** mewn pryd."
    ),
}
DECISION = {
    "title": {
        "en": "We will send text reminders and say how long clinics take",
        "cy": "Byddwn yn anfon nodiadau atgoffa drwy neges destun ac yn dweud pa mor hir y mae clinigau’n ei gymryd",
    },
    "decided_by": {
        "en": "The Outpatients Transformation Board, at its public meeting",
        "cy": "Bwrdd Trawsnewid Cleifion Allanol, yn ei gyfarfod cyhoeddus",
    },
    "reasons": {
        "en": (
            "Patients, carers and staff agreed on both, and they came first and second when %(people)s people "
            "compared the options in pairs. They fit the budget and can start within weeks."
        ),
        "cy": (
            "Cytunodd cleifion, gofalwyr a staff ar y ddau, a daethon nhw’n gyntaf ac yn ail pan gymharodd %(people)s "
            "o bobl yr opsiynau fesul pâr. Maen nhw o fewn y gyllideb a gallant ddechrau o fewn wythnosau."
        ),
    },
    "not_done": {
        "en": (
            "A quiet waiting space is not done now: it comes with the new waiting rooms next year. Carers managing "
            "appointments and parking go to a second round of prioritisation."
        ),
        "cy": (
            "Nid yw lle tawel i aros yn cael ei wneud nawr: daw gyda’r ystafelloedd aros newydd y flwyddyn nesaf. Mae "
            "gofalwyr yn rheoli apwyntiadau a pharcio yn mynd i ail rownd o flaenoriaethu."
        ),
    },
}


# The finished engagement (engagements/demo.py FINISHED_SLUG): visiting someone in hospital.
OPEN_VISITING = {
    "title": {"en": "Open visiting from 11am to 8pm", "cy": "Ymweld agored o 11am tan 8pm"},
    "summary": {
        "en": "Visitors are welcome on adult wards from 11am to 8pm, and a carer may stay at any time.",
        "cy": "Mae croeso i ymwelwyr ar wardiau oedolion o 11am tan 8pm, a gall gofalwr aros ar unrhyw adeg.",
    },
    "body": {"en": "", "cy": ""},
}
WELCOME = {
    "title": {"en": "A welcome at every ward door", "cy": "Croeso wrth ddrws pob ward"},
    "summary": {
        "en": "A card at each ward door says who is in charge today and how to reach them, and staff phone the "
        "family when a patient moves ward.",
        "cy": "Mae cerdyn wrth ddrws pob ward yn dweud pwy sy’n gyfrifol heddiw a sut i gysylltu â nhw, ac mae "
        "staff yn ffonio’r teulu pan fydd claf yn symud ward.",
    },
    "body": {"en": "", "cy": ""},
}
SEATS = {
    "title": {"en": "Seats by the lifts", "cy": "Seddi wrth y lifftiau"},
    "summary": {
        "en": "Seats and a drinks machine in each lift lobby, for visitors waiting to go in.",
        "cy": "Seddi a pheiriant diodydd ym mhob cyntedd lifft, i ymwelwyr sy’n aros i fynd i mewn.",
    },
    "body": {"en": "", "cy": ""},
}
FINISHED_PROPOSALS = [(OPEN_VISITING, [0, 3]), (WELCOME, [1, 8]), (SEATS, [2])]
FINISHED_STRENGTHS = [1.0, 0.6, -0.5]
FINISHED_PEOPLE = 30
SEATS_NOT_TAKEN = {
    "en": "The lift lobbies are fire escape routes: seats are not allowed there. Day rooms are open to visitors instead.",
    "cy": "Mae cynteddau’r lifftiau’n llwybrau dianc rhag tân: ni chaniateir seddi yno. Mae’r ystafelloedd dydd ar agor i ymwelwyr yn lle hynny.",
}
FINISHED_EXPERT_INPUT = {
    "en": "Longer visiting hours do not raise infection rates when visitors clean their hands at the ward door.",
    "cy": "Nid yw oriau ymweld hirach yn codi cyfraddau heintio pan fydd ymwelwyr yn glanhau eu dwylo wrth ddrws y ward.",
}
FINISHED_DECISION = {
    "title": {
        "en": "Open visiting and a welcome on every adult ward",
        "cy": "Ymweld agored a chroeso ar bob ward oedolion",
    },
    "decided_by": {"en": "The Nursing Board, at its public meeting", "cy": "Y Bwrdd Nyrsio, yn ei gyfarfod cyhoeddus"},
    "reasons": {
        "en": "They were common ground for patients, carers and staff, and came first and second in the prioritisation.",
        "cy": "Roedden nhw’n dir cyffredin i gleifion, gofalwyr a staff, a daethon nhw’n gyntaf ac yn ail yn y blaenoriaethu.",
    },
    "not_done": {
        "en": "Seats by the lifts: the lift lobbies are fire escape routes. Day rooms are open to visitors instead.",
        "cy": "Seddi wrth y lifftiau: mae’r cynteddau’n llwybrau dianc rhag tân. Mae’r ystafelloedd dydd ar agor i ymwelwyr yn lle hynny.",
    },
}


def load_demo(engagement: Engagement) -> None:
    if Proposal.objects.filter(engagement=engagement).exists():
        return  # loaded before: never duplicate
    if engagement.slug == MAIN_SLUG:
        load_main(engagement)
    elif engagement.slug == FINISHED_SLUG:
        load_finished(engagement)


def _people() -> dict[str, Any]:
    return {u.email: u for u in get_user_model().objects.filter(email__endswith="@example.org")}


def _seeds(engagement: Engagement) -> list[Statement]:
    return list(
        Statement.objects.filter(conversation__engagement=engagement, origin=Statement.Origin.SEED).order_by("pk")
    )


def _write(engagement: Engagement, facilitator, proposals, seeds: list[Statement]) -> list[Proposal]:
    return [
        actions.do_write_proposal(
            engagement,
            Author(user=facilitator),
            title=texts["title"],
            summary=texts["summary"],
            body=texts["body"],
            statements=[seeds[i] for i in cites if i < len(seeds)],
            status=Proposal.Status.SHORTLISTED,
        )
        for texts, cites in proposals
    ]


def _prioritisation_phases(engagement: Engagement) -> list[Phase]:
    return list(engagement.phases.filter(kind=Phase.Kind.PRIORITISE).order_by("starts_on", "position"))


def _simulated_people(engagement: Engagement) -> list[Participant]:
    """The conversation's simulated (assisted) people, who go on to prioritise."""
    return list(Participant.objects.filter(engagement=engagement, is_assisted=True).order_by("pk"))


def compare_in_pairs(
    phase: Phase | None,
    options: list[Proposal],
    strengths: list[float],
    people: list[Participant],
    each: int,
    seed: int,
) -> None:
    """Each person answers `each` pairs, as people do on the prioritise page (through the same action), preferring
    options by their strengths (Bradley–Terry) and now and then saying "I can't decide"."""
    rng = random.Random(seed)
    pairs = list(itertools.combinations(range(len(options)), 2))
    for n, participant in enumerate(people):
        for k, (a, b) in enumerate(rng.sample(pairs, min(each, len(pairs)))):
            if rng.random() < 0.05:
                chosen = None
            else:
                p_a = 1 / (1 + math.exp(strengths[b] - strengths[a]))
                chosen = options[a] if rng.random() < p_a else options[b]
            actions.do_record_choice(participant, phase, options[a], options[b], chosen, f"demo-{n}-{k}")


def load_main(engagement: Engagement) -> None:
    people = _people()
    facilitator, expert = people.get("facilitator@example.org"), people.get("expert@example.org")
    seeds = _seeds(engagement)
    written = _write(engagement, facilitator, PROPOSALS, seeds)
    reminders, how_long, quiet_space, carers, parking = written
    actions.do_check_boundary(facilitator, reminders, Proposal.Boundary.WITHIN, BOUNDARY_NOTE)
    if expert is not None:
        actions.do_give_expert_input(expert, reminders, EXPERT_INPUT)
    simulated = _simulated_people(engagement)
    commenters = [p for p in simulated if p.perspective_id is not None][-2:]
    for email, proposal, text in COMMENTS:
        user = people.get(email) if email else None
        participant = (
            engagement.participants.filter(user=user).first() if user else (commenters.pop() if commenters else None)
        )
        if participant is not None:
            actions.do_comment(written[proposal], Author(participant=participant, user=user), text)

    # First round: pairs, in the prioritisation phase that has closed; the decision takes up the first two.
    phases = _prioritisation_phases(engagement)
    choosers = simulated[:PAIRWISE_PEOPLE]
    compare_in_pairs(phases[0] if phases else None, written, STRENGTHS, choosers, PAIRS_EACH, seed=16)
    actions.do_set_status(facilitator, quiet_space, Proposal.Status.NOT_TAKEN_FORWARD, NOT_TAKEN_FORWARD)
    people_count = {"people": len(choosers)}
    actions.do_record_decision(
        facilitator,
        engagement,
        title=DECISION["title"],
        decided_by=DECISION["decided_by"],
        reasons={code: text % people_count for code, text in DECISION["reasons"].items()},
        not_done=DECISION["not_done"],
        decided_on=timezone.localdate() - dt.timedelta(days=50),
        proposals=[reminders, how_long],
    )

    # Second round: dots, in the prioritisation phase open now, over what is left and what was written since.
    website = _write(engagement, facilitator, LATER_PROPOSALS, seeds)[0]
    if len(phases) > 1:
        dots_phase = phases[-1]
        actions.do_configure_prioritisation(facilitator, dots_phase, PrioritisationSettings.Method.DOTS, DOTS_EACH)
        rng = random.Random(17)
        options = [carers, parking, website]
        for participant in simulated[-DOTS_PEOPLE:]:
            spread = dict.fromkeys(options, 0)
            for proposal in rng.choices(options, weights=DOTS_WEIGHTS, k=DOTS_EACH):
                spread[proposal] += 1
            actions.do_spread_dots(participant, dots_phase, DOTS_EACH, spread)


def load_finished(engagement: Engagement) -> None:
    people = _people()
    facilitator, expert = people.get("facilitator@example.org"), people.get("expert@example.org")
    written = _write(engagement, facilitator, FINISHED_PROPOSALS, _seeds(engagement))
    open_visiting, welcome, seats = written
    if expert is not None:
        actions.do_give_expert_input(expert, open_visiting, FINISHED_EXPERT_INPUT)
    phases = _prioritisation_phases(engagement)
    choosers = _simulated_people(engagement)[:FINISHED_PEOPLE]
    compare_in_pairs(phases[0] if phases else None, written, FINISHED_STRENGTHS, choosers, 3, seed=15)
    actions.do_set_status(facilitator, seats, Proposal.Status.NOT_TAKEN_FORWARD, SEATS_NOT_TAKEN)
    actions.do_record_decision(
        facilitator,
        engagement,
        **FINISHED_DECISION,
        decided_on=timezone.localdate() - dt.timedelta(days=345),
        proposals=[open_visiting, welcome],
    )
