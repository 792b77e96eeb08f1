"""Issue 15: registering proposals, decisions, delivery and themes with modeltranslation keeps every text already
written: it becomes the English (the default language), the Welsh starts missing, and going back puts the English
into the single column again. On a real database, migrated back and forth (SQLite here; the PostgreSQL pass in CI)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps as current
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from coproduce.core.bilingual import missing
from coproduce.core.templatetags.coproduce import translated
from coproduce.proposals.models import Proposal

BEFORE = [
    ("proposals", "0003_comments_can_wait_for_moderation"),
    ("delivery", "0004_delete_notification_models"),
    ("listening", "0001_initial"),
]
# After the data step, and any later change to these tables (the rows are then read with today's models).
AFTER = [
    ("proposals", "0005_existing_texts_become_english"),
    ("delivery", "0008_actions_of_a_network"),
    ("listening", "0003_existing_texts_become_english"),
]
# (app, model, {field: the text written before the migration})
ROWS = [
    (
        "proposals",
        "Proposal",
        {"title": "Old title", "summary": "Old summary", "body": "Old *body*", "status_reason": ""},
    ),
    ("proposals", "ProposalVersion", {"title": "Old title", "summary": "Old summary", "body": "Old *body*"}),
    ("proposals", "ExpertInput", {"text": "Old expert input"}),
    ("proposals", "Decision", {"title": "Old decision", "decided_by": "Old board", "reasons": "Old reasons"}),
    ("delivery", "Iteration", {"name": "Old iteration", "goal": "Old goal"}),
    ("delivery", "Action", {"title": "Old action", "description": "Old description", "owner": "Old owner"}),
    ("delivery", "ActionUpdate", {"text": "Old update"}),
    ("listening", "Theme", {"name": "Old theme"}),
]


def migrate(targets):
    """Migrate these apps to these migrations; the models of the state the database is then in. Going back also
    unapplies later apps' migrations that depend on these (an asset's link to a proposal), so the state is read from
    what is applied, not from every other app's latest migration."""
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    applied = set(loader.applied_migrations)
    latest = [
        node
        for node in applied
        if node in loader.graph.nodes and not any(child in applied for child in loader.graph.node_map[node].children)
    ]
    return loader.project_state(latest).apps


def write_old_rows(apps) -> None:
    """Rows as the code before the migration wrote them: one text column per field."""
    organisation = apps.get_model("engagements", "Organisation").objects.create(slug="org", name="Org", name_en="Org")
    engagement = apps.get_model("engagements", "Engagement").objects.create(
        organisation=organisation, slug="old", title="Old", title_en="Old", question="Q?", question_en="Q?"
    )
    texts = {model: fields for _app, model, fields in ROWS}
    get = apps.get_model
    proposal = get("proposals", "Proposal").objects.create(engagement=engagement, **texts["Proposal"])
    get("proposals", "ProposalVersion").objects.create(proposal=proposal, number=1, **texts["ProposalVersion"])
    get("proposals", "ExpertInput").objects.create(proposal=proposal, **texts["ExpertInput"])
    decision = get("proposals", "Decision").objects.create(
        engagement=engagement, decided_on=dt.date(2026, 1, 1), **texts["Decision"]
    )
    get("delivery", "Iteration").objects.create(
        engagement=engagement, starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 1, 2), **texts["Iteration"]
    )
    action = get("delivery", "Action").objects.create(engagement=engagement, decision=decision, **texts["Action"])
    get("delivery", "ActionUpdate").objects.create(action=action, **texts["ActionUpdate"])
    get("listening", "Theme").objects.create(engagement=engagement, **texts["Theme"])


@pytest.mark.django_db(transaction=True)
def test_existing_texts_become_the_english_and_come_back_on_the_way_down():
    try:
        write_old_rows(migrate(BEFORE))
        migrate(AFTER)
        for app, model_name, fields in ROWS:
            item = current.get_model(app, model_name).objects.get()
            for name, text in fields.items():
                assert getattr(item, f"{name}_en") == text, (model_name, name)
                assert getattr(item, f"{name}_cy") is None, (model_name, name)
            assert missing(item) == ["cy"], model_name
        proposal = Proposal.objects.get()
        with translation.override("cy"):
            assert translated(proposal, "title") == '<span lang="en">Old title</span>'
        # Written since, in English: going back keeps it in the one column there was.
        Proposal.objects.filter(pk=proposal.pk).update(title_en="Newer title", title_cy="Teitl mwy newydd")
        old = migrate(BEFORE)
        assert list(old.get_model("proposals", "Proposal").objects.values_list("title", "summary")) == [
            ("Newer title", "Old summary")
        ]
        assert list(old.get_model("listening", "Theme").objects.values_list("name", flat=True)) == ["Old theme"]
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
