"""Action functions of the conversation: the only way statements, votes, moderation, its settings, assisted
responses and Polis imports change."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from coproduce.commonground import PolisConversation, PolisFormatError, read_polis
from coproduce.conversations import ballot
from coproduce.conversations.access import StatementsClosed, voting_open, writing_open
from coproduce.conversations.models import (
    Conversation,
    ModerationDecision,
    Statement,
    Vote,
    VoteEvent,
    normalise_statement,
)
from coproduce.conversations.near_duplicates import similar_statements
from coproduce.conversations.tasks import schedule_analysis
from coproduce.core.ratelimit import hit
from coproduce.engagements.actions import audit
from coproduce.engagements.models import Engagement, Organisation, Participant, Perspective
from coproduce.translations.actions import do_add_authors_translation
from coproduce.translations.detect import detect_language
from coproduce.translations.models import LANGUAGE_CODES, Translation

# A participant's own statements, on top of the per-address limit of the page and the API: one person writing
# many statements fast is flooding, whatever address they write from.
STATEMENTS_PER_MINUTE = 10


class DuplicateStatement(Exception):
    def __init__(self, existing: Statement):
        super().__init__("duplicate statement")
        self.existing = existing


class StatementTooShort(Exception):
    """Fewer characters than the conversation's shortest statement (its settings)."""

    def __init__(self, minimum: int, length: int):
        super().__init__("statement too short")
        self.minimum = minimum
        self.length = length


class SimilarStatements(Exception):
    """Published statements like the new one: the writer is asked whether one of them is what they mean."""

    def __init__(self, statements: list[Statement]):
        super().__init__("similar statements")
        self.statements = statements


class TooManyStatements(Exception):
    """The participant wrote STATEMENTS_PER_MINUTE statements in the last minute."""


class VotingClosed(Exception):
    """No current phase has voting open."""


class UnknownStatement(Exception):
    """Not a published statement of the conversation (hidden, pending, of another conversation, or no statement)."""


def do_vote_as_participant(
    place: ballot.VotingPlace, participant: Participant, statement_id: int | None, value: int | None
) -> Statement:
    """A participant's vote, from the vote page or the API: the one path, with the voter from
    conversations.access.voter. Raises VotingClosed, or UnknownStatement (nothing stored) when `statement_id` is
    not a published statement of the place's conversation or no valid vote was given (None)."""
    if not voting_open(place):
        raise VotingClosed
    if statement_id is None or value is None:
        raise UnknownStatement
    statement = Statement(pk=statement_id, conversation_id=place.conversation.pk)
    if not do_cast_vote(participant, statement, value):
        raise UnknownStatement
    return statement


def do_cast_vote(participant: Participant, statement: Statement, value: int, *, assisted: bool = False) -> bool:
    """Store a participant's vote if the statement is a published one of its conversation; False, and nothing
    stored, if it is not (hidden, pending, or of another conversation).

    `statement` needs only its pk and conversation_id: the check is part of the upsert, so a statement hidden a
    moment ago stores nothing. One row per (participant, statement), the latest replacing the earlier: submitting
    the same vote twice leaves one row, safely under concurrent double submits. Every cast is appended to the vote
    history. The SQL is in coproduce.conversations.ballot (why: its docstring).
    """
    if value not in (Vote.AGREE, Vote.DISAGREE, Vote.PASS):
        raise ValueError(f"vote value must be -1, 0 or 1, not {value!r}")
    now = ballot.prepared(Vote, "updated_at", timezone.now())
    sql = ballot.statements()
    upsert = [
        statement.conversation_id,
        participant.pk,
        value,
        bool(assisted),
        now,
        statement.pk,
        statement.conversation_id,
        Statement.Status.PUBLISHED,
    ]
    if "vote" in sql:  # the upsert and the history row in one statement, atomic on its own (PostgreSQL)
        with connection.cursor() as cursor:
            cursor.execute(sql["vote"], upsert)
            stored = cursor.rowcount == 1
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql["upsert"], upsert)
            stored = cursor.rowcount == 1
            if stored:
                cursor.execute(
                    sql["history"],
                    [statement.conversation_id, participant.pk, statement.pk, value, bool(assisted), now],
                )
    if stored:
        schedule_analysis(statement.conversation_id)
    return stored


