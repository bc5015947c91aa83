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

import threading
from collections import Counter
from itertools import chain, pairwise, repeat

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

    __slots__ = ("_hit_docs", "_hit_masks", "_hit_words", "_hits", "chars", "kinds", "known_share", "words")

    def __init__(self, words, chars, kinds, known_share, hit_words, hit_docs, hit_masks):
        self.known_share = known_share  # per document: share of its words the vocabulary knows
        self.words = words  # csr (n, n_words)
        self.chars = chars  # csr (n, n_chars)
        self.kinds = kinds  # float array (n, len(lexicon.KINDS)): counts per list
        self._hit_words, self._hit_docs, self._hit_masks = hit_words, hit_docs, hit_masks
        self._hits = None

    @property
    def hits(self) -> list[dict]:
        """Per document: {kind: [words in text order]} (built on first use: only ``predict``
        needs the words)."""
        if self._hits is None:
            hits: list[dict] = [{} for _ in range(self.kinds.shape[0])]
            for word, doc, mask in zip(self._hit_words, self._hit_docs, self._hit_masks, strict=True):
                for kind, bit in KIND_BITS.items():
                    if mask & bit:
                        hits[doc].setdefault(kind, []).append(word)
            self._hits = hits
        return self._hits


def _room(array: np.ndarray, size: int) -> np.ndarray:
    """``array`` or a copy at least ``size`` long (doubling), its first part kept."""
    if size <= len(array):
        return array
    grown = np.zeros(max(size, 2 * len(array)), dtype=array.dtype)
    grown[: len(array)] = array
    return grown


