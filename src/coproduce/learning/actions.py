"""Action functions: the only way boards, notices, study clubs and learning change. Each is transactional and
writes its audit event (ids and counts, never names or text) in the scope of the board's owner: its organisation
(an organisation's or an engagement's board) or its network; the catalogue of learning and a person's own
progress are the platform's."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coproduce.core.bilingual import Texts, columns, columns_of, has_text, update
from coproduce.delivery.models import Action
from coproduce.engagements.actions import audit
from coproduce.learning import notify
from coproduce.learning.models import (
    ActionPath,
    Board,
    ClubAnnouncement,
    ClubMember,
    LearningItem,
    LearningPath,
    Notice,
    PathStep,
    Progress,
    StudyClub,
)
from coproduce.notifications.actions import queue_notices
from coproduce.notifications.topics import Subscriber

_KEEP = object()


class LearningError(Exception):
    """An input this app refuses; the view turns it into a message."""


class ClubFull(LearningError):
    """Every place in the club is taken."""


class AlreadyModerated(LearningError):
    """The guest post was already approved or turned down."""


def _audit(actor, where: Board, action: str, **details) -> None:
    if where.network_id is not None:
        audit(actor, None, action, network=where.network, **details)
    else:
        audit(actor, where.audit_organisation, action, where.engagement, **details)


def _unique_slug(model, text: str, fallback: str) -> str:
    base = slugify(text)[:60] or fallback
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def do_create_board(actor, name: str | Texts, description: str | Texts = "", **owner) -> Board:
    """A board for one owner: organisation=, network= or engagement=."""
    if not has_text(name):
        raise ValueError("a board needs a name in at least one language")
    texts = columns_of(name=name, description=description)
    slug = _unique_slug(Board, texts["name_en"] or texts["name_cy"] or "", "board")
    board = Board.objects.create(slug=slug, **texts, **owner)
    _audit(actor, board, "learning.board_created", board=board.pk)
    return board


@transaction.atomic
def do_update_board(actor, board: Board, *, name: Texts, description: Texts) -> Board:
    if not has_text(name):
        raise ValueError("a board needs a name in at least one language")
    names, languages = update(board, name=name, description=description)
    board.save(update_fields=names)
    _audit(actor, board, "learning.board_changed", board=board.pk, languages=languages)
    return board


@transaction.atomic
def do_post_notice(
    actor,
    board: Board,
    *,
    title: str | Texts,
    body: str | Texts = "",
    category: str = "news",
    pinned: bool = False,
    expires_on=None,
) -> Notice:
    """A manager's notice, published at once and sent to the board's followers."""
    if not has_text(title):
        raise ValueError("a notice needs a title in at least one language")
    now = timezone.now()
    notice = Notice.objects.create(
        board=board,
        **columns_of(title=title, body=body),
        category=category,
        pinned=pinned,
        expires_on=expires_on,
        author=actor,
        status=Notice.Status.PUBLISHED,
        published_at=now,
    )
    followers = queue_notices(notify.board_topic(board), str(notice.pk))
    _audit(actor, board, "learning.notice_posted", notice=notice.pk, followers=followers)
    return notice


@transaction.atomic
def do_suggest_notice(
    actor, board: Board, *, title: str, body: str, name: str, language: str, category: str = "news"
) -> Notice:
    """A guest post from someone outside the board's owner: waits for a manager, shown under `name` once approved.
    Written in one language, which fills that language's columns."""
    notice = Notice.objects.create(
        board=board,
        **columns("title", {language: title}),
        **columns("body", {language: body}),
        category=category,
        author=actor,
        guest=True,
        guest_name=name.strip(),
        language=language,
        status=Notice.Status.PENDING,
    )
    _audit(actor, board, "learning.notice_suggested", notice=notice.pk)
    return notice


@transaction.atomic
def do_moderate_notice(actor, notice: Notice, approve: bool) -> Notice:
    """Approve (publish, and tell the followers) or turn down a guest post."""
    notice = Notice.objects.select_for_update().select_related("board").get(pk=notice.pk)
    if notice.status != Notice.Status.PENDING:
        raise AlreadyModerated
    followers = 0
    if approve:
        notice.status, notice.published_at = Notice.Status.PUBLISHED, timezone.now()
        notice.save(update_fields=["status", "published_at"])
        followers = queue_notices(notify.board_topic(notice.board), str(notice.pk))
    else:
        notice.status = Notice.Status.REJECTED
        notice.save(update_fields=["status"])
    _audit(
        actor,
        notice.board,
        "learning.notice_approved" if approve else "learning.notice_rejected",
        notice=notice.pk,
        followers=followers,
    )
    return notice


