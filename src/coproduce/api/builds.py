"""Open data built once, served fast (issue 21; docs/decisions/0022-open-data-builds.md).

Building every file of a large conversation takes seconds (3–4 s at 225,000 votes), so no request builds: a build
runs in the background when the data change, its files are kept in the "opendata" storage (settings.STORAGES) under
`<conversation>/<version>/`, and the newest finished build (an OpenDataBuild row, written after its files) is what
every request serves, with an ETag and a Last-Modified, streamed. A request during a rebuild serves the build before.

When a build runs:
- the first change of each of the analysis's windows (a vote, a statement: conversations.tasks.change_listeners) to
  a conversation whose open data was read in the last day asks for one, debounced: at most one per
  OPEN_DATA_DEBOUNCE_SECONDS per conversation; with a broker it runs in a worker at the end of that window (so it
  sees every change made in it), with none after the response that asked for it is sent (core.tasks);
- a read asks for one when there is none yet, when a vote or statement of the conversation is stamped after the
  newest build's start less SETTLE_SECONDS (a change at the end of a window, which the listener does not hear, or
  one that committed after the build read the data), or when the newest is older than OPEN_DATA_MAX_AGE (what
  nothing announces: the golden thread, the licence, a translation); the read itself serves what is kept, or says
  the data is being prepared;
- hiding a statement and erasing a person's data take the kept builds down at once (`forget`): words hidden for
  personal information, or a link from a pseudonym to a statement of someone who asked to be forgotten, must not be
  served from a file built before. Until the rebuild (seconds), the open data says it is being prepared.
"""

from __future__ import annotations

import hashlib
import json
import time
from calendar import timegm
from datetime import timedelta

import structlog
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.db.models import Exists
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from coproduce.api.models import OpenDataBuild
from coproduce.api.opendata import DOWNLOAD_NAMES, all_downloads, download_filename
from coproduce.conversations.models import Conversation, Statement, Vote
from coproduce.core.tasks import enqueue_after_response

logger = structlog.get_logger(__name__)

STORAGE = "opendata"
#: Builds kept: the newest, and the one before it, so that a download that began on it can finish.
KEEP = 2
#: A build that takes longer than this is assumed dead: another may start.
LOCK_SECONDS = 15 * 60
#: Files larger than this are streamed from the storage (FileResponse); smaller ones are read whole (one read).
STREAM_ABOVE = 256 * 1024
#: What a client that asked while nothing was built yet is told to wait (Retry-After), in seconds.
RETRY_AFTER = 30
_DAY = 24 * 60 * 60
#: A change is stamped before it commits (a vote waiting for SQLite's write lock, up to its 20 s busy timeout; an
#: assisted form's votes in one transaction), so a build can start between a change's stamp and its commit and miss
#: it. A read counts as behind every change stamped up to this long before the build started: such a change is
#: built, at the cost of at most one more build (of unchanged data) after a conversation's last change.
SETTLE_SECONDS = 30
#: Files whose bytes carry the build's own time, left out of the data's version: the zips' entries carry the time they
#: were written (two-second steps), and each file inside them is in the version on its own.
_TIMESTAMPED = {"datapackage.json", "open-data.zip", "polis.zip"}


def storage() -> Storage:
    return storages[STORAGE]


def _key(what: str, conversation_id: int) -> str:
    return f"opendata-{what}:{conversation_id}"


# ------------------------------------------------------------------------------------------ asking for a build
def schedule_build(conversation_id: int, *, force: bool = False) -> bool:
    """Ask for a build; False when one is already due within the debounce window (or the cache is down)."""
    if not getattr(cache, "available", True):
        # Redis is down: add() fails open, so every vote would look like the first of its window and ask for a
        # build. The kept files are served meanwhile; the next change or read once Redis is back asks again.
        return False
    window = settings.OPEN_DATA_DEBOUNCE_SECONDS
    if force:
        cache.set(_key("due", conversation_id), 1, timeout=window)
    elif not cache.add(_key("due", conversation_id), 1, timeout=window):
        return False
    from coproduce.api.tasks import build_open_data

    enqueue_after_response(build_open_data, conversation_id, countdown=0 if force else window)
    return True


