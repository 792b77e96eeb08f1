"""Polis interoperability: import a real Polis export, export it again through the API in the Polis format, import
that export, and get the same latest-vote matrix and the same analysis. The export has the shared files' layout."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from coproduce.commonground import Votes, analyse, read_polis
from coproduce.conversations.actions import do_import_polis
from coproduce.conversations.models import Statement, Vote
from coproduce.engagements.models import Engagement
from tests.open_data import build_open_data
from tests.polis_data import POLIS_DATA as SHARED  # noqa: E402

SCOOP = SHARED / "scoop-hivemind.biodiversity"
BG2050 = SHARED / "bg2050-volunteers"  # the layout with every column (xid, is-meta, is-seed, consensus)


@pytest.fixture(scope="module")
def scoop():
    if not (SCOOP / "votes.csv").exists():
        pytest.skip(f"the Polis open data is not at {SCOOP}")
    return SCOOP


def export_polis(client, secret: str, slug: str, folder: Path) -> Path:
    build_open_data(Engagement.objects.get(slug=slug))
    response = client.get(f"/api/v1/engagements/{slug}/exports/polis.zip", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200, response.content[:300]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
        assert sorted(Path(n).name for n in names) == [
            "comments.csv",
            "participants-votes.csv",
            "summary.csv",
            "votes.csv",
        ]
        archive.extractall(folder)
    return folder / Path(names[0]).parent


def header(path: Path) -> list[str]:
    with open(path, newline="", encoding="utf-8") as fh:
        return next(csv.reader(fh))


def latest_votes(conversation, canonical_statement) -> dict[tuple[int, int], int]:
    """{(participant rank, canonical statement id): value}; participants ranked by database order among voters."""
    rows = list(Vote.objects.filter(conversation=conversation).values_list("participant_id", "statement_id", "value"))
    rank = {pk: n for n, pk in enumerate(sorted({p for p, _s, _v in rows}))}
    return {(rank[p], canonical_statement[s]): v for p, s, v in rows}


def engine_result(conversation, canonical_statement) -> dict:
    matrix = latest_votes(conversation, canonical_statement)
    hidden = {
        canonical_statement[pk]
        for pk in conversation.statements.filter(status=Statement.Status.HIDDEN).values_list("pk", flat=True)
    }
    (p, s), v = zip(*matrix.keys()), list(matrix.values())
    votes = Votes.from_events(list(p), list(s), v, statements=sorted(canonical_statement.values()))
    result = analyse(votes, excluded=frozenset(hidden), seed=11).to_dict()
    result.pop("diagnostics")  # timings
    return result


def test_polis_round_trip_keeps_the_matrix_and_the_analysis(scoop, api_world, client, tmp_path):
    original = read_polis(scoop)
    first = do_import_polis(None, api_world.org, scoop, title="Biodiversity")
    exported = export_polis(client, api_world.read_secret, first.engagement.slug, tmp_path / "export")

    # The layout of the shared exports, column for column.
    for name in ("comments.csv", "votes.csv", "summary.csv"):
        if name == "summary.csv":
            with (
                open(exported / name, newline="", encoding="utf-8") as a,
                open(BG2050 / name, newline="", encoding="utf-8") as b,
            ):
                assert [row[0] for row in csv.reader(a)] == [row[0] for row in csv.reader(b)]
        else:
            assert header(exported / name) == header(BG2050 / name), name
    assert header(exported / "participants-votes.csv")[:7] == header(BG2050 / "participants-votes.csv")[:7]
    # Hidden statements are exported without their words.
    with open(exported / "comments.csv", newline="", encoding="utf-8") as fh:
        comments = list(csv.DictReader(fh))
    hidden_texts = set(first.statements.filter(status=Statement.Status.HIDDEN).values_list("text", flat=True))
    assert hidden_texts and all(c["comment-body"] == "" for c in comments if c["moderated"] == "-1")
    assert not hidden_texts & {c["comment-body"] for c in comments}

    second = do_import_polis(None, api_world.org, exported, title="Biodiversity again")

    # Canonical statement ids: the original Polis comment-ids (the second import's external ids are the first's pks).
    first_canonical = {pk: int(ext) for pk, ext in first.statements.values_list("pk", "external_id")}
    second_canonical = {pk: first_canonical[int(ext)] for pk, ext in second.statements.values_list("pk", "external_id")}
    first_matrix = latest_votes(first, first_canonical)
    second_matrix = latest_votes(second, second_canonical)
    assert len(first_matrix) == original.votes.values.size > 20_000
    assert second_matrix == first_matrix

    # ... and both equal the original file's latest votes (same sign convention: +1 agree).
    pids = original.votes.participant_ids.tolist()
    voters = sorted({pids[r] for r in original.votes.rows.tolist()})
    rank = {pid: n for n, pid in enumerate(voters)}
    sids = original.votes.statement_ids.tolist()
    from_file = {
        (rank[pids[r]], int(sids[c])): int(v)
        for r, c, v in zip(original.votes.rows.tolist(), original.votes.cols.tolist(), original.votes.values.tolist())
    }
    assert first_matrix == from_file

    assert {
        second_canonical[pk]
        for pk in second.statements.filter(status=Statement.Status.HIDDEN).values_list("pk", flat=True)
    } == {int(sid) for sid in original.excluded}

    assert engine_result(second, second_canonical) == engine_result(first, first_canonical)
