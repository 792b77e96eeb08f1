"""The generated real-size conversation of `make bench PART=realsize`: a Polis export folder (comments.csv,
votes.csv, summary.csv) of 2,000 statements x 30,000 participants x 2,000,000 votes, written with NumPy in a few
seconds and kept (var/bench/) so that later runs reuse it.

Three opinion groups (40/35/25 %) with their own agree probability per statement; each participant votes on about
67 statements (uniform pairs, no repeats), 15 % of votes pass. One statement in forty is moderated out."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def generate(
    folder: Path, *, statements: int = 2000, participants: int = 30_000, votes: int = 2_000_000, seed: int = 7
):
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / "summary.csv"
    if marker.exists():
        return folder
    rng = np.random.default_rng(seed)
    group = rng.choice(3, size=participants, p=[0.4, 0.35, 0.25])
    agree_p = rng.beta(2, 2, size=(3, statements))
    # Distinct (participant, statement) cells: draw a few more than needed, keep the first `votes` distinct ones.
    if votes > participants * statements:
        raise ValueError(
            f"{votes} votes do not fit in {participants} x {statements} (one vote per person and statement)"
        )
    cells = np.unique(rng.integers(0, participants * statements, size=int(votes * 1.1), dtype=np.int64))
    while cells.size < votes:  # small or dense grids: draw again until there are enough distinct cells
        more = rng.integers(0, participants * statements, size=votes, dtype=np.int64)
        cells = np.unique(np.concatenate([cells, more]))
    cells = rng.permutation(cells)[:votes]
    p, s = np.divmod(cells, statements)
    u = rng.random(votes)
    passed = rng.random(votes) < 0.15
    value = np.where(passed, 0, np.where(u < agree_p[group[p], s], 1, -1))
    ts = 1_700_000_000_000 + np.arange(votes, dtype=np.int64) * 50
    lines = ["timestamp,datetime,comment-id,voter-id,vote\n"]
    chunk = 200_000
    for a in range(0, votes, chunk):
        lines.append(
            "".join(
                f"{t},x,{c},{v},{x}\n"
                for t, c, v, x in zip(
                    ts[a : a + chunk].tolist(),
                    s[a : a + chunk].tolist(),
                    p[a : a + chunk].tolist(),
                    value[a : a + chunk].tolist(),
                )
            )
        )
    (folder / "votes.csv").write_text("".join(lines))
    with open(folder / "comments.csv", "w", encoding="utf-8") as fh:
        fh.write("timestamp,comment-id,author-id,agrees,disagrees,moderated,is-meta,is-seed,comment-body\n")
        for j in range(statements):
            moderated = -1 if j % 40 == 39 else 1
            fh.write(
                f"{1_600_000_000_000 + j},{j},{j % participants},0,0,{moderated},false,false,"
                f"Statement {j}: the service should try approach number {j} first\n"
            )
    marker.write_text(
        f"topic,Generated real-size conversation\nvoters,{participants}\ncomments,{statements}\n"
        "conversation-description,A generated conversation for the real-size benchmark\n"
    )
    return folder
