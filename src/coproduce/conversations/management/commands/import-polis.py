"""`coproduce import-polis DIR --organisation SLUG`: a new private engagement from a Polis export folder."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coproduce.commonground import PolisFormatError
from coproduce.conversations.actions import AlreadyImported, do_import_polis, read_polis_export
from coproduce.conversations.analysis import compute_snapshot
from coproduce.engagements.models import Organisation

STAGES = {
    "statements": "statements",
    "participants": "participants",
    "votes": "votes",
    "history": "vote history",
}


class Command(BaseCommand):
    help = (
        "Create a private engagement and its conversation from a Polis export folder (comments.csv, votes.csv or "
        "participants-votes.csv, summary.csv). In these exports +1 = agree, -1 = disagree, 0 = pass. All or "
        "nothing: an error leaves nothing. The same export is imported once per organisation: a second import is "
        "refused, naming the engagement it became."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", help="the Polis export folder")
        parser.add_argument("--organisation", required=True, help="short name (slug) of the organisation")
        parser.add_argument("--title", default="", help="title of the new engagement (default: the export's topic)")

    def handle(self, *args, folder: str, organisation: str, title: str, **options) -> None:
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise CommandError(f"No organisation with the short name {organisation!r}.")
        verbose = options.get("verbosity", 1) >= 1
        started = time.perf_counter()
        try:
            polis = read_polis_export(folder)
            if verbose:
                self.stderr.write(
                    f"Read {folder} in {time.perf_counter() - started:.1f} s: {len(polis.statements):,} statements, "
                    f"{polis.votes.n_votes:,} votes."
                )
            # The export's topic, else the folder's name, as when the action reads the folder itself.
            title = title or polis.title or Path(folder).name
            conversation = do_import_polis(None, org, polis, title=title, progress=self.progress if verbose else None)
        except PolisFormatError as error:
            raise CommandError(str(error)) from None
        except AlreadyImported as error:
            raise CommandError(
                f"This export was already imported into {org.slug} as “{error.engagement.title}” "
                f"(/engagements/{error.engagement.slug}/). Nothing was imported. To import it again, delete that "
                "engagement first."
            ) from None
        took = time.perf_counter() - started
        snapshot = compute_snapshot(conversation)
        statements = conversation.statements.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported “{conversation.engagement.title}”: {statements} statements, "
                f"{snapshot.participant_count} participants, {snapshot.vote_count} votes, "
                f"{len(snapshot.data.get('groups', []))} opinion groups."
            )
        )
        self.stdout.write(
            f"Import: {took:.1f} s ({snapshot.vote_count / took if took else 0:,.0f} votes a second, reading included)."
        )
        self.stdout.write(f"Engagement (private): /engagements/{conversation.engagement.slug}/")

    def progress(self, stage: str, done: int, total: int) -> None:
        """One line per chunk on standard error (standard output keeps the summary, for scripts)."""
        if done == 0 and total:
            return  # the stage's end and each chunk are enough
        percent = f" ({100 * done // total} %)" if total else ""
        self.stderr.write(f"  {STAGES.get(stage, stage)}: {done:,} of {total:,}{percent}")
