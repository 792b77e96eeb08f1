"""Near-duplicate statements: "Is this what you mean?" before a statement is published.

Pure Python and scikit-learn, no Django (benchmarks/near_duplicates.py measures it on a labelled set): nothing is
downloaded and no service is called, so it works offline and the same in English and Welsh.

How two texts are compared: each is normalised (case, punctuation, "n't" as "not", the commonest function words
and the words that frame a claim rather than make it left out; in Welsh, the first consonants of each word are left out, so that a mutated word meets its radical:
*gofalwyr* and *ofalwyr*, *clun*, *glun* and *nghlun*), then cut into character n-grams of 2 to 5 letters within
words, weighed by TF-IDF over the conversation's statements, and compared by cosine similarity. Character n-grams
forgive typing slips, plurals and word order. A negation on one side only ("should" / "should not", *dylai* /
*ni ddylai*) halves the score: the same words that say the opposite are not the same statement.

The thresholds are chosen on the tune half of the labelled pairs only (`benchmarks/near_duplicates.py --tune`);
the held-out half measures them (docs/benchmarks.md).
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer

# Chosen by `benchmarks/near_duplicates.py --tune` on the tune half of benchmarks/data/near_duplicates_*.csv: the
# one furthest inside the gate (precision ≥ 0.8, recall ≥ 0.6) there. By the language of the new statement.
THRESHOLDS = {"en": 0.753, "cy": 0.74}
NEGATION_PENALTY = 0.5
NGRAMS = (2, 5)
LIMIT = 3

# Function words, and the words that frame a claim rather than make it ("I would like…", "there should be…",
# "mae angen…", "hoffwn i…"): paraphrases differ most in these. Not the negations: they change the claim.
STOP_WORDS = {
    "en": frozenset(
        "the a an to of in for at on by and or is are be i my me it that this with from should shouldn must ought "
        "need needs needed want would like d ll rather prefer we you there s get got have has had will can could do "
        "does did been being very really far too more much all always often sometimes".split()
    ),
    "cy": frozenset(
        "y yr r a ac i yn o ar am at gan fy ei eu mae sy sydd ydy yw bod fod dylai dylid dylwn ddylai ddylwn hoffwn "
        "rydw dwi n angen eisiau isio gallu allu cael gael gen mwy llawer rhy wastad bob amser byddai fyddai bydd "
        "fydd ni nhw hi e ef".split()
    ),
}
NEGATIONS = {
    "en": frozenset("not no never nobody nothing none cannot without nowhere neither nor".split()),
    # "dim" and "ddim" also in "am ddim" (free) and "dim ond" (only), and "ni" is also "we": see negated().
    "cy": frozenset("nid nad heb byth neb unman dydw dydy dyw does doedd dydyn dydych nac".split()),
}
# A Welsh word's first consonants: the letters a mutation changes (c, g, ngh, ng; p, b, mh, m, f, ph; t, d, nh, n, dd,
# th; ll, l; rh, r) and the h before a vowel.
WELSH_ONSET = re.compile(r"^(?:ngh|mh|nh|ng|ph|th|ch|dd|ll|rh|[bcdfgmnpt])?h?")


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'").replace("‘", "'")
    text = re.sub(r"n't\b", " not", text)
    return re.sub(r"[\W_]+", " ", text).split()


def negated(text: str, language: str) -> bool:
    """Whether the text says no, in its language."""
    words = _words(text)
    if language != "cy":
        return bool(NEGATIONS["en"].intersection(words))
    for i, word in enumerate(words):
        before, after = (words[i - 1] if i else ""), (words[i + 1] if i + 1 < len(words) else "")
        if word in NEGATIONS["cy"] or (word in ("dim", "ddim") and before != "am" and after != "ond"):
            return True
        if word == "ni" and i == 0:  # "Ni ddylai…" opens the sentence; "we" comes after a verb
            return True
    return False


def normalise(text: str, language: str) -> str:
    """The form compared: see the module's docstring."""
    stop = STOP_WORDS.get(language, STOP_WORDS["en"])
    words = [word for word in _words(text) if word not in stop]
    if language == "cy":
        words = [_radical(word) for word in words]
    return " ".join(words)


