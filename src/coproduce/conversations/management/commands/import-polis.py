"""`coproduce import-polis DIR --organisation SLUG`: a new private engagement from a Polis export folder."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from coproduce.commonground import PolisFormatError
from coproduce.conversations.actions import do_import_polis
from coproduce.conversations.analysis import compute_snapshot
from coproduce.engagements.models import Organisation


class Command(BaseCommand):
    help = (
        "Create a private engagement and its conversation from a Polis export folder (comments.csv, votes.csv or "
        "participants-votes.csv, summary.csv). In these exports +1 = agree, -1 = disagree, 0 = pass."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", help="the Polis export folder")
        parser.add_argument("--organisation", required=True, help="short name (slug) of the organisation")
        parser.add_argument("--title", default="", help="title of the new engagement (default: the export's topic)")

    def handle(self, *args, folder: str, organisation: str, title: str, **options) -> None:
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise CommandError(f"No organisation with the short name {organisation!r}.")
        try:
            conversation = do_import_polis(None, org, folder, title=title)
        except PolisFormatError as error:
            raise CommandError(str(error)) from None
        snapshot = compute_snapshot(conversation)
        statements = conversation.statements.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported “{conversation.engagement.title}”: {statements} statements, "
                f"{snapshot.participant_count} participants, {snapshot.vote_count} votes, "
                f"{len(snapshot.data.get('groups', []))} opinion groups."
            )
        )
        self.stdout.write(f"Engagement (private): /engagements/{conversation.engagement.slug}/")
