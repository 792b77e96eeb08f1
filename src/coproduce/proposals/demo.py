"""Demo proposals, expert input and a decision, in English and Welsh, citing the demo conversation's statements.

Part of `coproduce demo` (added through engagements.registry): safe to run again, it adds nothing the second time.
The Welsh follows docs/glossary-cy.md.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from coproduce.conversations.models import Statement
from coproduce.engagements.models import Engagement
from coproduce.proposals import actions
from coproduce.proposals.access import Author
from coproduce.proposals.models import Proposal

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
# Each proposal and the demo statements it cites (their positions in conversations/demo.py STATEMENTS).
PROPOSALS = [(REMINDERS, [1, 2, 14]), (HOW_LONG, [0, 4]), (QUIET_SPACE, [15])]
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
        "en": "Patients, carers and staff agreed on both. They fit the budget and can start within weeks.",
        "cy": (
            "Cytunodd cleifion, gofalwyr a staff ar y ddau. Maen nhw o fewn y gyllideb a gallant ddechrau o fewn "
            "wythnosau."
        ),
    },
    "not_done": {
        "en": "A quiet waiting space is not done now: it comes with the new waiting rooms next year.",
        "cy": "Nid yw lle tawel i aros yn cael ei wneud nawr: daw gyda’r ystafelloedd aros newydd y flwyddyn nesaf.",
    },
}


def load_demo(engagement: Engagement) -> None:
    if Proposal.objects.filter(engagement=engagement).exists():
        return  # loaded before: never duplicate
    users = get_user_model().objects
    facilitator = users.filter(email="facilitator@example.org").first()
    expert = users.filter(email="expert@example.org").first()
    seeds = list(
        Statement.objects.filter(conversation__engagement=engagement, origin=Statement.Origin.SEED).order_by("pk")
    )
    written = []
    for texts, cites in PROPOSALS:
        written.append(
            actions.do_write_proposal(
                engagement,
                Author(user=facilitator),
                title=texts["title"],
                summary=texts["summary"],
                body=texts["body"],
                statements=[seeds[i] for i in cites if i < len(seeds)],
                status=Proposal.Status.SHORTLISTED,
            )
        )
    reminders, how_long, quiet_space = written
    actions.do_check_boundary(facilitator, reminders, Proposal.Boundary.WITHIN, BOUNDARY_NOTE)
    actions.do_set_status(facilitator, quiet_space, Proposal.Status.NOT_TAKEN_FORWARD, NOT_TAKEN_FORWARD)
    if expert is not None:
        actions.do_give_expert_input(expert, reminders, EXPERT_INPUT)
    actions.do_record_decision(
        facilitator,
        engagement,
        **DECISION,
        decided_on=timezone.localdate(),
        proposals=[reminders, how_long],
    )
