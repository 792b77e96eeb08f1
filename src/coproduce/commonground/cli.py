"""`coproduce analyse DIR --out OUTDIR`: run the common-ground engine on a Polis export folder."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .analysis import Analysis
    from .polis import PolisConversation

__all__ = ["main"]

DESCRIPTION = """\
Analyse a Polis open-data export with the common-ground engine (no database, no web server).

INPUT  DIR is a folder in the layout of github.com/compdemocracy/openData:
         votes.csv               the vote log: timestamp, datetime, comment-id, voter-id, vote
                                 (re-votes: the latest by timestamp counts)
         participants-votes.csv  one row per participant, Polis's own group-id, one column per comment;
                                 used for the votes when votes.csv is absent
         comments.csv            comment-id, moderated (-1 = moderated out: excluded), comment-body, ...
         summary.csv             optional: topic (used as the report title)
       Sign convention (as in these exports, and throughout the engine):
         +1 = agree, -1 = disagree, 0 = pass.
       (Inside Polis's own database and maths the sign is the other way round.)

OUTPUT OUTDIR/analysis.json  the full analysis (schema: docs/engine.md): participants (id, group, x, y),
                             statements (counts, group-aware consensus, bridging, common-ground label
                             with its lower credible bound, divisiveness, routing priority, per-group and
                             per-perspective counts), groups, summaries, diagnostics.
       OUTDIR/report.html    a self-contained report (opinion map, groups, common ground, divisive and
                             representative statements, each chart with a data table); works offline.
       A short summary is printed, including the adjusted Rand index (ARI) between our groups and Polis's
       group-id when the export has it (Polis's groups depend on the order its maths saw the votes, so
       this is a statistic, not a check).

EXIT   0 done; 2 bad input (the message names the file and line); 1 anything else.
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="coproduce analyse", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("dir", metavar="DIR", help="Polis export folder (votes.csv and/or participants-votes.csv)")
    p.add_argument("--out", metavar="OUTDIR", required=True, help="folder for analysis.json and report.html")
    p.add_argument("--seed", type=int, default=0, help="seed for every random choice (default 0)")
    p.add_argument(
        "--polis-compatible",
        action="store_true",
        help="find groups exactly as Polis describes (2 map axes, up to 5 groups, no refinement) "
        "instead of our default (5 axes, up to 6 groups, refined on all votes)",
    )
    p.add_argument("--no-report", action="store_true", help="write analysis.json only")
    p.add_argument(
        "--language",
        choices=("en", "cy"),
        default="en",
        help="the language of report.html: en (English, the default) or cy (Cymraeg); the statements stay as written",
    )
    p.add_argument(
        "--text-language",
        choices=("en", "cy"),
        help="the language the statements were written in, when known: marked on them in the report (lang) so that "
        "a screen reader reads them in their own language",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (``coproduce analyse`` wires ``sys.exit(main(argv))``)."""
    from .polis import PolisFormatError, read_polis

    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    out = Path(args.out)
    # Loaded before the export is read, not beside it: reading while SciPy and the analysis loaded in a thread
    # (both need the GIL most of the time) was 0.03-0.06 s slower at 2 M votes, once OpenBLAS's threads no
    # longer took the second core (see coproduce.cli).
    from .analysis import POLIS_COMPATIBLE, analyse

    try:
        t0 = time.perf_counter()
        conv = read_polis(args.dir)
        t_read = time.perf_counter() - t0
        options: dict[str, Any] = POLIS_COMPATIBLE if args.polis_compatible else {}
        analysis = analyse(conv.votes, excluded=conv.excluded, seed=args.seed, **options)
    except PolisFormatError as err:
        print(f"coproduce analyse: error: {err}", file=sys.stderr)
        return 2
    except ValueError as err:
        print(f"coproduce analyse: error: {args.dir}: {err}", file=sys.stderr)
        return 2
    try:
        out.mkdir(parents=True, exist_ok=True)
        doc = analysis.to_dict()
        (out / "analysis.json").write_text(json.dumps(doc, ensure_ascii=False, allow_nan=False), encoding="utf-8")
    except OSError as err:
        print(f"coproduce analyse: error: cannot write to {out}: {err}", file=sys.stderr)
        return 2
    report_note = ""
    if not args.no_report:
        try:
            from .report import render_report
        except ImportError:
            report_note = "report.html not written: coproduce.commonground.report is not available"
        else:
            title = conv.title or Path(args.dir).name
            (out / "report.html").write_text(
                render_report(
                    doc, conv.statements_meta, title, language=args.language, text_language=args.text_language
                ),
                encoding="utf-8",
            )
    _print_summary(conv, analysis, t_read, out, report_note, not args.no_report)
    return 0


def _print_summary(
    conv: PolisConversation, analysis: Analysis, t_read: float, out: Path, report_note: str, wrote_report: bool
) -> None:
    d = analysis.diagnostics
    print(
        f"{conv.title or 'conversation'}: {d['n_participants']} participants, {d['n_statements']} statements "
        f"({d['n_excluded']} moderated out), {d['n_votes']} votes (from {conv.source})"
    )
    sizes = ", ".join(f"{g['id']}: {g['size']}" for g in analysis.groups)
    print(f"groups: {d['k']} ({sizes}); clustered participants: {d['n_clustered']}")
    cg = int((analysis.common_ground == 1).sum())
    unsure = int(((analysis.common_ground == -1) & ~analysis.excluded).sum())
    print(f"common ground: {cg} statements; not enough votes yet: {unsure}")
    if conv.polis_groups:
        ari = polis_ari(analysis, conv.polis_groups)
        if ari is not None:
            print(
                f"adjusted Rand index vs Polis group-id: {ari:.3f} "
                f"(over {ari_n(analysis, conv.polis_groups)} participants clustered by both)"
            )
    for msg in d["messages"]:
        print(f"note: {msg}")
    print(f"time: read {t_read:.2f} s, analyse {d['timings']['total']:.2f} s")
    report = "" if report_note or not wrote_report else f" and {out / 'report.html'}"
    print(f"wrote {out / 'analysis.json'}{report}")
    if report_note:
        print(f"note: {report_note}")


def _paired(analysis: Analysis, polis_groups: Mapping[Any, int | None]) -> tuple[np.ndarray, np.ndarray]:
    ours = analysis.participant_group
    theirs = np.array(
        [-1 if polis_groups.get(p) is None else polis_groups[p] for p in analysis.participant_ids.tolist()]
    )
    m = (ours >= 0) & (theirs >= 0)
    return ours[m], theirs[m]


def polis_ari(analysis: Analysis, polis_groups: Mapping[Any, int | None]) -> float | None:
    """Adjusted Rand index between our groups and Polis's, over participants both clustered."""
    ours, theirs = _paired(analysis, polis_groups)
    return adjusted_rand_index(theirs, ours) if ours.size else None


def adjusted_rand_index(a: np.ndarray, b: np.ndarray) -> float:
    """The adjusted Rand index (Hubert and Arabie) of two labellings, from their contingency table in NumPy:
    the same number as scikit-learn's ``adjusted_rand_score``, without importing scikit-learn (a large part of
    the whole command's start-up; a test checks the two agree)."""
    _, ia = np.unique(np.asarray(a), return_inverse=True)
    _, ib = np.unique(np.asarray(b), return_inverse=True)
    ia, ib = ia.ravel(), ib.ravel()
    n = ia.size
    nb = int(ib.max()) + 1 if n else 0
    table = np.bincount(ia * nb + ib, minlength=(int(ia.max()) + 1 if n else 0) * nb).astype(float)

    def pairs(x: np.ndarray) -> float:
        return float((x * (x - 1) / 2).sum())

    sum_cells = pairs(table)
    sum_a = pairs(np.bincount(ia).astype(float))
    sum_b = pairs(np.bincount(ib).astype(float))
    total = n * (n - 1) / 2
    expected = sum_a * sum_b / total if total else 0.0
    best = (sum_a + sum_b) / 2
    if best == expected:  # both labellings trivial (one group each, or every item alone): identical partitions
        return 1.0
    return (sum_cells - expected) / (best - expected)


def ari_n(analysis: Analysis, polis_groups: Mapping[Any, int | None]) -> int:
    return int(_paired(analysis, polis_groups)[0].size)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