def find_duplicate(conversation: Conversation, *texts: str) -> Statement | None:
    """A statement of the conversation with the same words as one of `texts` (ignoring case, spaces and
    punctuation), in the language it was written in or in a confirmed translation: the duplicate check works
    across English and Welsh wherever a translation was confirmed. Two queries at most."""
    wanted = {normalise_statement(text) for text in texts if text}
    existing = conversation.statements.filter(normalised__in=wanted).first()
    if existing is not None:
        return existing
    # Confirmed translations are few next to the statements, and a statement's normal form is Python's: read
    # them once and compare here rather than storing a second normal form per translation.
    translated = Translation.objects.filter(
        content_type__app_label="conversations",
        content_type__model="statement",
        object_id__in=conversation.statements.values("pk"),
        field="text",
        status=Translation.Status.CONFIRMED,
    ).values_list("object_id", "text")
    for statement_id, text in translated:
        if normalise_statement(text) in wanted:
            return conversation.statements.get(pk=statement_id)
    return None


def do_write_statement(
    conversation: Conversation,
    text: str,
    *,
    author: Participant | None,
    origin: str = Statement.Origin.PARTICIPANT,
    actor=None,
    language: str | None = None,
    translation: str = "",
) -> Statement:
    """Add a statement; raises DuplicateStatement if the same words (ignoring case, spaces, punctuation) exist, in
    either language where a translation was confirmed.

    `language` is the one the words are written in, as the writer chose it; None detects it from the words
    (offline: coproduce.translations.detect). `translation`, for staff who write both languages, is the same
    statement in the other language: stored as a confirmed translation by its author."""
    text = " ".join(text.split())
    translation = " ".join(translation.split())
    if language is not None and language not in LANGUAGE_CODES:
        raise ValueError(f"unknown language {language!r}")
    existing = find_duplicate(conversation, text, translation)
    if existing is not None:
        raise DuplicateStatement(existing)
    language = language or detect_language(text)
    pre_moderated = conversation.moderation == Conversation.Moderation.BEFORE and origin == Statement.Origin.PARTICIPANT
    try:
        with transaction.atomic():
            statement = Statement.objects.create(
                conversation=conversation,
                text=text,
                language=language,
                author=author,
                origin=origin,
                status=Statement.Status.PENDING if pre_moderated else Statement.Status.PUBLISHED,
            )
            if translation:
                do_add_authors_translation(actor, statement, "text", translation, language=None)
            if origin != Statement.Origin.PARTICIPANT:
                audit(
                    actor,
                    conversation.engagement.organisation,
                    "statement.seeded",
                    conversation.engagement,
                    statement=statement.pk,
                    origin=origin,
                    language=language,
                    translated=bool(translation),
                )
    except IntegrityError:  # the same words were written at the same moment by someone else
        raise DuplicateStatement(conversation.statements.get(normalised=normalise_statement(text))) from None
    schedule_analysis(conversation.pk)
    return statement


def do_write_statement_as_participant(
    conversation: Conversation,
    participant: Participant,
    text: str,
    language: str | None = None,
    *,
    check_similar: bool = False,
) -> Statement:
    """A participant's statement, from the write page or the API: the one path, with the writer from
    conversations.access.statement_writer. Raises StatementsClosed, StatementTooShort (the conversation's
    shortest statement, counted with white space folded), TooManyStatements or DuplicateStatement.
    `language`: as the writer chose it; None, detected from the words.

    `check_similar` (the write page's first step): raises SimilarStatements, nothing written and nothing counted
    against the writer's limit, when published statements of others are like this one (near_duplicates), so that
    the writer can vote on one instead; the page's second step, "publish it anyway", leaves it False."""
    if not writing_open(conversation):
        raise StatementsClosed
    length = len(" ".join(text.split()))
    if length < conversation.min_statement_length:
        raise StatementTooShort(conversation.min_statement_length, length)
    if check_similar:
        existing = find_duplicate(conversation, text)
        if existing is not None:
            raise DuplicateStatement(existing)
        language_of_text = language or detect_language(text)
        found = similar_statements(conversation, text, language_of_text, writer=participant)
        if found:
            raise SimilarStatements(found)
    if hit("statement-participant", str(participant.public_id), limit=STATEMENTS_PER_MINUTE, window=60):
        raise TooManyStatements
    return do_write_statement(conversation, text, author=participant, language=language)


