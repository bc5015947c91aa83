"""The text vectoriser of the classifier: TF-IDF over lemmas (1-2 grams) and over the character
3-5 grams of every word, plus the lexicon counts, with everything cached per distinct word.

Why not scikit-learn's ``TfidfVectorizer``: it runs its analyser in Python for every character
n-gram of every document, about 25 microseconds a mention, which alone eats the budget of 20,000
mentions a second. Here each distinct word is analysed once (lemma, its n-grams' column numbers,
which lexicon lists it is in) and a batch becomes one concatenation of cached integer arrays;
counting, sub-linear TF, IDF and the L2 norm are then vectorised over the whole batch.

The learnt state is plain arrays (``to_arrays``/``from_arrays``), so the shipped model is an
``.npz`` file and nothing is unpickled.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from . import features, lexicon

KIND_BITS = {kind: 1 << i for i, kind in enumerate(lexicon.KINDS)}
# Latin letters that look like Cyrillic ones: a word mixing both alphabets is read as Russian.
LOOKALIKE = str.maketrans("aceopxykmthb", "асеорхукмтнв")
CACHE_LIMIT = 300_000


def char_grams(word: str, low: int = 3, high: int = 5) -> list[str]:
    padded = f"<{word}>"
    out = []
    for n in range(low, high + 1):
        out.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return out


class Analysed:
    """A batch after ``TextVectorizer.analyse``: the two TF-IDF blocks and the lexicon hits."""

    __slots__ = ("chars", "hits", "kinds", "known_share", "words")

    def __init__(self, words, chars, kinds, hits, known_share=None):
        self.known_share = known_share  # per document: share of its words the vocabulary knows
        self.words = words  # csr (n, n_words)
        self.chars = chars  # csr (n, n_chars)
        self.kinds = kinds  # float array (n, len(lexicon.KINDS)): counts per list
        self.hits = hits  # per document: {kind: [words]} (only documents with hits)


class TextVectorizer:
    def __init__(
        self,
        *,
        min_df: int = 2,
        min_bigram_df: int = 3,
        min_char_count: int = 4,
        max_words: int = 120_000,
        max_bigrams: int = 60_000,
        max_chars: int = 150_000,
    ):
        self.min_df = min_df
        self.min_bigram_df = min_bigram_df
        self.min_char_count = min_char_count
        self.max_words = max_words
        self.max_bigrams = max_bigrams
        self.max_chars = max_chars
        self.words: list[str] = []  # lemma unigrams, then bigrams ("a b")
        self.chars: list[str] = []
        self.word_idf = np.zeros(0, dtype=np.float32)
        self.char_idf = np.zeros(0, dtype=np.float32)
        # Lemmas of the Russian words seen in training at least twice: pymorphy3 is the slow
        # part of analysing a new word, and this table spares it for the common vocabulary.
        self.lemmas: dict[str, str] = {}
        self._index()

    # --- state ---------------------------------------------------------------------------
    def _index(self) -> None:
        self.n_unigrams = sum(1 for w in self.words if " " not in w)
        self._lemma_ids = {w: i for i, w in enumerate(self.words[: self.n_unigrams])}
        width = max(1, self.n_unigrams)
        self._width = width
        self._bigram_ids = {}
        for j in range(self.n_unigrams, len(self.words)):
            a, b = self.words[j].split(" ", 1)
            self._bigram_ids[self._lemma_ids[a] * width + self._lemma_ids[b]] = j
        self._char_ids = {g: i for i, g in enumerate(self.chars)}
        self._cache: dict[str, tuple] = {}

    def to_arrays(self) -> dict[str, np.ndarray]:
        return {
            "vocab_words": np.asarray("\n".join(self.words)),
            "vocab_chars": np.asarray("\n".join(self.chars)),
            "idf_words": self.word_idf.astype(np.float32),
            "idf_chars": self.char_idf.astype(np.float32),
            "lemma_words": np.asarray("\n".join(self.lemmas)),
            "lemma_values": np.asarray("\n".join(self.lemmas.values())),
        }

    @classmethod
    def from_arrays(cls, arrays) -> TextVectorizer:
        vec = cls()
        words = str(arrays["vocab_words"])
        chars = str(arrays["vocab_chars"])
        vec.words = words.split("\n") if words else []
        vec.chars = chars.split("\n") if chars else []
        vec.word_idf = np.asarray(arrays["idf_words"], dtype=np.float32)
        vec.char_idf = np.asarray(arrays["idf_chars"], dtype=np.float32)
        keys, values = str(arrays["lemma_words"]), str(arrays["lemma_values"])
        if keys:
            vec.lemmas = dict(zip(keys.split("\n"), values.split("\n"), strict=True))
        vec._index()
        return vec

    # --- fitting -------------------------------------------------------------------------
    def fit(self, token_lists: list[list[str]]) -> TextVectorizer:
        word_df: Counter = Counter()
        for toks in token_lists:
            word_df.update(set(toks))
        # A word seen once keeps its own form as lemma (it cannot reach min_df on its own).
        self.lemmas = {
            w: features.lemma_of(w)
            for w, c in sorted(word_df.items())
            if c >= self.min_df and features.CYRILLIC_RE.match(w)
        }
        lemma = {
            w: self.lemmas.get(w) or (w if features.CYRILLIC_RE.match(w) else features.lemma_of(w))
            for w in word_df
        }
        lemma_df: Counter = Counter()
        bigram_df: Counter = Counter()
        for toks in token_lists:
            lemmas = [lemma[w] for w in toks]
            lemma_df.update(set(lemmas))
            bigram_df.update({f"{a} {b}" for a, b in pairwise(lemmas)})
        unigrams = [w for w, c in lemma_df.most_common(self.max_words) if c >= self.min_df and " " not in w]
        known = set(unigrams)
        bigrams = [
            g
            for g, c in bigram_df.most_common()
            if c >= self.min_bigram_df and all(part in known for part in g.split(" ", 1))
        ][: self.max_bigrams]
        gram_count: Counter = Counter()
        for word, df in word_df.items():
            for g in set(char_grams(word)):
                gram_count[g] += df
        chars = [g for g, c in gram_count.most_common(self.max_chars) if c >= self.min_char_count]
        self.words = sorted(unigrams) + sorted(bigrams)
        self.chars = sorted(chars)
        self.word_idf = np.ones(len(self.words), dtype=np.float32)
        self.char_idf = np.ones(len(self.chars), dtype=np.float32)
        self._index()
        counts = self._counts(token_lists)
        n = len(token_lists)
        for block, attr in ((counts[0], "word_idf"), (counts[1], "char_idf")):
            df = np.bincount(block.indices, minlength=block.shape[1])
            setattr(self, attr, (np.log((1 + n) / (1 + df)) + 1).astype(np.float32))
        return self

    # --- transforming --------------------------------------------------------------------
    def lemma(self, word: str) -> str:
        found = self.lemmas.get(word)
        return found if found is not None else features.lemma_of(word)

    def _entry(self, word: str) -> tuple:
        key = word
        if features.CYRILLIC_RE.search(word) and features.LATIN_RE.search(word):
            word = word.translate(LOOKALIKE)
        lemma = self.lemma(word)
        cyrillic = bool(features.CYRILLIC_RE.match(word))
        kinds = lexicon.word_kinds(word, lemma, cyrillic)
        mask = 0
        for kind in kinds:
            mask |= KIND_BITS[kind]
        grams = [self._char_ids[g] for g in char_grams(word) if g in self._char_ids]
        entry = (self._lemma_ids.get(lemma, -1), np.asarray(grams, dtype=np.int32), mask)
        if len(self._cache) >= CACHE_LIMIT:
            self._cache.clear()
        self._cache[key] = entry
        return entry

    def _counts(self, token_lists: list[list[str]], hits_out: list | None = None, kinds_out=None):
        """Raw term counts of both blocks (csr); fills lexicon counts and hits when asked."""
        cache = self._cache
        bigrams = self._bigram_ids
        width = self._width
        empty = np.zeros(0, dtype=np.int32)
        word_cols: list[int] = []
        word_rows: list[int] = []
        unknown = self._unknown = np.zeros(len(token_lists), dtype=np.float32)
        char_parts: list[np.ndarray] = [empty]
        char_lens: list[int] = []
        for i, toks in enumerate(token_lists):
            prev = -1
            before = len(word_cols)
            n_chars = 0
            for w in toks:
                entry = cache.get(w)
                if entry is None:
                    entry = self._entry(w)
                lid, grams, mask = entry
                if lid >= 0:
                    word_cols.append(lid)
                    if prev >= 0:
                        b = bigrams.get(prev * width + lid)
                        if b is not None:
                            word_cols.append(b)
                prev = lid
                char_parts.append(grams)
                n_chars += len(grams)
                if mask and kinds_out is not None:
                    doc_hits = hits_out[i]
                    for kind, bit in KIND_BITS.items():
                        if mask & bit:
                            kinds_out[i, lexicon.KINDS.index(kind)] += 1
                            doc_hits.setdefault(kind, []).append(w)
                if lid < 0:
                    unknown[i] += 1
            word_rows.extend([i] * (len(word_cols) - before))
            char_lens.append(n_chars)
        n = len(token_lists)
        words = sp.csr_matrix(
            (np.ones(len(word_cols), dtype=np.float32), (word_rows, word_cols)),
            shape=(n, len(self.words)),
        )
        char_cols = np.concatenate(char_parts)
        char_rows = np.repeat(np.arange(n, dtype=np.int32), char_lens)
        chars = sp.csr_matrix(
            (np.ones(len(char_cols), dtype=np.float32), (char_rows, char_cols)),
            shape=(n, len(self.chars)),
        )
        return words, chars

    def analyse(self, token_lists: list[list[str]]) -> Analysed:
        n = len(token_lists)
        hits: list[dict] = [{} for _ in range(n)]
        kinds = np.zeros((n, len(lexicon.KINDS)), dtype=np.float32)
        words, chars = self._counts(token_lists, hits, kinds)
        for block, idf in ((words, self.word_idf), (chars, self.char_idf)):
            block.sum_duplicates()
            np.log(block.data, out=block.data)
            block.data += 1.0
            block.data *= idf[block.indices]
        lengths = np.asarray([len(t) for t in token_lists], dtype=np.float32)
        known = 1.0 - self._unknown / np.maximum(lengths, 1.0)
        words, chars = (normalize(b, copy=False) if b.shape[1] else b for b in (words, chars))
        return Analysed(words, chars, kinds, hits, known)