def on_change(conversation_id: int, force: bool) -> None:
    """conversations.tasks.change_listeners: the first vote or statement of each of the analysis's windows (then
    debounced again here); moderation (force) at once.

    Only the open data of a conversation someone has read in the last day is rebuilt as it changes: the others
    (results not published yet, a workshop nobody downloads) are built when first read. A change later in a window,
    after a build has started, is built at the next window's first change or found by the next read (see
    _refresh_if_behind), which serves the kept build meanwhile.
    """
    if force:
        forget([conversation_id])
        return
    if cache.get(_key("in-use", conversation_id)):
        schedule_build(conversation_id)


def _refresh_if_behind(conversation_id: int, build: OpenDataBuild | None) -> None:
    """From a read: ask for a build (debounced, never inside this request) if what is kept is missing or behind."""
    if build is None:
        behind = True
    else:
        behind = (timezone.now() - build.started_at).total_seconds() > settings.OPEN_DATA_MAX_AGE or _changed_since(
            conversation_id, build.started_at - timedelta(seconds=SETTLE_SECONDS)
        )
    if behind and cache.add(_key("read", conversation_id), 1, timeout=settings.OPEN_DATA_DEBOUNCE_SECONDS):
        # Its own window, so that a read can ask even while changes hold "due"; schedule_build still debounces.
        schedule_build(conversation_id)


def _changed_since(conversation_id: int, moment) -> bool:
    """Whether a vote or a statement of the conversation is stamped after ``moment``: one query (votes through their
    index on conversation and time; the conversation's statements through its own), at each read rather than a cache
    write at each vote."""
    votes = Vote.objects.filter(conversation_id=conversation_id, updated_at__gt=moment)
    statements = Statement.objects.filter(conversation_id=conversation_id, created_at__gt=moment)
    return Conversation.objects.filter(Exists(votes) | Exists(statements), pk=conversation_id).exists()


def forget(conversation_ids) -> int:
    """Take the kept builds of these conversations down: the rows now (in the caller's transaction, so that they
    come back if it rolls back), the files once it commits; then build afresh. Returns how many builds went."""
    ids = set(conversation_ids)
    builds = list(OpenDataBuild.objects.filter(conversation_id__in=ids))
    OpenDataBuild.objects.filter(pk__in=[b.pk for b in builds]).delete()
    now = time.time()
    for conversation_id in ids:
        # A build that read the data before this must not be kept (see _build_once).
        cache.set(_key("forgotten", conversation_id), now, timeout=_DAY)
    transaction.on_commit(lambda: _delete_files(builds))
    for conversation_id in {b.conversation_id for b in builds}:  # the others are built when first read
        schedule_build(conversation_id, force=True)
    return len(builds)


def erase(actor, person) -> dict[str, int]:
    """accounts.personal_data eraser: the kept open data of every engagement the person took part in goes, and is
    rebuilt from the erased data (their statements no longer linked to their pseudonym)."""
    ids = list(
        Conversation.objects.filter(engagement__participants__pk__in=person.participant_ids)
        .values_list("pk", flat=True)
        .distinct()
    )
    return {"open_data_builds_taken_down": forget(ids)} if ids else {}


def export(person) -> dict:
    return {}  # nothing about a person is kept here but what the conversations' own section already lists


# ------------------------------------------------------------------------------------------ building
def build(conversation_id: int) -> OpenDataBuild | None:
    """Build, keep and record the open data of a conversation; None if another build is running (it builds again
    when it finishes, so that this change is in it) or the conversation is gone."""
    if not cache.add(_key("lock", conversation_id), 1, timeout=LOCK_SECONDS):
        cache.set(_key("again", conversation_id), 1, timeout=LOCK_SECONDS)
        return None
    try:
        while True:
            cache.delete(_key("again", conversation_id))
            result = _build_once(conversation_id)
            if not cache.get(_key("again", conversation_id)):
                return result
    finally:
        cache.delete(_key("lock", conversation_id))