@transaction.atomic
def do_moderate_statement(moderator, statement: Statement, action: str, reason: str = "") -> ModerationDecision:
    """Hide (with a reason category) or publish a statement, and write it to the public moderation log."""
    if action == ModerationDecision.Action.HIDE and reason not in ModerationDecision.Reason.values:
        raise ValueError("hiding a statement needs a reason category")
    statement.status = (
        Statement.Status.HIDDEN if action == ModerationDecision.Action.HIDE else Statement.Status.PUBLISHED
    )
    Statement.objects.filter(pk=statement.pk).update(status=statement.status)
    decision = ModerationDecision.objects.create(
        statement=statement,
        action=action,
        reason=reason if action == ModerationDecision.Action.HIDE else "",
        moderator=moderator,
    )
    engagement = statement.conversation.engagement
    audit(moderator, engagement.organisation, f"statement.{action}", engagement, statement=statement.pk, reason=reason)
    schedule_analysis(statement.conversation_id, force=True)  # a hidden statement must leave the map now
    return decision


@transaction.atomic
def do_change_conversation_settings(actor, conversation: Conversation, form) -> Conversation:
    """Save the conversation's settings form (moderation, who may write, sign-in) and audit which fields changed."""
    conversation = form.save()
    engagement = conversation.engagement
    audit(actor, engagement.organisation, "conversation.settings_changed", engagement, fields=sorted(form.changed_data))
    return conversation


@transaction.atomic
def do_enter_assisted_response(
    actor, engagement: Engagement, perspective: Perspective | None, choices: dict[Statement, int]
) -> int:
    """A paper or phone response entered by a facilitator: a new participant marked as assisted, who agreed to the
    privacy notice (the facilitator confirmed it), and their votes. Returns how many votes were stored: a statement
    hidden while the form was being filled in stores nothing (do_cast_vote), and the caller says so."""
    participant = Participant.objects.create(
        engagement=engagement, perspective=perspective, is_assisted=True, consented_at=timezone.now()
    )
    stored = sum(do_cast_vote(participant, statement, value, assisted=True) for statement, value in choices.items())
    audit(
        actor,
        engagement.organisation,
        "participant.assisted_entry",
        engagement,
        participant=participant.pk,
        votes=stored,
    )
    return stored


class AlreadyImported(Exception):
    """The same Polis export (same statements, same latest votes) is already an engagement of the organisation."""

    def __init__(self, engagement: Engagement):
        super().__init__(f"this export was already imported as {engagement.slug!r}")
        self.engagement = engagement


#: progress(stage, done, total): stages "statements", "participants", "votes" (the Vote rows) and "history" (the
#: VoteEvent rows), each reported at its start, after every chunk and at its end.
ImportProgress = Callable[[str, int, int], None]

# Rows per chunk of the vote inserts: big enough that per-statement overhead vanishes, small enough that a chunk's
# rows (Python tuples on SQLite, text on PostgreSQL) stay a few tens of MB and progress moves every second or so.
IMPORT_CHUNK = 200_000
# SQLite's page cache while an import inserts, in kB (bulk_insert_votes says why).
# 1 GB holds every page a 2 M-vote import writes (about 520 MB): with less, SQLite spills dirty pages to the file
# mid-transaction (a journal sync each time), measured about a fifth slower at 2 M votes with 512 MB.
SQLITE_IMPORT_CACHE_KB = 1024 * 1024


def polis_fingerprint(polis: PolisConversation) -> str:
    """A digest of what an import stores: each statement's id, moderation and words, and each latest vote
    (voter id, statement id, value). The same export gives the same digest whichever of votes.csv or
    participants-votes.csv carried the votes, and whatever order the file's lines are in."""
    votes = polis.votes
    digest = hashlib.sha256(b"polis-import-1\n")
    for meta in polis.statements:
        digest.update(f"{meta.id}\t{meta.moderated}\t{meta.text}\n".encode())
    for column in (votes.participant_ids[votes.rows], votes.statement_ids[votes.cols], votes.values):
        digest.update(np.ascontiguousarray(column, dtype=np.int64).tobytes())
    return digest.hexdigest()