@transaction.atomic
def do_pin_notice(actor, notice: Notice, pinned: bool) -> Notice:
    Notice.objects.filter(pk=notice.pk).update(pinned=pinned)
    notice.pinned = pinned
    _audit(actor, notice.board, "learning.notice_pinned" if pinned else "learning.notice_unpinned", notice=notice.pk)
    return notice


@transaction.atomic
def do_create_club(
    actor,
    board: Board,
    *,
    name: str | Texts,
    description: str | Texts = "",
    place: str | Texts = "",
    online: bool = False,
    language: str,
    first_meeting,
    repeat: str = "weekly",
    meetings: int = 6,
    duration_minutes: int = 60,
    capacity: int = 12,
    host=None,
    courses: Iterable[LearningItem] = (),
) -> StudyClub:
    if not has_text(name):
        raise ValueError("a study club needs a name in at least one language")
    club = StudyClub.objects.create(
        board=board,
        **columns_of(name=name, description=description, place=place),
        online=online,
        language=language,
        first_meeting=first_meeting,
        repeat=repeat,
        meetings=meetings,
        duration_minutes=duration_minutes,
        capacity=capacity,
        host=host or actor,
    )
    club.courses.set(list(courses))
    _audit(actor, board, "learning.club_created", club=club.pk)
    return club


@transaction.atomic
def do_join_club(user, club: StudyClub) -> ClubMember:
    """Join, if there is a place (the count is taken under a lock on the club, so two people cannot take the last
    place at once). Joining twice changes nothing."""
    StudyClub.objects.select_for_update().filter(pk=club.pk).first()
    existing = ClubMember.objects.filter(club=club, user=user).first()
    if existing is not None:
        return existing
    if ClubMember.objects.filter(club=club).count() >= club.capacity:
        raise ClubFull
    member = ClubMember.objects.create(club=club, user=user)
    _audit(user, club.board, "learning.club_joined", club=club.pk)
    return member


@transaction.atomic
def do_leave_club(user, club: StudyClub) -> bool:
    """Leave the club; its announcements stop too (the subscription to them ends)."""
    from coproduce.notifications.models import Subscription

    left, _ = ClubMember.objects.filter(club=club, user=user).delete()
    if left:
        Subscription.objects.filter(topic=notify.club_topic(club), subscriber=Subscriber.user(user.pk).key).delete()
        _audit(user, club.board, "learning.club_left", club=club.pk)
    return bool(left)


@transaction.atomic
def do_announce(actor, club: StudyClub, text: str | Texts) -> ClubAnnouncement:
    """A message to the club's members: on the club's page for them, and emailed to the members who asked."""
    if not has_text(text):
        raise ValueError("an announcement needs a text")
    announcement = ClubAnnouncement.objects.create(club=club, author=actor, **columns("text", text))
    members = [Subscriber.user(pk).key for pk in ClubMember.objects.filter(club=club).values_list("user_id", flat=True)]
    sent = queue_notices(notify.club_topic(club), str(announcement.pk), subscribers=members)
    _audit(actor, club.board, "learning.club_announced", club=club.pk, announcement=announcement.pk, notices=sent)
    return announcement


@transaction.atomic
def do_add_item(
    actor, *, title: str | Texts, summary: str | Texts = "", body: str | Texts = "", **fields
) -> LearningItem:
    """A course or material in the catalogue (fields: provider, link, minutes, level, topic, language,
    phone_friendly, offline_friendly)."""
    if not has_text(title):
        raise ValueError("a learning item needs a title")
    texts = columns_of(title=title, summary=summary, body=body)
    slug = _unique_slug(LearningItem, texts["title_en"] or texts["title_cy"] or "", "item")
    item = LearningItem.objects.create(slug=slug, **texts, **fields)
    # An organisation's own item is in its audit trail; the platform's catalogue in the platform's.
    audit(actor, item.organisation, "learning.item_added", item=item.pk)
    return item