def _tf_block(rows: np.ndarray, cols: np.ndarray, n: int, width: int):
    """Raw term counts as a canonical csr (n, width): sorted columns, one entry per term."""
    keys = rows.astype(np.int64) * width + cols
    keys.sort()
    if len(keys):
        first = np.empty(len(keys), dtype=bool)
        first[0] = True
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        counts = np.diff(np.append(starts, len(keys))).astype(np.float32)
        keys = keys[starts]
    else:
        counts = np.zeros(0, dtype=np.float32)
    doc = keys // max(width, 1)
    indptr = np.searchsorted(doc, np.arange(n + 1)).astype(np.int32)
    block = sp.csr_matrix(((counts), (keys - doc * width).astype(np.int32), indptr), shape=(n, width))
    block.has_canonical_format = True
    return block


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
        keys = []
        for j in range(self.n_unigrams, len(self.words)):
            a, b = self.words[j].split(" ", 1)
            keys.append(self._lemma_ids[a] * width + self._lemma_ids[b])
        order = np.argsort(np.asarray(keys, dtype=np.int64), kind="stable")
        self._bigram_keys = np.asarray(keys, dtype=np.int64)[order]
        self._bigram_cols = (self.n_unigrams + order).astype(np.int32)
        self._char_ids = {g: i for i, g in enumerate(self.chars)}
        self._lock = threading.Lock()
        self._forget()

    def _forget(self) -> None:
        """Empty the per-word cache: word -> row of the arrays below."""
        self._ids: dict[str, int] = {}
        self._lid = np.zeros(1024, dtype=np.int32)  # lemma column, -1 when not in the vocabulary
        self._mask = np.zeros(1024, dtype=np.uint8)  # lexicon lists (KIND_BITS)
        self._gram_start = np.zeros(1024, dtype=np.int64)  # its character n-grams' columns are
        self._gram_len = np.zeros(1024, dtype=np.int32)  # _grams[start : start + len]
        self._grams = np.zeros(16384, dtype=np.int32)
        self._n_grams = 0

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
        counts = self._counts(token_lists)[:2]
        n = len(token_lists)
        for block, attr in ((counts[0], "word_idf"), (counts[1], "char_idf")):
            df = np.bincount(block.indices, minlength=block.shape[1])
            setattr(self, attr, (np.log((1 + n) / (1 + df)) + 1).astype(np.float32))
        return self

    # --- transforming --------------------------------------------------------------------
    def lemma(self, word: str) -> str:
        found = self.lemmas.get(word)
        return found if found is not None else features.lemma_of(word)

    def _add(self, word: str) -> int:
        """Analyse one new word once (lemma, lexicon lists, n-gram columns); its cache row."""
        key = word
        if features.CYRILLIC_RE.search(word) and features.LATIN_RE.search(word):
            word = word.translate(LOOKALIKE)
        lemma = self.lemma(word)
        cyrillic = bool(features.CYRILLIC_RE.match(word))
        mask = 0
        for kind in lexicon.word_kinds(word, lemma, cyrillic):
            mask |= KIND_BITS[kind]
        grams = [self._char_ids[g] for g in char_grams(word) if g in self._char_ids]
        row = len(self._ids)
        self._lid = _room(self._lid, row + 1)
        self._mask = _room(self._mask, row + 1)
        self._gram_start = _room(self._gram_start, row + 1)
        self._gram_len = _room(self._gram_len, row + 1)
        self._grams = _room(self._grams, self._n_grams + len(grams))
        self._lid[row] = self._lemma_ids.get(lemma, -1)
        self._mask[row] = mask
        self._gram_start[row] = self._n_grams
        self._gram_len[row] = len(grams)
        self._grams[self._n_grams : self._n_grams + len(grams)] = grams
        self._n_grams += len(grams)
        self._ids[key] = row
        return row

    def _rows(self, flat: list[str]) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
        """The cache row of every token (new words analysed once) and the cache's arrays those
        rows index (lemma column, lexicon mask, n-gram start, n-gram count, n-grams). Under a
        lock: threads of one process share the shipped model and its cache."""
        with self._lock:
            if len(self._ids) >= CACHE_LIMIT:
                self._forget()
            ids = self._ids
            rows = np.fromiter(map(ids.get, flat, repeat(-1)), dtype=np.int64, count=len(flat))
            for k in np.flatnonzero(rows < 0).tolist():
                word = flat[k]
                row = ids.get(word)
                rows[k] = self._add(word) if row is None else row
            return rows, (self._lid, self._mask, self._gram_start, self._gram_len, self._grams)

    def _counts(self, token_lists: list[list[str]]):
        """Raw term counts of both blocks (canonical csr) and what ``analyse`` adds to them:
        (words, chars, kinds, unknown words per document, hit words, their documents, their
        lexicon masks). Vectorised over the batch: one row lookup per token, then arrays."""
        n = len(token_lists)
        flat = list(chain.from_iterable(token_lists))
        lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=n)
        rows, (lid_of, mask_of, gram_start_of, gram_len_of, grams) = self._rows(flat)
        doc = np.repeat(np.arange(n, dtype=np.int64), lengths)
        lid = lid_of[rows]
        known = lid >= 0
        # bigram of a known lemma and the known lemma just before it in the same document
        prev = np.empty_like(lid)
        prev[:1] = -1
        prev[1:] = lid[:-1]
        firsts = (np.cumsum(lengths) - lengths)[lengths > 0]
        prev[firsts] = -1
        pair = np.flatnonzero(known & (prev >= 0))
        keys = prev[pair].astype(np.int64) * self._width + lid[pair]
        at = np.minimum(np.searchsorted(self._bigram_keys, keys), max(len(self._bigram_keys) - 1, 0))
        found = (self._bigram_keys[at] == keys) if len(self._bigram_keys) else np.zeros(len(keys), dtype=bool)
        words = _tf_block(
            np.concatenate([doc[known], doc[pair[found]]]),
            np.concatenate([lid[known], self._bigram_cols[at[found]]]),
            n,
            len(self.words),
        )
        gram_len = gram_len_of[rows]
        total = int(gram_len.sum())
        offsets = np.repeat(gram_start_of[rows] - (np.cumsum(gram_len) - gram_len), gram_len)
        chars = _tf_block(
            np.repeat(doc, gram_len),
            grams[offsets + np.arange(total, dtype=np.int64)],
            n,
            len(self.chars),
        )
        unknown = np.bincount(doc[~known], minlength=n).astype(np.float32)
        masks = mask_of[rows]
        hit = np.flatnonzero(masks)
        hit_docs, hit_masks = doc[hit], masks[hit]
        kinds = np.zeros((n, len(lexicon.KINDS)), dtype=np.float32)
        for j in range(len(lexicon.KINDS)):
            kinds[:, j] = np.bincount(hit_docs[(hit_masks >> j) & 1 == 1], minlength=n)
        hit_words = [flat[k] for k in hit.tolist()]
        return words, chars, kinds, unknown, lengths, (hit_words, hit_docs.tolist(), hit_masks.tolist())

    def analyse(self, token_lists: list[list[str]]) -> Analysed:
        words, chars, kinds, unknown, lengths, hits = self._counts(token_lists)
        for block, idf in ((words, self.word_idf), (chars, self.char_idf)):
            np.log(block.data, out=block.data)
            block.data += 1.0
            block.data *= idf[block.indices]
        known = 1.0 - unknown / np.maximum(lengths.astype(np.float32), 1.0)
        words, chars = (normalize(b, copy=False) if b.shape[1] else b for b in (words, chars))
        return Analysed(words, chars, kinds, known, *hits)
