"""The mention text classifier: three linear heads over one vectorised text.

* ``neg``: negative vs the rest (learnt from the sentiment corpora);
* ``tox``: toxic (insults, obscenity, abuse) vs not (learnt from the toxicity corpora);
* ``pos``: positive vs neutral or negative (sentiment corpora, OpenSentimentCorpus's neutral);
* ``topic`` (delivery, quality, price, support, staff, other): the generated starter corpus,
  which still knows the bakery vocabulary, plus real sentences as ``other``.

The decision (``decide``) gives one of positive, neutral, natural, trolling; the text model never
says ``ordered``: that comes from coordination evidence around a mention (incident detection).
An angry complaint that gives concrete facts or asks to fix something stays natural.

Features: ``vectorizer.TextVectorizer`` (lemma 1-2 grams, character 3-5 grams, lexicon counts)
and the text signals of ``features``. The learnt state is plain arrays (``save``/``load`` use an
``.npz`` file, nothing is unpickled).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import SGDClassifier

from . import features, lexicon
from .vectorizer import TextVectorizer

TEXT_CATEGORIES = ["positive", "neutral", "natural", "trolling"]
CATEGORIES = [*TEXT_CATEGORIES, "ordered"]
TOPICS = ["delivery", "quality", "price", "support", "staff", "other"]
HEADS = ["neg", "tox", "pos"]
SENTIMENT = {
    "positive": "positive",
    "neutral": "neutral",
    "natural": "negative",
    "trolling": "negative",
    "ordered": "negative",
}
SIGNAL_NAMES = [f"lex_{k}" for k in lexicon.KINDS] + features.TEXT_SIGNALS
NEGATIVE_TEXT = ("natural", "trolling")
FORMAT_VERSION = 2
SEED = 20261201
# Logit penalty on "trolling" when a mention gives facts or asks to fix something.
FACTUAL_PENALTY = 4.0


@dataclass
class Prediction:
    language: str
    category: str
    confidence: float
    topic: str
    sentiment: str
    scores: dict = field(default_factory=dict)
    evidence: list[dict] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    alarming: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)


@dataclass
class Features:
    """A batch's feature matrix ``X``, its signals (order of ``SIGNAL_NAMES``), the vectoriser's
    analysis (lexicon hits), the facts found (bool, order of ``features.FACTS``) and the batch."""

    X: sp.csr_matrix
    signals: np.ndarray
    analysed: object
    facts: np.ndarray
    batch: features.TextBatch

    @property
    def known(self) -> np.ndarray:
        """Per text: the share of its words the vocabulary knows."""
        return self.analysed.known_share


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


class TextModel:
    """Vectoriser + heads + topic head; ``predict`` classifies a batch at once."""

    def __init__(
        self,
        vectorizer: TextVectorizer,
        weights: np.ndarray,
        bias: np.ndarray,
        scale_mean: np.ndarray,
        scale_std: np.ndarray,
        topic_weights: np.ndarray,
        topic_bias: np.ndarray,
        thresholds: np.ndarray,
        meta: dict | None = None,
    ):
        self.vectorizer = vectorizer
        self.weights = np.asarray(weights, dtype=np.float32)  # (n_features, len(HEADS))
        self.bias = np.asarray(bias, dtype=np.float32)
        self.scale_mean = np.asarray(scale_mean, dtype=np.float32)
        self.scale_std = np.asarray(scale_std, dtype=np.float32)
        self.topic_weights = np.asarray(topic_weights, dtype=np.float32)  # (n_features, len(TOPICS))
        self.topic_bias = np.asarray(topic_bias, dtype=np.float32)
        self.thresholds = np.asarray(thresholds, dtype=np.float32)  # logit thresholds per head
        self.meta = dict(meta or {})
        self.label = self.meta.get("label", "shipped")
        self._joined = None  # (weights, topic weights, both side by side) for predict

    # --- features ------------------------------------------------------------------------
    def matrix(self, texts: list[str]) -> Features:
        """The feature matrix of a batch and what the decision and the evidence need."""
        batch = features.TextBatch(texts)
        analysed = self.vectorizer.analyse(batch.tokens())
        values, facts = features.batch_signals(batch)
        signals = np.hstack([np.log1p(analysed.kinds), values])
        scaled = np.clip((signals - self.scale_mean) / self.scale_std, -3.0, 3.0)
        X = sp.hstack([analysed.words, analysed.chars, sp.csr_matrix(scaled)], format="csr")
        return Features(X, signals, analysed, facts, batch)

    def logits(self, X) -> np.ndarray:
        return np.asarray(X @ self.weights) + self.bias

    def logits_and_topics(self, X) -> tuple[np.ndarray, np.ndarray]:
        """``logits(X)`` and the topic scores from one pass over ``X`` (each output column sums
        the same products in the same order as a product of its own)."""
        joined = self._joined
        if joined is None or joined[0] is not self.weights or joined[1] is not self.topic_weights:
            joined = self._joined = (
                self.weights,
                self.topic_weights,
                np.hstack([self.weights, self.topic_weights]),
            )
        both = np.asarray(X @ joined[2])
        k = self.weights.shape[1]
        return both[:, :k] + self.bias, both[:, k:] + self.topic_bias

    # --- predicting ----------------------------------------------------------------------
    def decide(self, z: np.ndarray, signals: np.ndarray, known: np.ndarray | None = None):
        """Categories and confidences from the head logits ``z`` (n, 3) and the signals.

        Positive needs evidence: a text whose words the model mostly does not know (garbled,
        transliterated) and that has no praise word or happy emoji is neutral, not positive."""
        idx = {name: i for i, name in enumerate(SIGNAL_NAMES)}
        facts = signals[:, idx["facts"]]
        request = (signals[:, idx["lex_request"]] > 0) | (signals[:, idx["request_phrase"]] > 0)
        failure = signals[:, idx["lex_failure"]] > 0
        factual = (facts >= 2) | ((facts >= 1) & (request | failure)) | (request & failure)
        zn = z[:, 0] - self.thresholds[0]
        zt = z[:, 1] - self.thresholds[1]
        zp = z[:, 2] - self.thresholds[2]
        toxic = zt > 0
        troll = (zt - FACTUAL_PENALTY * factual) > 0
        negative = (zn > 0) | toxic
        praised = (signals[:, idx["lex_praise"]] > 0) | (signals[:, idx["happy_emoji"]] > 0)
        understood = np.ones(len(z), dtype=bool) if known is None else known >= 0.6
        positive = (zp > 0) & (understood | praised)
        categories = np.where(
            negative, np.where(troll, "trolling", "natural"), np.where(positive, "positive", "neutral")
        )
        pn, pt, pp = _sigmoid(zn), _sigmoid(zt), _sigmoid(zp)
        confidence = np.select(
            [categories == "trolling", categories == "natural", categories == "positive"],
            [pt, np.maximum(pn, pt) * (1 - 0.5 * troll), (1 - pn) * pp],
            default=(1 - pn) * (1 - pp),
        )
        return categories, confidence, factual

    def predict(self, records: list[dict]) -> list[Prediction]:
        """Classify a batch (``records``: dicts with ``text``, author fields optional)."""
        if not records:
            return []
        texts = [r["text"] for r in records]
        m = self.matrix(texts)
        z, topic_scores = self.logits_and_topics(m.X)
        categories, confidence, _factual = self.decide(z, m.signals, m.known)
        topics = topic_scores.argmax(axis=1).tolist()
        from .evidence import evidence_for

        hits = m.analysed.hits
        languages = m.batch.languages()
        signal_rows = m.signals.tolist()
        # Python's round (correctly rounded), not numpy's (scaled, then rounded)
        confidences = [round(c, 4) for c in confidence.tolist()]
        scores = [[round(v, 4) for v in row] for row in _sigmoid(z - self.thresholds).tolist()]
        facts: list[list[str]] = [[] for _ in texts]
        for i, j in np.argwhere(m.facts).tolist():
            facts[i].append(features.FACT_NAMES[j])
        out = []
        for i, category in enumerate(categories.tolist()):
            out.append(
                Prediction(
                    language=languages[i],
                    category=category,
                    confidence=confidences[i],
                    topic=TOPICS[topics[i]],
                    sentiment=SENTIMENT[category],
                    scores=dict(zip(HEADS, scores[i], strict=True)),
                    evidence=evidence_for(category, hits[i], facts[i], signal_rows[i], records[i]),
                    markers=facts[i],
                    alarming=features.alarming_words(texts[i]) if category in NEGATIVE_TEXT else [],
                )
            )
        return out

    def categories(self, texts: list[str]) -> np.ndarray:
        """Only the categories of a batch (the fast path of the benchmark and evaluation)."""
        m = self.matrix(texts)
        return self.decide(self.logits(m.X), m.signals, m.known)[0]

    # --- storage -------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        import json

        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            format_version=np.asarray(FORMAT_VERSION),
            weights=self.weights,
            bias=self.bias,
            scale_mean=self.scale_mean,
            scale_std=self.scale_std,
            topic_weights=self.topic_weights,
            topic_bias=self.topic_bias,
            thresholds=self.thresholds,
            meta=np.asarray(json.dumps(self.meta, ensure_ascii=False)),
            **self.vectorizer.to_arrays(),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, blob: bytes) -> TextModel:
        import json

        with np.load(io.BytesIO(bytes(blob)), allow_pickle=False) as arrays:
            if int(arrays["format_version"]) != FORMAT_VERSION:
                raise ValueError("not a classifier of this format")
            return cls(
                TextVectorizer.from_arrays(arrays),
                arrays["weights"],
                arrays["bias"],
                arrays["scale_mean"],
                arrays["scale_std"],
                arrays["topic_weights"],
                arrays["topic_bias"],
                arrays["thresholds"],
                json.loads(str(arrays["meta"])),
            )

    def with_weights(self, weights, bias, label: str, meta: dict | None = None) -> TextModel:
        """A copy sharing the vectoriser, with other head weights (a workspace's version)."""
        return TextModel(
            self.vectorizer,
            weights,
            bias,
            self.scale_mean,
            self.scale_std,
            self.topic_weights,
            self.topic_bias,
            self.thresholds,
            {**self.meta, **(meta or {}), "label": label},
        )


# --- training ------------------------------------------------------------------------------
def _sgd(seed: int, n: int, alpha: float = 0.3, epochs: int = 15) -> SGDClassifier:
    return SGDClassifier(
        loss="log_loss",
        alpha=alpha / max(1, n),
        max_iter=epochs,
        tol=None,
        class_weight="balanced",
        average=True,
        random_state=seed,
    )


@dataclass
class TrainingSet:
    """Texts and per-head targets (1, 0, or -1 where a head has no label for the text)."""

    texts: list[str] = field(default_factory=list)
    targets: dict = field(default_factory=lambda: {h: [] for h in HEADS})
    topics: list[str] = field(default_factory=list)  # "" where there is no topic label

    def add(self, text: str, *, neg: int = -1, tox: int = -1, pos: int = -1, topic: str = "") -> None:
        self.texts.append(text)
        for head, value in (("neg", neg), ("tox", tox), ("pos", pos)):
            self.targets[head].append(value)
        self.topics.append(topic)


def fit(
    data: TrainingSet, *, seed: int = SEED, meta: dict | None = None, vectorizer_options: dict | None = None
) -> TextModel:
    """Fit the vectoriser, the three heads and the topic head (deterministic for a seed)."""
    vec = TextVectorizer(**(vectorizer_options or {})).fit([features.tokens(t) for t in data.texts])
    n_signals = len(SIGNAL_NAMES)
    model = TextModel(
        vec,
        np.zeros((len(vec.words) + len(vec.chars) + n_signals, len(HEADS))),
        np.zeros(len(HEADS)),
        np.zeros(n_signals),
        np.ones(n_signals),
        np.zeros((len(vec.words) + len(vec.chars) + n_signals, len(TOPICS))),
        np.zeros(len(TOPICS)),
        np.zeros(len(HEADS)),
        meta,
    )
    signals = model.matrix(data.texts).signals
    # Scaled to about [0, 1] by the 99th percentile, not centred: an absent cue adds nothing,
    # and a rare cue (one obscene word) does not become a huge standardised value.
    model.scale_mean = np.zeros(n_signals, dtype=np.float32)
    model.scale_std = np.maximum(np.percentile(np.abs(signals), 99, axis=0), 1.0).astype(np.float32)
    X = model.matrix(data.texts).X
    weights = np.zeros((X.shape[1], len(HEADS)), dtype=np.float32)
    bias = np.zeros(len(HEADS), dtype=np.float32)
    for j, head in enumerate(HEADS):
        y = np.asarray(data.targets[head])
        mask = y >= 0
        if mask.sum() == 0 or len(set(y[mask])) < 2:
            continue
        clf = _sgd(seed + j, int(mask.sum())).fit(X[mask], y[mask])
        weights[:, j] = clf.coef_[0]
        bias[j] = clf.intercept_[0]
    topics = np.asarray(data.topics)
    mask = topics != ""
    topic_weights = np.zeros((X.shape[1], len(TOPICS)), dtype=np.float32)
    topic_bias = np.full(len(TOPICS), -1.0, dtype=np.float32)
    topic_bias[TOPICS.index("other")] = 0.0
    if mask.sum() and len(set(topics[mask])) > 1:
        clf = _sgd(seed + 10, int(mask.sum()), alpha=1.0).fit(X[mask], topics[mask])
        for k, label in enumerate(clf.classes_):
            col = TOPICS.index(str(label))
            coef = clf.coef_[k] if clf.coef_.shape[0] > 1 else (clf.coef_[0] if k else -clf.coef_[0])
            topic_weights[:, col] = coef
            topic_bias[col] = clf.intercept_[k] if len(clf.intercept_) > 1 else 0.0
    model.weights, model.bias = weights, bias
    model.topic_weights, model.topic_bias = topic_weights, topic_bias
    return model


def fine_tune(
    base: TextModel, texts: list[str], categories: list[str], *, label: str, weight: int = 3, seed: int = SEED
) -> TextModel:
    """A workspace's version: the shipped heads warm-started and refined on its corrections.

    Every head starts from the shipped weights and takes a few passes over the corrections
    (each repeated ``weight`` times), so a person's verdict moves the model without throwing
    away what it learnt from the corpora. ``ordered`` corrections say nothing about the text.
    """
    targets = {
        "positive": (0, 0, 1),
        "neutral": (0, 0, 0),
        "natural": (1, 0, 0),
        "trolling": (1, 1, 0),
    }
    pairs = [(t, c) for t, c in zip(texts, categories, strict=True) if c in targets]
    weights = base.weights.copy()
    bias = base.bias.copy()
    if pairs:
        X = base.matrix([t for t, _ in pairs] * weight).X
        labels = [c for _, c in pairs] * weight
        for j in range(len(HEADS)):
            y = np.asarray([targets[c][j] for c in labels])
            if len(set(y)) < 2:
                # one class only: a plain gradient step per example towards it
                z = np.asarray(X @ weights[:, j]).ravel() + bias[j]
                grad = X.T @ (_sigmoid(z) - y) / len(y)
                weights[:, j] -= 2.0 * np.asarray(grad).ravel().astype(np.float32)
                continue
            clf = SGDClassifier(
                loss="log_loss",
                alpha=1e-5,
                max_iter=20,
                tol=None,
                random_state=seed + j,
                learning_rate="constant",
                eta0=0.5,
            )
            clf.fit(X, y, coef_init=weights[:, j], intercept_init=[bias[j]])
            weights[:, j] = clf.coef_[0]
            bias[j] = clf.intercept_[0]
    return base.with_weights(weights, bias, label, {"corrections": len(pairs)})


def log_scale(value: float | None) -> float:
    return math.log10(1 + max(0.0, float(value or 0)))