@transaction.atomic
def do_create_path(
    actor,
    *,
    title: str | Texts,
    description: str | Texts = "",
    topic: str,
    items: list[LearningItem],
    organisation=None,
) -> LearningPath:
    """A learning path: the items in the order given; an organisation's own when `organisation` is given."""
    texts = columns_of(title=title, description=description)
    slug = _unique_slug(LearningPath, texts["title_en"] or texts["title_cy"] or "", "path")
    path = LearningPath.objects.create(slug=slug, topic=topic, organisation=organisation, **texts)
    PathStep.objects.bulk_create([PathStep(path=path, item=item, position=n) for n, item in enumerate(items, 1)])
    audit(actor, organisation, "learning.path_created", path=path.pk, steps=len(items))
    return path


@transaction.atomic
def do_update_notice(
    actor, notice: Notice, *, title: Texts, body: Texts, category: str, pinned: bool, expires_on
) -> Notice:
    """A manager corrects a notice (its texts in both languages, category, pin, last day shown). Followers are not
    told again."""
    if not has_text(title):
        raise ValueError("a notice needs a title in at least one language")
    names, languages = update(notice, title=title, body=body)
    notice.category, notice.pinned, notice.expires_on = category, pinned, expires_on
    notice.save(update_fields=[*names, "category", "pinned", "expires_on"])
    _audit(actor, notice.board, "learning.notice_changed", notice=notice.pk, languages=languages)
    return notice


@transaction.atomic
def do_delete_notice(actor, notice: Notice) -> None:
    """Withdraw a notice: it is deleted (the audit event keeps its id, never its text)."""
    board, pk = notice.board, notice.pk
    Notice.objects.filter(pk=pk).delete()
    _audit(actor, board, "learning.notice_deleted", notice=pk)


@transaction.atomic
def do_update_club(
    actor, club: StudyClub, *, texts: dict[str, Texts], courses: Iterable[LearningItem] = (), **fields
) -> StudyClub:
    """Change a club's texts, times and places (fields: online, language, first_meeting, repeat, meetings,
    duration_minutes, capacity). Its members stay."""
    if not has_text(texts.get("name", "")):
        raise ValueError("a study club needs a name in at least one language")
    names, languages = update(club, **texts)
    for name, value in fields.items():
        setattr(club, name, value)
    club.save(update_fields=[*names, *fields])
    club.courses.set(list(courses))
    _audit(actor, club.board, "learning.club_changed", club=club.pk, languages=languages)
    return club


@transaction.atomic
def do_delete_club(actor, club: StudyClub) -> None:
    """Close a club: it goes with its members and announcements, and the subscriptions to its announcements."""
    from coproduce.notifications.models import Subscription

    board, pk = club.board, club.pk
    members = ClubMember.objects.filter(club=club).count()
    Subscription.objects.filter(topic=notify.club_topic(club)).delete()
    StudyClub.objects.filter(pk=pk).delete()
    _audit(actor, board, "learning.club_deleted", club=pk, members=members)


@transaction.atomic
def do_update_item(actor, item: LearningItem, *, texts: dict[str, Texts], **fields) -> LearningItem:
    if not has_text(texts.get("title", "")):
        raise ValueError("a learning item needs a title")
    names, languages = update(item, **texts)
    for name, value in fields.items():
        setattr(item, name, value)
    item.save(update_fields=[*names, *fields])
    audit(actor, item.organisation, "learning.item_changed", item=item.pk, languages=languages)
    return item


@transaction.atomic
def do_update_path(
    actor, path: LearningPath, *, title: Texts, description: Texts, topic: str, organisation=_KEEP
) -> LearningPath:
    if not has_text(title):
        raise ValueError("a learning path needs a title")
    names, languages = update(path, title=title, description=description)
    path.topic = topic
    if organisation is not _KEEP:
        path.organisation = organisation
    path.save(update_fields=[*names, "topic", "organisation"])
    audit(actor, path.organisation, "learning.path_changed", path=path.pk, languages=languages)
    return path


