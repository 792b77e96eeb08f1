"""The conversation's statements as coproduce.conversations.similar compares them: "Is this what you mean?".

Building the matcher over 1,000 statements took 0.6 to 1.4 s on a shared two-CPU machine (by its load), a
look-up 8 to 17 ms (benchmarks/near_duplicates.py, docs/benchmarks.md), so each process keeps the latest matcher
of its busiest conversations. Statements are never edited,
so in a conversation of EXTEND_FROM statements or more a statement written since is added to the kept matcher
(with its IDF weights as they were) until a fifth of the statements are new, then it is built again; a translation confirmed since rebuilds it. Two aggregate queries tell
what changed. Whatever the matcher holds, what is shown is read again from the database: only statements
published now, and never the writer's own.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Count, Max

from coproduce.conversations.models import Conversation, Statement
from coproduce.conversations.similar import LIMIT, Matcher
from coproduce.engagements.models import Participant
from coproduce.translations.models import Translation
from coproduce.translations.reading import with_translations

KEPT_CONVERSATIONS = 32
# Below this many statements a rebuild is quick, and the weights fitted on few statements know too few letter
# sequences (the first Welsh statement after English ones) to weigh new ones well: rebuild rather than extend.
EXTEND_FROM = 200


@dataclass(frozen=True)
class _Kept:
    matcher: Matcher
    statements: tuple  # (count, last pk, last created_at) of the statements it holds
    translations: tuple  # (count, last pk, last reviewed_at) of the confirmed translations it holds
    fitted: int  # statements when its IDF weights were fitted


# By the conversation's id and creation time: an id can come back after a rolled-back transaction (SQLite, tests).
_kept: OrderedDict[tuple, _Kept] = OrderedDict()
_lock = threading.Lock()


def _confirmed_translations(conversation: Conversation):
    return Translation.objects.filter(
        content_type__app_label="conversations",
        content_type__model="statement",
        object_id__in=conversation.statements.values("pk"),
        field="text",
        status=Translation.Status.CONFIRMED,
    )


def matcher_for(conversation: Conversation) -> Matcher:
    """The matcher over every statement of the conversation (any status) and their confirmed translations."""
    s = conversation.statements.aggregate(n=Count("pk"), last=Max("pk"), at=Max("created_at"))
    t = _confirmed_translations(conversation).aggregate(n=Count("pk"), last=Max("pk"), at=Max("reviewed_at"))
    statements, translations = (s["n"], s["last"], s["at"]), (t["n"], t["last"], t["at"])
    key = (conversation.pk, conversation.created_at)
    with _lock:
        kept = _kept.get(key)
        if kept is not None:
            _kept.move_to_end(key)
    if kept is not None and kept.statements == statements and kept.translations == translations:
        return kept.matcher
    if (
        kept is not None
        and kept.translations == translations
        and kept.fitted >= EXTEND_FROM
        and kept.statements[0] < statements[0] <= kept.fitted + kept.fitted // 5
    ):
        # Only statements written since (a new one has a later key): add them with the weights as fitted.
        new = list(conversation.statements.filter(pk__gt=kept.statements[1] or 0).values_list("pk", "text", "language"))
        if kept.statements[0] + len(new) == statements[0]:
            matcher = kept.matcher.extended((pk, [(text, language)]) for pk, text, language in new)
            _keep(key, _Kept(matcher, statements, translations, kept.fitted))
            return matcher
    versions: dict[int, list[tuple[str, str]]] = {
        pk: [(text, language)] for pk, text, language in conversation.statements.values_list("pk", "text", "language")
    }
    for statement_id, text, language in _confirmed_translations(conversation).values_list(
        "object_id", "text", "language"
    ):
        if statement_id in versions:
            versions[statement_id].append((text, language))
    matcher = Matcher(versions.items())
    _keep(key, _Kept(matcher, statements, translations, len(versions)))
    return matcher


def _keep(key: tuple, kept: _Kept) -> None:
    with _lock:
        _kept[key] = kept
        _kept.move_to_end(key)
        while len(_kept) > KEPT_CONVERSATIONS:
            _kept.popitem(last=False)


def similar_statements(
    conversation: Conversation, text: str, language: str, *, writer: Participant | None = None, limit: int = LIMIT
) -> list[Statement]:
    """Up to `limit` published statements of the conversation like `text` (written in `language`), the most
    similar first, with their confirmed translations; never `writer`'s own. Three or four queries."""
    matches = matcher_for(conversation).similar(text, language, limit=limit * 4)
    if not matches:
        return []
    shown = with_translations(
        conversation.statements.filter(pk__in=[m.key for m in matches], status=Statement.Status.PUBLISHED)
    )
    if writer is not None:
        shown = shown.exclude(author=writer)
    by_pk = {statement.pk: statement for statement in shown}
    return [by_pk[m.key] for m in matches if m.key in by_pk][:limit]
