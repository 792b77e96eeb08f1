"""Which language a statement is in, detected offline when the writer did not say (model shipped in the package)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coproduce.translations.detect import classify, detect_language

WELSH = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "statements-cy.txt"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Mae angen mwy o feddygon teulu yn y cwm.", "cy"),
        ("Dylai llythyrau apwyntiad ddod yn Gymraeg.", "cy"),
        ("Parcio am ddim i ofalwyr.", "cy"),
        ("We need more GPs in the valley.", "en"),
        ("Parking at the hospital makes me late.", "en"),
        ("Free parking for carers.", "en"),
    ],
)
def test_short_statements(text, language):
    assert detect_language(text, default="en") == language
    assert detect_language(text, default="cy") == language


def test_no_words_or_too_little_to_say_take_the_default():
    assert classify("42 !!") == ("", 0.0)
    assert detect_language("42 !!", default="cy") == "cy"
    assert detect_language("ok", default="cy") == "cy" and detect_language("ok", default="en") == "en"


def test_the_welsh_of_the_labelled_set():
    """The benchmark's Welsh half (benchmarks/language_detection.py gives precision and recall with the English)."""
    lines = [line for line in WELSH.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert len(lines) >= 100
    assert [line for line in lines if detect_language(line, default="en") != "cy"] == []