@transaction.atomic
def do_link_path(actor, action: Action, path: LearningPath | None) -> ActionPath | None:
    """Point a delivery action (a journey round's next step) to a learning path, or to none (`path` None)."""
    if path is None:
        ActionPath.objects.filter(action=action).delete()
        link = None
    else:
        link, _created = ActionPath.objects.update_or_create(action=action, defaults={"path": path})
    organisation = action.organisation if action.engagement_id is None else action.engagement.organisation
    audit(
        actor,
        organisation,
        "learning.action_path_set",
        action.engagement,
        action_id=action.pk,
        path=path.pk if path else None,
    )
    return link


def _renumber(path: LearningPath) -> None:
    """Positions 1, 2, 3… in the current order (ascending, so each step moves into a free place)."""
    for n, step in enumerate(path.steps.order_by("position"), 1):
        if step.position != n:
            PathStep.objects.filter(pk=step.pk).update(position=n)


@transaction.atomic
def do_add_step(actor, path: LearningPath, item: LearningItem) -> PathStep:
    """Add an item at the end of the path (an item already on it is refused)."""
    LearningPath.objects.select_for_update().filter(pk=path.pk).first()
    if path.steps.filter(item=item).exists():
        raise LearningError("already on the path")
    last = path.steps.order_by("-position").values_list("position", flat=True).first() or 0
    step = PathStep.objects.create(path=path, item=item, position=last + 1)
    audit(actor, path.organisation, "learning.path_step_added", path=path.pk, item=item.pk)
    return step


@transaction.atomic
def do_remove_step(actor, path: LearningPath, step: PathStep) -> None:
    LearningPath.objects.select_for_update().filter(pk=path.pk).first()
    PathStep.objects.filter(pk=step.pk, path=path).delete()
    _renumber(path)
    audit(actor, path.organisation, "learning.path_step_removed", path=path.pk, item=step.item_id)


@transaction.atomic
def do_move_step(actor, path: LearningPath, step: PathStep, up: bool) -> bool:
    """Swap a step with the one before (up) or after it; False when it is already first or last."""
    LearningPath.objects.select_for_update().filter(pk=path.pk).first()
    steps = list(path.steps.order_by("position"))
    index = next((n for n, s in enumerate(steps) if s.pk == step.pk), None)
    if index is None:
        raise LearningError("not on the path")
    other = index - 1 if up else index + 1
    if other < 0 or other >= len(steps):
        return False
    a, b = steps[index], steps[other]
    PathStep.objects.filter(pk=a.pk).update(position=0)
    PathStep.objects.filter(pk=b.pk).update(position=a.position)
    PathStep.objects.filter(pk=a.pk).update(position=b.position)
    audit(actor, path.organisation, "learning.path_step_moved", path=path.pk, item=a.item_id)
    return True


@transaction.atomic
def do_set_progress(user, item: LearningItem, *, saved: bool | None = None, status: str | None = None) -> Progress:
    """Save an item (kept readable offline) or unsave it, or mark it started or done."""
    progress, _created = Progress.objects.get_or_create(user=user, item=item)
    changes: dict[str, object] = {}
    if saved is not None:
        changes["saved"] = saved
    if status is not None:
        changes["status"] = status
    if changes:
        Progress.objects.filter(pk=progress.pk).update(**changes, updated_at=timezone.now())
        for name, value in changes.items():
            setattr(progress, name, value)
    audit(user, None, "learning.progress_changed", item=item.pk)
    return progress


@transaction.atomic
def do_forget_person(actor, user_id: int) -> dict[str, int]:
    """A person's erasure: their progress and club memberships go; their notices and announcements stay with the
    board without an author (a guest post also loses the name they chose); clubs they hosted lose their host."""
    progress, _ = Progress.objects.filter(user_id=user_id).delete()
    memberships, _ = ClubMember.objects.filter(user_id=user_id).delete()
    guest_posts = Notice.objects.filter(author_id=user_id, guest=True).update(guest_name="", author=None)
    notices = Notice.objects.filter(author_id=user_id).update(author=None)
    announcements = ClubAnnouncement.objects.filter(author_id=user_id).update(author=None)
    hosted = StudyClub.objects.filter(host_id=user_id).update(host=None)
    counts = {
        "learning_progress_deleted": progress,
        "study_club_memberships_deleted": memberships,
        "notices_unlinked": notices + guest_posts,
        "club_announcements_unlinked": announcements,
        "study_clubs_host_removed": hosted,
    }
    if any(counts.values()):
        audit(actor, None, "learning.person_erased", **counts)
    return counts