def read_polis_export(folder: str | Path) -> PolisConversation:
    """The export read with the engine's reader (the one Polis reader: coproduce.commonground.polis), refused
    with PolisFormatError, naming the file and line, when it has nothing to import."""
    polis = read_polis(folder)
    if polis.votes.n_votes == 0 and polis.votes.n_statements == 0:
        # Header lines and no rows: an empty private engagement would only be confusing (and need deleting).
        raise PolisFormatError(
            Path(folder) / polis.source,
            2,
            "nothing to import: no votes and no statements (the files have a header line and no rows)",
        )
    return polis


def previous_import(organisation: Organisation, fingerprint: str) -> Engagement | None:
    """The organisation's engagement made from the same export, if any."""
    conversation = (
        Conversation.objects.select_related("engagement")
        .filter(engagement__organisation=organisation, polis_fingerprint=fingerprint)
        .first()
    )
    return conversation.engagement if conversation else None


@transaction.atomic
def do_import_polis(
    actor,
    organisation: Organisation,
    folder: str | Path | PolisConversation,
    *,
    title: str = "",
    progress: ImportProgress | None = None,
) -> Conversation:
    """A Polis export folder becomes a new private engagement of the organisation, with its conversation.

    Reads the export (read_polis_export: PolisFormatError names the file and line), or takes one already read by
    it, then creates everything in one transaction: an error at any point leaves nothing. The same export
    imported again into the same organisation raises AlreadyImported (delete the earlier engagement to import it
    afresh); docs/decisions/0021-polis-import-at-speed.md says why it refuses rather than replaces.

    Statements keep their Polis comment-id as external_id; moderated-out statements are imported hidden, with a
    moderation decision without a reason category (the export does not say why). Participants are new
    pseudonymous participants. Only the latest vote per (participant, statement) is stored as a Vote; the vote
    history holds the same votes (Polis's full event log is not needed to reproduce the analysis). The votes go
    in with COPY on PostgreSQL and in large INSERT ... SELECT statements on SQLite, and the history is copied
    from them inside the database (bulk_insert_votes).
    """
    polis = folder if isinstance(folder, PolisConversation) else read_polis_export(folder)
    name = Path(folder).name if not isinstance(folder, PolisConversation) else ""
    report = progress or (lambda stage, done, total: None)
    fingerprint = polis_fingerprint(polis)
    # One import of an organisation at a time (PostgreSQL; SQLite writes one at a time anyway), so that two uploads
    # of the same export cannot both pass the check below.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    earlier = previous_import(organisation, fingerprint)
    if earlier is not None:
        raise AlreadyImported(earlier)
    title = title or polis.title or name or "Polis import"
    engagement = Engagement.objects.create(
        organisation=organisation,
        slug=Engagement.unique_slug(slugify(title) or "polis-import"),
        title_en=title[:200],
        question_en=(polis.summary.get("conversation-description") or title)[:300],
        visibility=Engagement.Visibility.PRIVATE,
        languages=Engagement.Languages.ENGLISH,
    )
    conversation = Conversation.objects.create(engagement=engagement, polis_fingerprint=fingerprint)
    now = timezone.now()
    # polis.statements has one entry per statement id of the votes too (read_polis adds the ones missing from
    # comments.csv, without words), in the order of polis.votes.statement_ids.
    report("statements", 0, len(polis.statements))
    statements: list[Statement] = []
    seen_texts: set[str] = set()
    for meta in polis.statements:
        text = " ".join((meta.text or "").split())[:280] or f"(statement {meta.id})"
        key = normalise_statement(text)
        if key in seen_texts:
            # Polis allows repeated statements; an import keeps the source faithful (same counts, own votes),
            # so the repeat gets a distinct key. New statements are still checked against the first. "#" cannot
            # occur in a normalised text (punctuation is removed), and PostgreSQL refuses NUL in text.
            key = f"{key[:240]} #{meta.id}"
        seen_texts.add(key)
        statements.append(
            Statement(
                conversation=conversation,
                text=text,
                external_id=str(meta.id),
                origin=Statement.Origin.SEED if meta.is_seed else Statement.Origin.IMPORT,
                status=Statement.Status.HIDDEN if meta.moderated == -1 else Statement.Status.PUBLISHED,
                normalised=key,
                created_at=now,
            )
        )
    Statement.objects.bulk_create(statements, batch_size=2000)
    ModerationDecision.objects.bulk_create(
        ModerationDecision(statement=s, action=ModerationDecision.Action.HIDE, moderator=actor)
        for s in statements
        if s.status == Statement.Status.HIDDEN
    )
    report("statements", len(statements), len(statements))

    votes = polis.votes
    # Only people who voted become participants (participants-votes.csv may list others), in id order.
    voter_rows = np.flatnonzero(np.bincount(votes.rows, minlength=votes.n_participants))
    report("participants", 0, voter_rows.size)
    participants = [Participant(engagement=engagement, consented_at=now) for _ in range(voter_rows.size)]
    Participant.objects.bulk_create(participants, batch_size=5000)
    report("participants", len(participants), len(participants))
    participant_pk = np.zeros(votes.n_participants, dtype=np.int64)
    participant_pk[voter_rows] = [p.pk for p in participants]
    statement_pk = np.asarray([s.pk for s in statements], dtype=np.int64)
    columns = (participant_pk[votes.rows], statement_pk[votes.cols], np.asarray(votes.values, dtype=np.int64))
    bulk_insert_votes(conversation.pk, *columns, now, report)
    audit(
        actor,
        organisation,
        "conversation.imported_from_polis",
        engagement,
        statements=len(statements),
        participants=len(participants),
        votes=int(votes.n_votes),
    )
    return conversation


