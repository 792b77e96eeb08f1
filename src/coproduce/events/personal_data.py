"""A person's part in events, for "download my data" and "delete my data" (coproduce.accounts.personal_data)."""

from __future__ import annotations

from typing import Any

from coproduce.accounts.personal_data import Person
from coproduce.events.models import Interest, Pitch, Registration, SessionNote


def export(person: Person) -> dict[str, Any]:
    if person.user_id is None:
        return {"registrations": [], "pitches": [], "interests": [], "session_notes": []}
    uid = person.user_id
    return {
        "registrations": [
            {
                "event": r.event.slug,
                "name": r.name,
                "email": r.email,
                "language": r.language,
                "access_needs": r.access_needs,
                "dietary_needs": r.dietary_needs,
                "status": r.status,
                "checked_in_at": r.checked_in_at.isoformat() if r.checked_in_at else None,
                "created_at": r.created_at.isoformat(),
            }
            for r in Registration.objects.filter(user_id=uid).select_related("event")
        ],
        "pitches": [
            {"event": p.event.slug, "title": p.title, "summary": p.summary, "created_at": p.created_at.isoformat()}
            for p in Pitch.objects.filter(host_id=uid).select_related("event")
        ],
        "interests": [
            {"event": i.pitch.event.slug, "pitch": i.pitch.title}
            for i in Interest.objects.filter(user_id=uid).select_related("pitch__event")
        ],
        "session_notes": [
            {"pitch": n.pitch.title, "text": n.text, "created_at": n.created_at.isoformat()}
            for n in SessionNote.objects.filter(author_id=uid).select_related("pitch")
        ],
    }


def erase(actor, person: Person) -> dict[str, int]:
    from coproduce.events.actions import do_forget_person

    return do_forget_person(actor, person.user_id) if person.user_id is not None else {}