def data_version(files: dict[str, bytes]) -> str:
    """SHA-256 of the published data: every file but the build's own timestamps."""
    digest = hashlib.sha256()
    for name in sorted(files):
        if name in _TIMESTAMPED:
            continue
        content = files[name]
        if name == "engagement.json":
            document = json.loads(content)
            document.pop("published_at", None)
            content = json.dumps(document, sort_keys=True).encode()
        digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


def _build_once(conversation_id: int) -> OpenDataBuild | None:
    started_at, started, clock = timezone.now(), time.time(), time.perf_counter()
    conversation = Conversation.objects.select_related("engagement__organisation").filter(pk=conversation_id).first()
    if conversation is None:
        return None
    files = all_downloads(conversation.engagement, conversation)
    version = data_version(files)
    current = conversation.open_data_builds.first()
    if current is not None and current.version == version:
        # Unchanged: the kept files stay, and so do their ETags and Last-Modified; only when the data was last read.
        OpenDataBuild.objects.filter(pk=current.pk).update(started_at=started_at)
        return current
    kept = OpenDataBuild(conversation=conversation, version=version, started_at=started_at)
    store = storage()
    for name, content in files.items():
        path = kept.path(name)
        if store.exists(path):  # left by a build that failed before recording itself
            store.delete(path)
        store.save(path, ContentFile(content))
    forgotten = cache.get(_key("forgotten", conversation_id))
    if forgotten is not None and forgotten >= started:
        # The data was taken down (moderation, erasure) while this build was reading it: build again.
        _delete_files([kept])
        cache.set(_key("again", conversation_id), 1, timeout=LOCK_SECONDS)
        return None
    kept.files = {name: {"sha256": hashlib.sha256(c).hexdigest(), "bytes": len(c)} for name, c in files.items()}
    kept.duration_ms = int((time.perf_counter() - clock) * 1000)
    with transaction.atomic():
        kept.save()
        older = list(conversation.open_data_builds.exclude(pk=kept.pk)[KEEP - 1 :])
        OpenDataBuild.objects.filter(pk__in=[b.pk for b in older]).delete()
        transaction.on_commit(lambda: _delete_files([b for b in older if b.version != version]))
    logger.info("open_data_built", conversation=conversation_id, ms=kept.duration_ms, version=version[:12])
    return kept


def _delete_files(builds: list[OpenDataBuild]) -> None:
    store = storage()
    for b in builds:
        for name in DOWNLOAD_NAMES:
            try:
                store.delete(b.path(name))
            except OSError:  # already gone, or the storage is away: the next build's clean-up tries again
                logger.warning("open_data_file_not_deleted", path=b.path(name))


# ------------------------------------------------------------------------------------------ serving
def latest_build(conversation: Conversation) -> OpenDataBuild | None:
    return conversation.open_data_builds.first()


def status(conversation: Conversation) -> OpenDataBuild | None:
    """The newest finished build (None while there is none), asking for a new one if it is behind."""
    build = latest_build(conversation)
    cache.set(_key("in-use", conversation.pk), 1, timeout=_DAY)
    _refresh_if_behind(conversation.pk, build)
    return build


def serve(request: HttpRequest, conversation: Conversation, name: str) -> HttpResponse | None:
    """The kept file, streamed, or 304 Not Modified for a client that has it; None while nothing is built yet.

    Builds nothing: at most asks for a build, after the response (see the module's docstring).
    """
    build = status(conversation)
    if build is None or name not in build.files:
        return None
    etag = f'"{build.files[name]["sha256"]}"'
    last_modified = timegm(build.built_at.utctimetuple())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    response: HttpResponse
    if not_modified is None:
        media_type = DOWNLOAD_NAMES[name].media_type
        content_type = media_type + ("" if media_type.endswith("zip") else "; charset=utf-8")
        filename = download_filename(conversation.engagement, name)
        kept = storage().open(build.path(name), "rb")
        if build.files[name]["bytes"] > STREAM_ABOVE:
            response = FileResponse(kept, as_attachment=True, filename=filename, content_type=content_type)
        else:
            with kept:
                response = HttpResponse(kept.read(), content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="{filename}"'

    else:
        response = not_modified
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # Revalidated on every use (a 304 costs nothing), and never kept by a shared cache: some engagements' open data
    # is for their members only.
    response["Cache-Control"] = "private, no-cache"
    return response