def bulk_insert_votes(
    conversation_id: int,
    participant_ids: np.ndarray,
    statement_ids: np.ndarray,
    values: np.ndarray,
    when,
    progress: ImportProgress,
) -> None:
    """Insert one Vote per vote (is_assisted false, updated at `when`), then the same votes as the vote history
    (VoteEvent, created at `when`), in chunks of IMPORT_CHUNK rows, reporting the stages "votes" and "history".

    The Vote rows are sent once: PostgreSQL COPY ... FROM STDIN (about ten times bulk_create); SQLite one INSERT
    ... SELECT per chunk from a JSON array of the chunk's votes (json_each; _insert_votes_sqlite), so that SQLite
    loops over the rows, not Python (executemany binds six parameters a row from Python and cost about as much again as the inserts).
    The history is then copied from the Vote rows inside the database (INSERT ... SELECT), so nothing is sent
    twice. Either way every row goes through the tables' constraints (foreign keys, one vote per statement,
    values -1/0/1) like any other write, inside the caller's transaction. The caller has just created the
    conversation in this transaction, so every Vote row of it is one of these."""
    vote, event = Vote._meta, VoteEvent._meta
    quote = connection.ops.quote_name
    table = quote(vote.db_table)
    keys = ", ".join(quote(vote.get_field(n).column) for n in ("conversation", "participant", "statement"))
    value, assisted = quote(vote.get_field("value").column), quote(vote.get_field("is_assisted").column)
    columns = f"{keys}, {value}, {assisted}, {quote(vote.get_field('updated_at').column)}"
    total = int(values.size)
    progress("votes", 0, total)
    with connection.cursor() as wrapper:
        # The database driver's own cursor (Django's SQLite one and psycopg's both take %s placeholders): Django's
        # debug wrapper would copy each chunk's JSON into its query log.
        cursor = wrapper.cursor
        if connection.vendor == "postgresql":
            # Django's foreign keys are checked at commit by default (DEFERRABLE INITIALLY DEFERRED): for an
            # import that would queue three checks per row (millions, in the server's memory) and run them all
            # after the last progress report, more than half of the import's time. Checked at the end of each
            # statement instead (one COPY per chunk), the queue stays one chunk long and progress is true. Only
            # this transaction is affected; the checks are the same.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            _copy_votes(cursor, table, columns, conversation_id, participant_ids, statement_ids, values, when, progress)
        else:
            _insert_votes_sqlite(
                cursor, table, columns, conversation_id, participant_ids, statement_ids, values, when, progress
            )
        progress("votes", total, total)
        # The history: the same rows, copied server-side in the Vote rows' order, chunk by chunk (between the ids
        # at every IMPORT_CHUNK-th row) so that progress moves.
        progress("history", 0, total)
        pk = quote(vote.pk.column)
        cursor.execute(
            f"SELECT {pk} FROM (SELECT {pk}, row_number() OVER (ORDER BY {pk}) AS n FROM {table} "
            f"WHERE {quote(vote.get_field('conversation').column)} = %s) AS ranked "
            f"WHERE n %% %s = 0 OR n = %s ORDER BY {pk}",
            (conversation_id, IMPORT_CHUNK, total),
        )
        bounds = [row[0] for row in cursor.fetchall()]
        event_columns = ", ".join(
            quote(event.get_field(n).column)
            for n in ("conversation", "participant", "statement", "value", "is_assisted", "created_at")
        )
        low, done = None, 0
        for high in bounds:
            cursor.execute(
                f"INSERT INTO {quote(event.db_table)} ({event_columns}) SELECT {columns} FROM {table} "
                f"WHERE {quote(vote.get_field('conversation').column)} = %s AND {pk} <= %s"
                + ("" if low is None else f" AND {pk} > %s")
                + f" ORDER BY {pk}",
                (conversation_id, high) if low is None else (conversation_id, high, low),
            )
            low, done = high, min(done + IMPORT_CHUNK, total)
            progress("history", done, total)
        if not bounds:
            progress("history", total, total)
        if connection.vendor == "postgresql":
            # Back to the default for the rest of the transaction (every deferrable constraint of the schema is
            # initially deferred: Django's foreign keys).
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _copy_votes(
    cursor, table, columns, conversation_id, participant_ids, statement_ids, values, when, progress
) -> None:
    total = int(values.size)
    head = f"{conversation_id}\t"
    tail = f"\tf\t{when.isoformat()}\n"
    for start in range(0, total, IMPORT_CHUNK):
        stop = min(start + IMPORT_CHUNK, total)
        rows = zip(
            participant_ids[start:stop].tolist(), statement_ids[start:stop].tolist(), values[start:stop].tolist()
        )
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            copy.write("".join([f"{head}{p}\t{s}\t{v}{tail}" for p, s, v in rows]))
        if stop < total:
            progress("votes", stop, total)


