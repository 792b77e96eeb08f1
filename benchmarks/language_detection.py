"""How well the offline language detection tells English from Welsh on short statements (docs/benchmarks.md).

The labelled set: the Welsh statements of benchmarks/data/statements-cy.txt (written for this project) and the
English comments of three shared Polis exports (../shared/data/polis-opendata, CC BY 4.0, The Computational
Democracy Project): every comment not moderated out, of 10 to 280 characters, the first --english of them in
comment-id order, taken in turn from each export. The detector is coproduce.translations.detect, as the
application calls it: py3langid restricted to en and cy, and the default language below its confidence threshold.

    .venv/bin/python benchmarks/language_detection.py                # print the figures
    .venv/bin/python benchmarks/language_detection.py --write-docs   # and write them into docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import csv
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from coproduce.translations import detect  # noqa: E402
from tests.polis_data import POLIS_DATA  # noqa: E402

DOC = ROOT / "docs" / "benchmarks.md"
START = "<!-- language:start (written by benchmarks/language_detection.py --write-docs; do not edit by hand) -->"
END = "<!-- language:end -->"
WELSH = ROOT / "benchmarks" / "data" / "statements-cy.txt"
ENGLISH_EXPORTS = ("15-per-hour-seattle", "bg2050-volunteers", "scoop-hivemind.biodiversity")


def welsh_statements() -> list[str]:
    lines = WELSH.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def english_statements(n: int) -> list[str]:
    per_export = []
    for name in ENGLISH_EXPORTS:
        with open(POLIS_DATA / name / "comments.csv", encoding="utf-8") as f:
            rows = sorted(csv.DictReader(f), key=lambda r: int(r["comment-id"]))
        per_export.append(
            [
                " ".join(r["comment-body"].split())
                for r in rows
                if r.get("moderated") != "-1" and 10 <= len(" ".join(r["comment-body"].split())) <= 280
            ]
        )
    taken: list[str] = []
    while len(taken) < n and any(per_export):
        for texts in per_export:
            if texts and len(taken) < n:
                taken.append(texts.pop(0))
    return taken


def scores(labelled: list[tuple[str, str]], default: str) -> dict[str, dict[str, float]]:
    predicted = [(truth, detect.detect_language(text, default=default)) for text, truth in labelled]
    out = {}
    for language in detect.LANGUAGES:
        tp = sum(1 for t, p in predicted if t == language and p == language)
        fp = sum(1 for t, p in predicted if t != language and p == language)
        fn = sum(1 for t, p in predicted if t == language and p != language)
        out[language] = {
            "precision": tp / (tp + fp) if tp + fp else 0.0,
            "recall": tp / (tp + fn) if tp + fn else 0.0,
            "n": sum(1 for t, _p in predicted if t == language),
            "errors": fn,
        }
    out["accuracy"] = {"value": sum(1 for t, p in predicted if t == p) / len(predicted)}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--english", type=int, default=150, help="English statements to take (default 150)")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    cy = welsh_statements()
    en = english_statements(args.english)
    labelled = [(t, "cy") for t in cy] + [(t, "en") for t in en]
    short = [(t, lang) for t, lang in labelled if len(t) <= 60]

    rss_before = _resident_mb()
    started = time.perf_counter()
    detect.detect_language("warm up: load the model")
    load_s = time.perf_counter() - started
    gc.collect()
    rss_after = _resident_mb()
    started = time.perf_counter()
    for text, _truth in labelled:
        detect.detect_language(text)
    per_statement_us = (time.perf_counter() - started) / len(labelled) * 1e6

    rows = []
    for subset_name, subset in (("all", labelled), ("60 characters or fewer", short)):
        for default in ("en", "cy"):
            s = scores(subset, default)
            rows.append(
                f"| {subset_name} | {default} | {s['cy']['n']} / {s['en']['n']} "
                f"| {s['cy']['precision']:.3f} | {s['cy']['recall']:.3f} "
                f"| {s['en']['precision']:.3f} | {s['en']['recall']:.3f} | {s['accuracy']['value']:.3f} |"
            )
    wrong = [
        (text, truth)
        for text, truth in labelled
        if detect.detect_language(text, default="en") != truth or detect.detect_language(text, default="cy") != truth
    ]
    table = "\n".join(
        [
            "| statements | default when unsure | Welsh / English | Welsh precision | Welsh recall "
            "| English precision | English recall | accuracy |",
            "|---|---|---|---|---|---|---|---|",
            *rows,
        ]
    )
    missed = "\n".join(f"- ({truth}) {text}" for text, truth in wrong[:12]) or "- none"
    print(table)
    print(f"model load {load_s:.2f} s, +{rss_after - rss_before:.0f} MB; {per_statement_us:.0f} µs a statement")
    print(missed)
    if args.write_docs:
        section = f"""{START}
## Language of a statement: offline detection, English or Welsh

Measured {time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}; command
`.venv/bin/python benchmarks/language_detection.py --write-docs`. Detection is used only when the writer did not
say which language they wrote in (the API without `language`, statements from listening, rows from before the
language was recorded); the write page asks. The detector is `coproduce.translations.detect`: py3langid
{_version()} restricted to English and Welsh; below a probability of {detect.MIN_CONFIDENCE} it answers the caller's
default (the page's language; English where there is no page). Both defaults are measured below. Labelled set: {len(cy)} Welsh statements written for this project
(`benchmarks/data/statements-cy.txt`) and {len(en)} English comments of three Polis exports (CC BY 4.0, The
Computational Democracy Project), 10 to 280 characters. Loading the model takes {load_s:.2f} s and keeps
{rss_after - rss_before:.0f} MB resident, once per process that detects; a statement takes {per_statement_us:.0f} µs.

{table}

Statements detected wrongly with one default or the other:

{missed}
{END}"""
        doc = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
        if START in doc and END in doc:
            doc = doc[: doc.index(START)] + section + doc[doc.index(END) + len(END) :]
        else:
            doc = doc.rstrip("\n") + "\n\n" + section + "\n"
        DOC.write_text(doc)
    return 0


def _resident_mb() -> float:
    """The process's resident memory now (Linux), in MB: what the loaded model keeps, not a passing peak."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def _version() -> str:
    from importlib.metadata import version

    return version("py3langid")


if __name__ == "__main__":
    raise SystemExit(main())
