"""Which of our languages a participant wrote in, worked out offline from the words.

Used when the writer did not say (the API without `language`, statements from listening, rows written before the
language was recorded). py3langid ships its model inside the package: nothing is downloaded at run time. It is
restricted to English and Welsh, so it answers "which of the two", never "some third language". A short text it
is unsure about (below MIN_CONFIDENCE) takes the default, which callers set to the language of the page.
How well it does on short statements: docs/benchmarks.md ("Language of a statement"), measured by
benchmarks/language_detection.py on a labelled set.
"""

from __future__ import annotations

import threading
from typing import Any

LANGUAGES = ("en", "cy")

#: Below this probability (of the two languages) the default wins: "OK", "Bws 42", a place name.
MIN_CONFIDENCE = 0.9

_lock = threading.Lock()
_identifier: Any = None


def _get_identifier() -> Any:
    # Loaded on first use (about a second; docs/benchmarks.md has the memory): most processes never detect anything.
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            identifier.set_languages(list(LANGUAGES))
            # The identifier keeps the 140-language table (about 27 MB) to allow set_languages() again; we never
            # call it again, so it keeps only the two columns it uses (docs/benchmarks.md: memory of a process).
            if hasattr(identifier, "_full_model"):
                identifier._full_model = (
                    identifier.nb_ptc.copy(),
                    identifier.nb_pc.copy(),
                    list(identifier.nb_classes),
                )
                identifier.nb_ptc, identifier.nb_pc, _classes = identifier._full_model
            _identifier = identifier
    return _identifier


def detect_language(text: str, default: str = "en") -> str:
    """ "en" or "cy": the language the text is written in, or `default` when the text does not say clearly."""
    language, confidence = classify(text)
    return language if language and confidence >= MIN_CONFIDENCE else default


def classify(text: str) -> tuple[str, float]:
    """(language, probability between the two languages); ("", 0.0) for a text with no letters."""
    if not any(ch.isalpha() for ch in text):
        return "", 0.0
    language, confidence = _get_identifier().classify(text)
    return str(language), float(confidence)
