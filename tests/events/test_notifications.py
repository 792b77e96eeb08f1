"""Confirmation, waiting-list, promotion and reminder emails, through the shared notifications app."""

from __future__ import annotations

import datetime as dt

from django.core import mail

from coproduce.events.actions import do_cancel_registration, do_register, do_send_reminders


def test_registering_waiting_promotion_and_the_reminder_are_emailed(events, django_capture_on_commit_callbacks):
    w = events
    with django_capture_on_commit_callbacks(execute=True):
        first = do_register(w.workshop, user=w.pat, name="Pat")
        do_register(w.workshop, user=w.mo, name="Mo")
        do_register(w.workshop, user=w.erin, name="Erin", language="cy")
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "Clinic workshop" in subjects[w.pat.email] and "confirmed" in subjects[w.pat.email]
    assert "rhestr aros" in subjects[w.erin.email]  # in Welsh, the language she chose
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        do_cancel_registration(w.pat, first)
    assert [m.to[0] for m in mail.outbox] == [w.erin.email]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert do_send_reminders(w.workshop.starts_at - dt.timedelta(hours=20)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([w.mo.email, w.erin.email])
    assert all("unsubscribe" in m.body.lower() or "dad-danysgrifio" in m.body.lower() for m in mail.outbox)
