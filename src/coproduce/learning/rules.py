"""Who may do what with boards, notices, study clubs and learning: every permission of this app, in one place.

A board's managers are its owner's: an organisation's managers (admins and facilitators), a network's
coordinators, an engagement's managers. A board is read by whoever may see its owner (everyone, but an engagement
that is not public only by its members). Managers post and moderate notices and organise the board's study clubs;
a club's host and its board's managers see who is in the club and write to its members; anyone signed in who may
read the board may suggest a notice and join a club.
"""

from __future__ import annotations

import rules

from coproduce.engagements.models import MANAGER_ROLES, Membership
from coproduce.engagements.rules import is_engagement_manager, is_engagement_member, roles_in_organisation
from coproduce.learning.models import Board, LearningItem, LearningPath, Notice, StudyClub
from coproduce.networks.rules import is_coordinator


def may_read(user, board: Board) -> bool:
    if board.engagement_id is None:
        return True
    engagement = board.engagement
    return engagement.visibility == engagement.Visibility.PUBLIC or is_engagement_member(user, engagement)


def manages(user, board: Board) -> bool:
    if not user.is_authenticated:
        return False
    if board.organisation_id is not None:
        return bool(roles_in_organisation(user, board.organisation) & MANAGER_ROLES)
    if board.network_id is not None:
        return is_coordinator(user, board.network)
    return is_engagement_manager(user, board.engagement)


@rules.predicate
def can_read_board(user, board: Board) -> bool:
    return may_read(user, board)


@rules.predicate
def is_board_manager(user, board: Board) -> bool:
    return manages(user, board)


@rules.predicate
def signed_in_reader(user, board: Board) -> bool:
    return user.is_authenticated and may_read(user, board)


@rules.predicate
def manages_notice(user, notice: Notice) -> bool:
    return manages(user, notice.board)


@rules.predicate
def can_read_club(user, club: StudyClub) -> bool:
    return may_read(user, club.board)


@rules.predicate
def may_join_club(user, club: StudyClub) -> bool:
    return user.is_authenticated and may_read(user, club.board)


@rules.predicate
def hosts_or_organises(user, club: StudyClub) -> bool:
    if not user.is_authenticated:
        return False
    return club.host_id == user.pk or manages(user, club.board)


@rules.predicate
def manages_club_board(user, club: StudyClub) -> bool:
    return manages(user, club.board)


@rules.predicate
def manages_organisation(user, organisation) -> bool:
    return user.is_authenticated and bool(roles_in_organisation(user, organisation) & MANAGER_ROLES)


@rules.predicate
def writes_catalogue(user) -> bool:
    """The catalogue of learning items and paths is the platform's: it is written by organisation-wide managers
    (admins and facilitators) of any organisation, and the platform's superusers (docs/decisions/0019)."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or Membership.objects.filter(user=user, engagement__isnull=True, role__in=MANAGER_ROLES).exists()
    )


def managed_organisation_ids(user) -> set[int]:
    """The organisations where the person is a manager organisation-wide (cached per request on the user)."""
    if not user.is_authenticated:
        return set()
    cache = user.__dict__
    if "_coproduce_learning_managed" not in cache:
        cache["_coproduce_learning_managed"] = set(
            Membership.objects.filter(user=user, engagement__isnull=True, role__in=MANAGER_ROLES).values_list(
                "organisation_id", flat=True
            )
        )
    return cache["_coproduce_learning_managed"]


def changes_owned(user, thing: LearningItem | LearningPath) -> bool:
    """An organisation's item or path: its organisation-wide managers (and the platform's superusers); one of the
    platform's catalogue: every catalogue writer, as before."""
    if not user.is_authenticated:
        return False
    if thing.organisation_id is None:
        return writes_catalogue(user)
    return user.is_superuser or thing.organisation_id in managed_organisation_ids(user)


@rules.predicate
def may_change_learning(user, thing) -> bool:
    return changes_owned(user, thing)


@rules.predicate
def may_link_path(user, action) -> bool:
    """Pointing a delivery action (a journey round's next step) to a learning path: the action's managers, those
    of its engagement, for a network's own action the network's coordinators, for an organisation's own action the
    organisation's managers."""
    if not user.is_authenticated:
        return False
    if action.engagement_id is not None:
        return is_engagement_manager(user, action.engagement)
    if action.network_id is not None:
        return is_coordinator(user, action.network)
    return bool(roles_in_organisation(user, action.organisation) & MANAGER_ROLES)


@rules.predicate
def coordinates_network(user, network) -> bool:
    return user.is_authenticated and is_coordinator(user, network)


@rules.predicate
def manages_engagement(user, engagement) -> bool:
    return user.is_authenticated and is_engagement_manager(user, engagement)


rules.add_perm("learning.view_board", can_read_board)
rules.add_perm("learning.write_catalogue", writes_catalogue)
# One item or path: the platform's by any catalogue writer, an organisation's by its managers only.
rules.add_perm("learning.change_learning", may_change_learning)
rules.add_perm("learning.link_path", may_link_path)
# A network's noticeboards: its coordinators; an engagement's: its managers (admins and its facilitators).
rules.add_perm("learning.manage_network_boards", coordinates_network)
rules.add_perm("learning.manage_engagement_boards", manages_engagement)
# An organisation's noticeboards (listing them, starting one): its managers, organisation-wide.
rules.add_perm("learning.manage_organisation_boards", manages_organisation)
rules.add_perm("learning.manage_board", is_board_manager)
rules.add_perm("learning.suggest_notice", signed_in_reader)
rules.add_perm("learning.moderate_notice", manages_notice)
rules.add_perm("learning.view_club", can_read_club)
rules.add_perm("learning.join_club", may_join_club)
# Who is in a club: its host and its board's managers, nobody else (tests/learning/test_members_never_leak.py).
rules.add_perm("learning.view_club_members", hosts_or_organises)
rules.add_perm("learning.announce", hosts_or_organises)
# Changing or closing a club: its board's managers (not its host alone).
rules.add_perm("learning.manage_club", manages_club_board)
