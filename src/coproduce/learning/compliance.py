"""This app's content on the Welsh-language compliance pages (engagements.registry.OrganisationContent): what a
board's managers wrote in one language only, each with the link to the page that fixes it.

On an organisation's page: its boards, its engagements' boards and the boards of the networks its staff coordinate,
with their notices (a guest post keeps its one language and is never listed) and study clubs; its own learning items
and paths, and the items its clubs study. On an engagement's page: its boards, their notices and clubs, and the items
the clubs study."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coproduce.engagements.models import STAFF_ROLES
from coproduce.engagements.registry import OrganisationContent, add_organisation_content
from coproduce.learning.models import Board, LearningItem, LearningPath, Notice, StudyClub
from coproduce.networks.models import NetworkCoordinator


def _boards_of(organisation) -> Q:
    """The organisation's boards, its engagements' boards, and the boards of the networks its staff coordinate (a
    network has no compliance page of its own; its coordinators find its boards on their organisation's)."""
    coordinated = NetworkCoordinator.objects.filter(
        user__memberships__organisation=organisation, user__memberships__role__in=STAFF_ROLES
    ).values("network_id")
    return Q(organisation=organisation) | Q(engagement__organisation=organisation) | Q(network_id__in=coordinated)


def _items_of(organisation):
    """The organisation's own learning items, and those its boards' study clubs study."""
    studied = StudyClub.courses.through.objects.filter(
        studyclub__board__in=Board.objects.filter(_boards_of(organisation))
    ).values("learningitem_id")
    return LearningItem.objects.filter(Q(organisation=organisation) | Q(pk__in=studied))


def register() -> None:
    add_organisation_content(
        OrganisationContent(
            60,
            Board,
            _("Noticeboards"),
            of_organisation=lambda organisation: Board.objects.filter(_boards_of(organisation)),
            in_engagement=lambda engagement: Board.objects.filter(engagement=engagement),
            edit_url=lambda board: reverse("learning_staff:board_edit", args=[board.slug]),
            where=_("The noticeboards"),
        ),
        OrganisationContent(
            61,
            Notice,
            _("Notices"),
            of_organisation=lambda organisation: Notice.objects.filter(
                guest=False, board__in=Board.objects.filter(_boards_of(organisation))
            ),
            in_engagement=lambda engagement: Notice.objects.filter(guest=False, board__engagement=engagement),
            edit_url=lambda notice: reverse("learning_staff:notice_edit", args=[notice.pk]),
            where=_("The noticeboards"),
            name_field="title",
        ),
        OrganisationContent(
            62,
            StudyClub,
            _("Study clubs"),
            of_organisation=lambda organisation: StudyClub.objects.filter(
                board__in=Board.objects.filter(_boards_of(organisation))
            ),
            in_engagement=lambda engagement: StudyClub.objects.filter(board__engagement=engagement),
            edit_url=lambda club: reverse("learning_staff:club_edit", args=[club.pk]),
            where=_("The noticeboards"),
        ),
        OrganisationContent(
            63,
            LearningItem,
            _("Learning items: its own and those its study clubs use"),
            of_organisation=_items_of,
            in_engagement=lambda engagement: LearningItem.objects.filter(
                pk__in=StudyClub.courses.through.objects.filter(studyclub__board__engagement=engagement).values(
                    "learningitem_id"
                )
            ),
            edit_url=lambda item: reverse("learning_staff:item_edit", args=[item.slug]),
            where=_("The catalogue of learning"),
            name_field="title",
        ),
        OrganisationContent(
            64,
            LearningPath,
            _("Its learning paths"),
            of_organisation=lambda organisation: LearningPath.objects.filter(organisation=organisation),
            in_engagement=lambda engagement: LearningPath.objects.none(),
            edit_url=lambda path: reverse("learning_staff:path_edit", args=[path.slug]),
            where=_("The catalogue of learning"),
            name_field="title",
        ),
    )
