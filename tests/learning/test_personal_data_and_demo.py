"""A person's learning in their data download, and erased with them; the demo, twice, changes nothing the second
time."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from coproduce.accounts.personal_data import Person
from coproduce.learning import actions, personal_data
from coproduce.learning.models import Board, ClubMember, LearningItem, LearningPath, Notice, Progress, StudyClub

pytestmark = pytest.mark.django_db


def test_export_and_erase(learning):
    actions.do_set_progress(learning.mo, learning.item, saved=True)
    notice = actions.do_suggest_notice(
        learning.mo, learning.board, title="Walk", body="Thursdays.", name="Mo M", language="en"
    )
    person = Person(user_id=learning.mo.pk, participant_ids=frozenset())
    data = personal_data.export(person)
    assert data["learning_progress"][0]["saved"] and data["study_clubs_joined"][0]["club"] == learning.club.pk
    assert data["notices_written"][0]["name_shown"] == "Mo M"
    counts = personal_data.erase(learning.alice, person)
    assert counts["learning_progress_deleted"] == 1 and counts["study_club_memberships_deleted"] == 1
    assert not Progress.objects.filter(user=learning.mo).exists()
    assert not ClubMember.objects.filter(user=learning.mo).exists()
    notice.refresh_from_db()
    assert notice.author is None and notice.guest_name == "" and notice.guest


def test_demo_twice(db):
    call_command("demo", stdout=open("/dev/null", "w"))
    counts = [m.objects.count() for m in (Board, Notice, StudyClub, LearningPath, LearningItem)]
    # Two paths of the platform's and one of the demo organisation's own, with its own item.
    assert counts[:4] == [1, 13, 3, 3]
    own = LearningPath.objects.get(organisation__isnull=False)
    assert own.organisation == Board.objects.get().organisation
    assert own.steps.filter(item__organisation=own.organisation).exists() and own.title_cy
    assert Notice.objects.filter(status="published").count() == 12
    assert StudyClub.objects.filter(language="cy").count() == 1
    assert all(n.title_cy for n in Notice.objects.filter(guest=False))
    call_command("demo", stdout=open("/dev/null", "w"))
    assert [m.objects.count() for m in (Board, Notice, StudyClub, LearningPath, LearningItem)] == counts