def _radical(word: str) -> str:
    if len(word) < 4:
        return word
    rest = word[WELSH_ONSET.match(word).end() :]  # the pattern matches every string (all optional)
    return rest if len(rest) >= 3 else word


@dataclass(frozen=True)
class Match:
    key: Hashable  # the entry's key (a statement's id)
    score: float  # cosine similarity, 0 to 1, after the negation penalty


Entries = Iterable[tuple[Hashable, Sequence[tuple[str, str]]]]


class Matcher:
    """The texts of a conversation, ready to be compared with a new one.

    `entries`: (key, versions) where versions are (text, language) pairs: a statement as written and its confirmed
    translations, so that a statement is found in either language. The IDF weights are fitted on every version.
    """

    def __init__(self, entries: Entries):
        self.keys, prepared, negations = _flattened(entries)
        self._negated = np.array(negations, dtype=bool)
        self._vectoriser = TfidfVectorizer(
            analyzer="char_wb", ngram_range=NGRAMS, sublinear_tf=True, lowercase=False, dtype=np.float32
        )
        # A conversation without statements (or only punctuation) has nothing to compare with.
        self._matrix = self._vectoriser.fit_transform(prepared) if any(prepared) else None

    def extended(self, entries: Entries) -> Matcher:
        """A new matcher with `entries` added, weighed with this one's IDF weights rather than fitted again: cheap,
        and close while the new entries are few next to the fitted ones."""
        keys, prepared, negations = _flattened(entries)
        grown = copy.copy(self)
        grown.keys = self.keys + keys
        grown._negated = np.concatenate([self._negated, np.array(negations, dtype=bool)])
        if self._matrix is not None:
            grown._matrix = scipy.sparse.vstack([self._matrix, self._vectoriser.transform(prepared)], format="csr")
        elif any(prepared):  # nothing was fitted yet: fit on what there is now
            grown._vectoriser = clone(self._vectoriser)
            grown._matrix = grown._vectoriser.fit_transform(prepared)
        return grown

    def __len__(self) -> int:
        return len(self.keys)

    def scores(self, text: str, language: str) -> np.ndarray:
        """The similarity of `text` to each version, in the order of `keys`."""
        if self._matrix is None:
            return np.zeros(len(self.keys), dtype=np.float32)
        query = self._vectoriser.transform([normalise(text, language)])
        scores = (self._matrix @ query.T).toarray().ravel()
        scores[self._negated != negated(text, language)] *= NEGATION_PENALTY
        return scores

    def similar(self, text: str, language: str, *, limit: int = LIMIT, threshold: float | None = None) -> list[Match]:
        """Up to `limit` entries at least `threshold` similar to `text` (by default the language's), most similar
        first; an entry counts once, by its most similar version."""
        threshold = THRESHOLDS.get(language, THRESHOLDS["en"]) if threshold is None else threshold
        best: dict[Hashable, float] = {}
        scores = self.scores(text, language)
        for i in np.flatnonzero(scores >= threshold):
            key = self.keys[i]
            best[key] = max(best.get(key, 0.0), float(scores[i]))
        ranked = sorted(best.items(), key=lambda item: -item[1])[:limit]
        return [Match(key, score) for key, score in ranked]


def _flattened(entries: Entries) -> tuple[list[Hashable], list[str], list[bool]]:
    keys: list[Hashable] = []
    prepared: list[str] = []
    negations: list[bool] = []
    for key, versions in entries:
        for text, language in versions:
            keys.append(key)
            prepared.append(normalise(text, language))
            negations.append(negated(text, language))
    return keys, prepared, negations


def pair_scores(pairs: Sequence[tuple[str, str]], language: str, corpus: Iterable[str] = ()) -> np.ndarray:
    """The similarity of each pair (a, b) in `language`, with IDF weights fitted on the pairs' texts and `corpus`
    (as a conversation's statements would weigh them). For benchmarks/near_duplicates.py."""
    texts = sorted({text for pair in pairs for text in pair} | set(corpus))
    matcher = Matcher((text, [(text, language)]) for text in texts)
    row = {text: i for i, text in enumerate(texts)}
    out = np.empty(len(pairs), dtype=np.float64)
    for n, (a, b) in enumerate(pairs):
        out[n] = matcher.scores(a, language)[row[b]]
    return out
