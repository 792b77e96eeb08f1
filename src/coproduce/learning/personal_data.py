"""The learning app's part of a person's data: their learning progress and saved items, the study clubs they
joined or host, and the notices and announcements they wrote. Following a board and a club's announcements are
subscriptions, exported and erased by the notifications app. Registered in LearningConfig.ready().

On erasure, progress and club memberships go; what they wrote for a board stays with it, without its author (and a
guest post without the name they chose); a club they hosted loses its host.
"""

from __future__ import annotations

from typing import Any

from coproduce.accounts.personal_data import Person, iso
from coproduce.learning.models import ClubAnnouncement, ClubMember, Notice, Progress, StudyClub


def export(person: Person) -> dict[str, Any]:
    if person.user_id is None:
        return {}
    uid = person.user_id
    return {
        "learning_progress": [
            {"item": p.item.slug, "saved": p.saved, "status": p.status, "updated_at": iso(p.updated_at)}
            for p in Progress.objects.filter(user_id=uid).select_related("item").order_by("pk")
        ],
        "study_clubs_joined": [
            {"club": m.club_id, "name": m.club.name, "joined_at": iso(m.joined_at)}
            for m in ClubMember.objects.filter(user_id=uid).select_related("club").order_by("pk")
        ],
        "study_clubs_hosted": list(StudyClub.objects.filter(host_id=uid).order_by("pk").values_list("pk", flat=True)),
        "notices_written": [
            {
                "board": n.board.slug,
                "title_en": n.title_en,
                "title_cy": n.title_cy,
                "body_en": n.body_en,
                "body_cy": n.body_cy,
                "guest_post": n.guest,
                "name_shown": n.guest_name,
                "status": n.status,
                "written_at": iso(n.created_at),
            }
            for n in Notice.objects.filter(author_id=uid).select_related("board").order_by("pk")
        ],
        "club_announcements_written": [
            {"club": a.club_id, "text_en": a.text_en, "text_cy": a.text_cy, "written_at": iso(a.created_at)}
            for a in ClubAnnouncement.objects.filter(author_id=uid).order_by("pk")
        ],
    }


def erase(actor, person: Person) -> dict[str, int]:
    from coproduce.learning.actions import do_forget_person

    return do_forget_person(actor, person.user_id) if person.user_id is not None else {}
