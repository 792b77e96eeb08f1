"""report.html in Welsh: every word of the engine's own comes from its catalogue, which is complete.

The engine imports no Django, so its strings live in their own catalogue (the `engine` domain, engine.po), extracted
by `make messages` with Babel and held here to the platform's rule: nothing untranslated, nothing fuzzy, every
placeholder kept, the committed .mo the compiled .po.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

import coproduce
from coproduce.commonground import cli, planted_conversation
from coproduce.commonground.report import engine_translations, render_report
from tests.commonground.test_report import TEXTS, parse, tiny_analysis

PACKAGE = Path(coproduce.__file__).resolve().parent
ENGINE = PACKAGE / "commonground"
PO = PACKAGE / "locale" / "cy" / "LC_MESSAGES" / "engine.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|<[^>]+>")
PYBABEL = Path(sys.executable).with_name("pybabel")


def test_the_catalogue_is_complete_and_keeps_every_placeholder_and_tag():
    po = polib.pofile(str(PO))
    assert po.percent_translated() == 100, [e.msgid for e in po.untranslated_entries()]
    assert not po.fuzzy_entries()
    for entry in po.translated_entries():
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for form in forms:
            got = sorted(PLACEHOLDER.findall(form))
            if entry.msgid_plural and "%(n)s" not in form:
                got = sorted([*got, "%(n)s"])  # a plural form may spell its number out ("Tynnwyd 0…" keeps it)
            assert got == wanted, (entry.msgid, form)


@pytest.mark.skipif(not PYBABEL.exists(), reason="pybabel comes with the test dependencies")
def test_every_string_of_the_engine_is_in_the_catalogue(tmp_path):
    """What `make messages` would extract today is all in engine.po: a new string without Welsh fails here."""
    pot = tmp_path / "engine.pot"
    subprocess.run(
        [str(PYBABEL), "-q", "extract", "-F", str(ENGINE / "babel.cfg"), "-k", "_t", "-k", "_nt:1,2", "-k", "_n"]
        + ["-o", str(pot), str(ENGINE)],
        check=True,
    )
    extracted = {entry.msgid for entry in polib.pofile(str(pot))}
    catalogued = {entry.msgid for entry in polib.pofile(str(PO)) if not entry.obsolete}
    assert len(extracted) > 100
    assert extracted - catalogued == set()


def test_the_committed_mo_is_the_compiled_po(tmp_path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (GNU gettext) is installed by .ci/run")
    compiled = tmp_path / "engine.mo"
    subprocess.run([msgfmt, "--check", "-o", str(compiled), str(PO)], check=True)
    with MO.open("rb") as committed, compiled.open("rb") as fresh:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog


def test_the_report_in_welsh_has_welsh_words_and_says_so():
    html = render_report(tiny_analysis(), TEXTS, "Bysiau", language="cy")
    tree = parse(html)
    assert tree.tags[0][0] == "html" and tree.tags[0][1]["lang"] == "cy"
    text = " ".join(tree.text)
    for welsh in ("Tir cyffredin", "Grwpiau barn", "Datganiadau sy’n rhannu barn", "Neidio i’r canlyniadau"):
        assert welsh in text
    for english in ("Common ground", "Opinion groups", "Divisive statements", "Skip to the results"):
        assert english not in text
    english_report = render_report(tiny_analysis(), TEXTS, "Buses")
    assert "Common ground" in english_report and "Tir cyffredin" not in english_report


def test_statements_in_another_language_are_marked_with_it():
    html = render_report(tiny_analysis(), TEXTS, "Buses", language="cy", text_language="en")
    tree = parse(html)
    marked = [a for tag, a, _stack in tree.tags if tag == "span" and a.get("lang") == "en"]
    assert len(marked) >= 2  # each statement shown, and the title
    assert any(tag == "h1" and a.get("lang") == "en" for tag, a, _stack in tree.tags)
    same = render_report(tiny_analysis(), TEXTS, "Buses", language="en", text_language="en")
    assert 'lang="en"' not in same.split("<body", 1)[1]  # the page's own language needs no marking


def test_plural_forms_follow_welsh_numbers():
    welsh = engine_translations("cy")
    singular = "%(n)s more statement has <strong>not enough votes yet</strong> to tell."
    plural = "%(n)s more statements have <strong>not enough votes yet</strong> to tell."
    assert "ddatganiad" in welsh.ngettext(singular, plural, 2) % {"n": 2}  # soft mutation after two
    assert "o ddatganiadau eraill" in welsh.ngettext(singular, plural, 7) % {"n": 7}


def test_analyse_writes_a_welsh_report(tmp_path, capsys):
    planted_conversation(60, 12, 2, seed=1).write_polis(tmp_path / "in")
    out = tmp_path / "out"
    assert cli.main([str(tmp_path / "in"), "--out", str(out), "--language", "cy", "--text-language", "en"]) == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="cy">' in html and "Tir cyffredin" in html


def test_the_engines_diagnostic_messages_are_in_the_reports_language():
    """analysis.json keeps its messages in English (programs read them); the page says them in its language, and
    a message the engine does not know is shown as written, marked as English."""
    a = tiny_analysis()
    a["diagnostics"] = {
        "k": 1,
        "messages": [
            "no clear opinion groups yet: one group",
            "3 statement(s) have no votes yet",
            "bridging: the iterative solution stopped before converging (300 iterations)",
            "something new the engine says",
        ],
        "groups_model": {"heldout_loglik": [{"k": 1, "loglik": -0.9}, {"k": 2, "loglik": -0.91}], "structure": False},
        "timings": {"map": 0.1, "total": 0.2},
    }
    html = render_report(a, TEXTS, "Bysiau", language="cy")
    text = " ".join(parse(html).text)
    assert "Dim grwpiau barn clir eto" in text
    assert "Datganiadau heb bleidleisiau eto: 3." in text
    assert "Daeth cyfrifiad y sgorau pontio i ben cyn iddo gydgyfeirio (300 iteriad)" in text
    assert "no clear opinion groups" not in text and "iterative solution" not in text
    assert '<p class="notice" lang="en">something new the engine says</p>' in html
    assert "Grwpiau y tu hwnt i’r hyn y byddai siawns yn ei greu" in text and "cyfanswm" in text
    english = render_report(a, TEXTS, "Buses")
    assert "No clear opinion groups yet" in english and 'lang="en">something' not in english
