"""The labelled public corpora the shipped model learns from (``shared/corpora`` beside the
repository; their texts never enter the repository), and the held-out test splits.

Each corpus is a gzip CSV ``text,label,source_label``. ``CORPORA`` says for each one its
language, task, source, licence and whether the shipped model may learn from it: the
non-commercial ``en_complaint_airline`` is for evaluation only.

Held-out rows: a stratified 20 % of every corpus (seeded), plus the whole evaluation-only
corpus. A row is known by a hash of its text (``row_key``), so a text held out in one corpus is
also kept out of training when another corpus repeats it (RUSSE repeats 501 toxic sentences of
2ch/pikabu). The keys of the held-out rows are committed beside the model (``holdout.json.gz``),
and ``evaluate_classifier`` measures on exactly those rows.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.model_selection import train_test_split

SPLIT_SEED = 20261201
TEST_SHARE = 0.2


@dataclass(frozen=True)
class Corpus:
    name: str
    language: str
    task: str  # sentiment | toxicity | complaint
    source: str
    licence: str
    licence_class: str  # open | unknown | non-commercial
    shipped: bool = True  # may the shipped model learn from it?
    drop_sources: tuple[str, ...] = ()  # source_label prefixes left out of training

    @property
    def file(self) -> str:
        return f"{self.name}.csv.gz"


CORPORA = [
    Corpus(
        "ru_sentiment_mozetic_tweets",
        "ru",
        "sentiment",
        "Mozetič et al. 2016 (CLARIN.SI 11356/1054), texts via joemzhao/tweets-retriever",
        "labels CC BY-SA 4.0 (not checked); texts under X/Twitter's terms",
        "unknown",
    ),
    Corpus(
        "ru_sentiment_opensentimentcorpus",
        "ru",
        "sentiment",
        "OpenSentimentCorpus, yarfruct/open-sentiment-corpus (sentences from OpenCorpora)",
        "CC BY-SA 3.0",
        "open",
    ),
    Corpus(
        "ru_toxicity_2ch_pikabu",
        "ru",
        "toxicity",
        "Russian Language Toxic Comments (Kaggle, 2ch/pikabu), mirror Sapushiro/russian-toxic-comments-classification",
        "none stated",
        "unknown",
    ),
    Corpus(
        "ru_toxicity_russe_detox",
        "ru",
        "toxicity",
        "RUSSE-2022 detoxification, s-nlp/russe_detox_2022 (training set)",
        "none stated (related sets: openrail++)",
        "unknown",
    ),
    Corpus(
        "en_sentiment_mozetic_tweets",
        "en",
        "sentiment",
        "Mozetič et al. 2016 (CLARIN.SI 11356/1054), texts via joemzhao/tweets-retriever",
        "labels CC BY-SA 4.0 (not checked); texts under X/Twitter's terms",
        "unknown",
    ),
    Corpus(
        "en_sentiment_uci_sentences",
        "en",
        "sentiment",
        "Sentiment Labelled Sentences (Kotzias et al. 2015, UCI 331): Amazon and Yelp sentences",
        "CC BY 4.0 (UCI, not checked)",
        "open",
        drop_sources=("imdb",),
    ),
    Corpus(
        "en_toxicity_olid",
        "en",
        "toxicity",
        "OLID / OffensEval-2019 via cardiffnlp/tweeteval (train split)",
        "unstated (TweetEval: 'without restrictions'); X/Twitter's terms",
        "unknown",
    ),
    Corpus(
        "en_toxicity_paradetox",
        "en",
        "toxicity",
        "ParaDetox, s-nlp/paradetox",
        "CC0 1.0",
        "open",
    ),
    Corpus(
        "en_complaint_airline",
        "en",
        "complaint",
        "Twitter US Airline Sentiment (Figure Eight / CrowdFlower)",
        "CC BY-NC-SA 4.0",
        "non-commercial",
        shipped=False,
    ),
]
BY_NAME = {c.name: c for c in CORPORA}
POSITIVE_LABEL = {"sentiment": "negative", "toxicity": "toxic", "complaint": "complaint"}


@dataclass
class Row:
    text: str
    label: str
    source_label: str
    key: str

    @property
    def positive(self) -> bool:
        return self.label in ("negative", "toxic", "complaint")


def row_key(text: str) -> str:
    return hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:16]


def read(corpus_dir: Path, corpus: Corpus) -> list[Row]:
    """All rows of one corpus file (raises FileNotFoundError when it is missing)."""
    path = Path(corpus_dir) / corpus.file
    with gzip.open(path, "rb") as fh:
        reader = csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8", newline=""))
        return [
            Row(r["text"], r["label"], r.get("source_label") or "", row_key(r["text"]))
            for r in reader
            if r.get("text")
        ]


def read_all(corpus_dir: Path) -> dict[str, list[Row]]:
    missing = [c.file for c in CORPORA if not (Path(corpus_dir) / c.file).exists()]
    if missing:
        raise FileNotFoundError(f"missing in {corpus_dir}: {', '.join(missing)}")
    return {c.name: read(corpus_dir, c) for c in CORPORA}


def holdout_keys(rows_by_corpus: dict[str, list[Row]]) -> dict[str, list[str]]:
    """The held-out keys of every corpus: a seeded stratified 20 %, or everything for a corpus
    the shipped model may not learn from."""
    out = {}
    for corpus in CORPORA:
        rows = rows_by_corpus[corpus.name]
        if not corpus.shipped:
            out[corpus.name] = sorted({r.key for r in rows})
            continue
        idx = np.arange(len(rows))
        _, test = train_test_split(
            idx, test_size=TEST_SHARE, random_state=SPLIT_SEED, stratify=[r.label for r in rows]
        )
        out[corpus.name] = sorted({rows[i].key for i in test})
    return out


def split(rows_by_corpus: dict[str, list[Row]], keys: dict[str, list[str]]):
    """(train, test) per corpus. Training leaves out every held-out key of every corpus, and
    the rows a corpus's ``drop_sources`` excludes; corpora not shipped give no training rows."""
    every_test = set().union(*map(set, keys.values()))
    train, test = {}, {}
    for corpus in CORPORA:
        rows = rows_by_corpus[corpus.name]
        held = set(keys.get(corpus.name, ()))
        test[corpus.name] = [r for r in rows if r.key in held]
        if not corpus.shipped:
            train[corpus.name] = []
            continue
        train[corpus.name] = [
            r
            for r in rows
            if r.key not in every_test and not any(r.source_label.startswith(p) for p in corpus.drop_sources)
        ]
    return train, test
