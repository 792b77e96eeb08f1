"""Accessors: fetch a board, notice or club and check the permission in one step. A board someone may not read
(an engagement's that is not public, to a non-member) is a 404; one they may read but not manage, a 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from coproduce.learning.models import Board, LearningItem, LearningPath, Notice, StudyClub


def _check(request: HttpRequest, permission: str, thing, read: str) -> None:
    if not request.user.has_perm(read, thing):
        raise Http404
    if permission != read and not request.user.has_perm(permission, thing):
        raise PermissionDenied


def board_with_permission(request: HttpRequest, slug: str, permission: str = "learning.view_board") -> Board:
    board = get_object_or_404(
        Board.objects.select_related("organisation", "network", "engagement__organisation"), slug=slug
    )
    _check(request, permission, board, "learning.view_board")
    return board


def notice_with_permission(request: HttpRequest, pk: int, permission: str) -> Notice:
    notice = get_object_or_404(
        Notice.objects.select_related("board__organisation", "board__network", "board__engagement__organisation"),
        pk=pk,
    )
    if not request.user.has_perm("learning.view_board", notice.board):
        raise Http404
    if not request.user.has_perm(permission, notice):
        raise PermissionDenied
    return notice


def club_with_permission(request: HttpRequest, pk: int, permission: str = "learning.view_club") -> StudyClub:
    club = get_object_or_404(
        StudyClub.objects.select_related(
            "board__organisation", "board__network", "board__engagement__organisation", "host"
        ),
        pk=pk,
    )
    _check(request, permission, club, "learning.view_club")
    return club


def item(slug: str) -> LearningItem:
    return get_object_or_404(LearningItem.objects.select_related("organisation"), slug=slug)


def path(slug: str) -> LearningPath:
    return get_object_or_404(LearningPath.objects.select_related("organisation"), slug=slug)