def _insert_votes_sqlite(
    cursor, table, columns, conversation_id, participant_ids, statement_ids, values, when, progress
) -> None:
    """Each chunk is one INSERT ... SELECT from json_each over a JSON array of one integer per vote, packing the
    participant and statement ids (as offsets from the chunk's smallest) and the value: a flat array of numbers
    is several times cheaper to build in Python and to parse in SQLite than an array of [p, s, v] arrays."""
    total = int(values.size)
    stamp = connection.ops.adapt_datetimefield_value(when)
    sql = (
        f"INSERT INTO {table} ({columns}) SELECT %s, %s + value / %s, %s + value %% %s / 4, value %% 4 - 1, 0, %s "
        "FROM json_each(%s)"
    )
    # SQLite's page cache is 2 MB by default: the five indexes of a table of millions of votes outgrow it and
    # every insert then reads pages back from disk. A larger cache for this connection while it inserts (the
    # pages are only taken as they are used: memory grows with the import's size, up to the limit), then back
    # to what it was.
    cursor.execute("PRAGMA cache_size")
    cache_size = cursor.fetchone()[0]
    cursor.execute(f"PRAGMA cache_size = {-SQLITE_IMPORT_CACHE_KB}")
    try:
        for start in range(0, total, IMPORT_CHUNK):
            stop = min(start + IMPORT_CHUNK, total)
            p, s, v = participant_ids[start:stop], statement_ids[start:stop], values[start:stop]
            p0, s0 = int(p.min()), int(s.min())
            # value = (p - p0) * per_participant + (s - s0) * 4 + (v + 1), with v + 1 in 0..2.
            per_participant = 4 * (int(s.max()) - s0 + 1)
            if (int(p.max()) - p0 + 1) * per_participant >= 2**63:  # far beyond any real import; never wrap
                raise OverflowError("the vote ids are too far apart to pack into one integer")
            packed = (p - p0) * per_participant + (s - s0) * 4 + (v + 1)
            cursor.execute(
                sql, (conversation_id, p0, per_participant, s0, per_participant, stamp, json.dumps(packed.tolist()))
            )
            if stop < total:
                progress("votes", stop, total)
    finally:
        cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")


def do_give_consent(participant: Participant) -> None:
    if participant.consented_at is None:
        participant.consented_at = timezone.now()
        participant.save(update_fields=["consented_at"])
