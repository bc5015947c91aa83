"""The mention classifier: two scikit-learn pipelines over prepared documents.

* category (positive, neutral, natural, trolling, ordered): TF-IDF over lemmas (1-2 grams) +
  TF-IDF over character n-grams + the scaled engineered signals -> logistic regression;
* topic (delivery, quality, price, support, staff, other): TF-IDF over lemmas -> logistic
  regression.

``train(records)`` evaluates on a stratified hold-out split, then refits on everything; the
figures travel with the model. ``dumps``/``loads`` turn a model into bytes (joblib) and back.
Nothing here touches the database.
"""

from __future__ import annotations

import io
import math
import time
from dataclasses import dataclass, field

import joblib
import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support
from sklearn.model_selection import train_test_split
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler

from . import features
from .corpus import CATEGORIES, TOPICS

SENTIMENT = {
    "positive": "positive",
    "neutral": "neutral",
    "natural": "negative",
    "trolling": "negative",
    "ordered": "negative",
}
FORMAT_VERSION = 1


class DocField(BaseEstimator, TransformerMixin):
    """Selects one prepared field (``lemmas``, ``norm``) of every document."""

    def __init__(self, key: str = "lemmas"):
        self.key = key

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return [doc[self.key] for doc in X]


class SignalMatrix(BaseEstimator, TransformerMixin):
    """The engineered signals of every document as a dense matrix."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return np.asarray([doc["signals"] for doc in X], dtype=float)

    def get_feature_names_out(self, input_features=None):
        return np.asarray(features.SIGNAL_NAMES, dtype=object)


def _identity(text: str) -> list[str]:
    return text.split()


def prepare(records: list[dict]) -> list[dict]:
    """Lemmatise and extract signals once per record (shared by both pipelines)."""
    docs = []
    for r in records:
        text = r["text"]
        docs.append(
            {
                "lemmas": features.lemmatise(text),
                "norm": text.lower(),
                "signals": features.signals(
                    text,
                    author_age_days=r.get("author_age_days"),
                    author_followers=r.get("author_followers"),
                    author_mentions=r.get("author_mentions"),
                    author_negative=r.get("author_negative"),
                ),
            }
        )
    return docs


def build_category_pipeline() -> Pipeline:
    return Pipeline(
        [
            (
                "features",
                FeatureUnion(
                    [
                        (
                            "lemmas",
                            Pipeline(
                                [
                                    ("field", DocField("lemmas")),
                                    (
                                        "tfidf",
                                        TfidfVectorizer(
                                            tokenizer=_identity,
                                            token_pattern=None,
                                            lowercase=False,
                                            ngram_range=(1, 2),
                                            sublinear_tf=True,
                                            min_df=2,
                                        ),
                                    ),
                                ]
                            ),
                        ),
                        (
                            "chars",
                            Pipeline(
                                [
                                    ("field", DocField("norm")),
                                    (
                                        "tfidf",
                                        TfidfVectorizer(
                                            analyzer="char_wb",
                                            ngram_range=(3, 4),
                                            sublinear_tf=True,
                                            min_df=3,
                                            max_features=20000,
                                        ),
                                    ),
                                ]
                            ),
                        ),
                        ("signals", Pipeline([("matrix", SignalMatrix()), ("scale", StandardScaler())])),
                    ]
                ),
            ),
            ("clf", LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced")),
        ]
    )


def build_topic_pipeline() -> Pipeline:
    return Pipeline(
        [
            ("field", DocField("lemmas")),
            (
                "tfidf",
                TfidfVectorizer(
                    tokenizer=_identity,
                    token_pattern=None,
                    lowercase=False,
                    ngram_range=(1, 2),
                    sublinear_tf=True,
                    min_df=2,
                ),
            ),
            ("clf", LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced")),
        ]
    )


def evaluate(y_true: list[str], y_pred: list[str], labels: list[str]) -> dict:
    """Per-class precision, recall, F1 and support, accuracy, macro F1 and the confusion matrix."""
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, zero_division=0
    )
    return {
        "labels": labels,
        "per_class": {
            label: {
                "precision": round(float(p), 4),
                "recall": round(float(r), 4),
                "f1": round(float(f), 4),
                "support": int(s),
            }
            for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
        },
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        "macro_f1": round(float(np.mean(f1)), 4),
        "confusion": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
        "size": len(y_true),
    }


@dataclass
class Prediction:
    language: str
    category: str
    confidence: float
    topic: str
    sentiment: str
    terms: list[str] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    alarming: list[str] = field(default_factory=list)


@dataclass
class TrainedClassifier:
    category_pipeline: Pipeline
    topic_pipeline: Pipeline
    label: str
    evaluation: dict
    training_size: int
    seconds: float
    format_version: int = FORMAT_VERSION

    def predict(self, records: list[dict]) -> list[Prediction]:
        """Classify a batch at once (vectorised); ``records`` as in ``prepare``."""
        if not records:
            return []
        docs = prepare(records)
        union: FeatureUnion = self.category_pipeline.named_steps["features"]
        clf: LogisticRegression = self.category_pipeline.named_steps["clf"]
        X = union.transform(docs).tocsr()
        proba = clf.predict_proba(X)
        best = proba.argmax(axis=1)
        topics = self.topic_pipeline.predict(docs)
        if getattr(self, "_names", None) is None:
            self._names = self._readable_names(union)
        names = self._names
        out = []
        for i, record in enumerate(records):
            category = str(clf.classes_[best[i]])
            text = record["text"]
            out.append(
                Prediction(
                    language=features.detect_language(text),
                    category=category,
                    confidence=round(float(proba[i, best[i]]), 4),
                    topic=str(topics[i]),
                    sentiment=SENTIMENT[category],
                    terms=self._top_terms(X, i, clf.coef_[best[i]], names),
                    markers=features.argument_markers(text),
                    alarming=features.alarming_words(text),
                )
            )
        return out

    @staticmethod
    def _readable_names(union: FeatureUnion) -> np.ndarray:
        """Feature names with unreadable character n-grams blanked out."""
        parts = dict(union.transformer_list)
        lemmas = parts["lemmas"].named_steps["tfidf"].get_feature_names_out().astype(object)
        chars = np.full(len(parts["chars"].named_steps["tfidf"].vocabulary_), "", dtype=object)
        signals = np.full(len(features.SIGNAL_NAMES), "", dtype=object)
        return np.concatenate([lemmas, chars, signals])

    @staticmethod
    def _top_terms(X, row: int, coef: np.ndarray, names: np.ndarray, k: int = 3) -> list[str]:
        start, end = X.indptr[row], X.indptr[row + 1]
        idx = X.indices[start:end]
        contrib = X.data[start:end] * coef[idx]
        terms = []
        for j in np.argsort(-contrib):
            if contrib[j] <= 0 or len(terms) >= k:
                break
            name = names[idx[j]]
            if name and not name.startswith("num"):
                terms.append(str(name))
        return terms


def train(records: list[dict], *, label: str, holdout: float = 0.2, seed: int = 7) -> TrainedClassifier:
    """Fit both pipelines, evaluate on a stratified hold-out split, then refit on all records."""
    started = time.monotonic()
    docs = prepare(records)
    y_cat = [r["label"] for r in records]
    y_topic = [r.get("topic") or "other" for r in records]
    idx = np.arange(len(records))
    train_idx, test_idx = train_test_split(idx, test_size=holdout, random_state=seed, stratify=y_cat)
    pick = lambda seq, ids: [seq[i] for i in ids]  # noqa: E731
    category = build_category_pipeline().fit(pick(docs, train_idx), pick(y_cat, train_idx))
    topic = build_topic_pipeline().fit(pick(docs, train_idx), pick(y_topic, train_idx))
    evaluation = {
        "category": evaluate(pick(y_cat, test_idx), list(category.predict(pick(docs, test_idx))), CATEGORIES),
        "topic": evaluate(pick(y_topic, test_idx), list(topic.predict(pick(docs, test_idx))), TOPICS),
        "holdout": holdout,
    }
    category = build_category_pipeline().fit(docs, y_cat)
    topic = build_topic_pipeline().fit(docs, y_topic)
    return TrainedClassifier(
        category_pipeline=category,
        topic_pipeline=topic,
        label=label,
        evaluation=evaluation,
        training_size=len(records),
        seconds=round(time.monotonic() - started, 2),
    )


def dumps(model: TrainedClassifier) -> bytes:
    buffer = io.BytesIO()
    joblib.dump(model, buffer, compress=3)
    return buffer.getvalue()


def loads(blob: bytes) -> TrainedClassifier:
    model = joblib.load(io.BytesIO(bytes(blob)))
    if not isinstance(model, TrainedClassifier) or model.format_version != FORMAT_VERSION:
        raise ValueError("not a classifier of this format")
    return model


def log_scale(value: float | None) -> float:
    return math.log10(1 + max(0.0, float(value or 0)))
