"""The shipped text classifier: it loads from its committed file, tells natural from trolling by
facts and insults (inflected Russian forms included), never says ``ordered`` from text alone,
explains itself in Russian and English, trains reproducibly, and the commands report."""

from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import translation

from negativity import classification, rules
from negativity.ml import classifier, corpus, features, lexicon, vectorizer

CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"


def _one(model, text, **author):
    return model.predict([{"text": text, **author}])[0]


def test_shipped_model_file_loads_and_classifies():
    model = classifier.TextModel.from_bytes(classification.MODEL_FILE.read_bytes())
    assert classification.MODEL_FILE.stat().st_size < 20 * 1024 * 1024
    assert model.meta["corpora"] and "en_complaint_airline" not in model.meta["corpora"]
    cats = [
        p.category
        for p in model.predict([{"text": "Спасибо, очень вкусный хлеб!"}, {"text": "Ты тупой клоун"}])
    ]
    assert cats == ["positive", "trolling"]


def test_insult_lexicon_matches_inflected_russian_forms():
    vec = vectorizer.TextVectorizer()
    for word in ["идиотами", "дебилы", "уродов", "клоунов", "тупорылые", "мразью"]:
        lemma = features.lemma_of(word)
        assert "insult" in lexicon.word_kinds(word, lemma, True), (word, lemma)
    for word in ["заебали", "охуели", "пиздец", "долбоебы"]:
        assert "obscene" in lexicon.word_kinds(word, features.lemma_of(word), True), word
    for word in ["хуже", "застрахуйте", "себестоимость", "оскорбление", "посуда"]:
        assert not {"insult", "obscene"} & set(lexicon.word_kinds(word, features.lemma_of(word), True)), word
    analysed = vec.analyse([features.tokens("Вы все идиотами родились, дебилы")])
    assert analysed.hits[0]["insult"] == ["идиотами", "дебилы"]


def test_angry_complaint_with_concrete_facts_stays_natural(starter_model):
    p = _one(
        starter_model,
        "Вы там совсем охренели?! Заказ №482913 привезли 12 марта на 3 часа позже, идиоты, "
        "всё остыло. Верните 1 250 ₽!",
    )
    assert p.category == "natural"
    codes = [e["code"] for e in p.evidence]
    assert "facts" in codes and "asks_fix" in codes and "insult" in codes
    p = _one(
        starter_model, "My order #55123 arrived two days late and cold, you idiots. I want a refund of $40."
    )
    assert p.category == "natural"


def test_abuse_without_arguments_is_trolling(starter_model):
    for text in [
        "Колосок для дебилов, вы все тупые уроды ахахах 🤡",
        "You are all pathetic clowns lmao, what a joke",
    ]:
        p = _one(starter_model, text)
        assert p.category == "trolling", text
        assert "no_arguments" in [e["code"] for e in p.evidence]


def test_text_alone_is_never_ordered(starter_model):
    records = [
        {"text": r["text"], "author_age_days": 1, "author_followers": 0, "author_mentions": 0}
        for r in corpus.generate(seed=99, per_class=20)
        if r["label"] == "ordered"
    ]
    records.append(
        {
            "text": "Не покупайте в Колосок! Отравилась, пишем в Роспотребнадзор. Расскажите всем!",
            "author_age_days": 2,
            "author_followers": 0,
            "author_mentions": 0,
        }
    )
    predictions = starter_model.predict(records)
    assert {p.category for p in predictions} <= set(classifier.TEXT_CATEGORIES)
    assert predictions[-1].alarming == ["отравил", "роспотребнадзор"]


def test_evidence_is_worded_in_russian_and_english(starter_model):
    p = _one(starter_model, "Заказ №482913 привезли холодным, верните деньги, идиоты")
    reasons = {e["code"]: e for e in p.evidence}
    with translation.override("en"):
        assert rules.describe_reason(reasons["insult"]) == "Contains an insult: идиоты"
        assert rules.describe_reason(reasons["facts"]) == "Concrete facts: order number"
    with translation.override("ru"):
        assert rules.describe_reason(reasons["insult"]) == "Есть оскорбление: идиоты"
        assert rules.describe_reason(reasons["facts"]) == "Конкретные факты: номер заказа"
        assert rules.describe_reason({"code": "asks_fix", "words": ["вернуть"]}).startswith(
            "Просит исправить"
        )


def _small_set():
    data = classifier.TrainingSet()
    for r in corpus.generate(seed=5, per_class=15):
        label = r["label"]
        data.add(
            r["text"],
            neg=int(label in ("natural", "trolling", "ordered")),
            tox=int(label == "trolling"),
            pos=int(label == "positive"),
            topic=r["topic"],
        )
    return data


def test_training_is_reproducible_on_a_small_sample():
    first = classifier.fit(_small_set(), seed=3)
    second = classifier.fit(_small_set(), seed=3)
    assert first.vectorizer.words == second.vectorizer.words
    assert np.array_equal(first.weights, second.weights) and np.array_equal(
        first.topic_weights, second.topic_weights
    )
    again = classifier.TextModel.from_bytes(first.to_bytes())
    texts = ["Курьер опоздал на два часа, верните деньги", "Best croissant in town, thanks!"]
    assert list(again.categories(texts)) == list(first.categories(texts))


@pytest.mark.skipif(not CORPORA.exists(), reason="the corpora folder is not beside the repository")
def test_shipped_training_keeps_held_out_rows_out_and_is_reproducible(tmp_path):
    from negativity.ml import corpora, training

    rows = corpora.read_all(CORPORA)
    keys = corpora.holdout_keys(rows)
    assert keys == classification.holdout_keys()  # the committed split is the one the seed gives
    train, test = corpora.split(rows, keys)
    held = set().union(*map(set, keys.values()))
    assert not any(r.key in held for rs in train.values() for r in rs)
    assert train["en_complaint_airline"] == [] and len(test["en_complaint_airline"]) > 10000
    a, _k, _t = training.train_shipped(CORPORA, limit=150)
    b, _k, _t = training.train_shipped(CORPORA, limit=150)
    assert np.array_equal(a.weights, b.weights)


def test_workspace_version_refines_the_shipped_model(starter_model):
    texts = ["Батон сегодня так себе, мякиш липкий"] * 2 + ["Ну и пекарня, смех один"]
    before = list(starter_model.categories(texts))
    tuned = classifier.fine_tune(starter_model, texts, ["natural", "natural", "trolling"], label="v1")
    assert list(tuned.categories(texts)) == ["natural", "natural", "trolling"], before
    again = classification.version_from_blob(classification.version_blob(tuned), "v1")
    assert np.array_equal(again.weights, tuned.weights)


def test_evaluate_classifier_command_on_a_csv(tmp_path, capsys):
    path = tmp_path / "eval.csv"
    path.write_text("text,label\nСпасибо за хлеб!,positive\nТы тупой клоун,trolling\n", encoding="utf-8")
    call_command("evaluate_classifier", "--input", str(path))
    out = capsys.readouterr().out
    assert "trolling" in out and "precision" in out


@pytest.mark.skipif(not CORPORA.exists(), reason="the corpora folder is not beside the repository")
def test_evaluate_classifier_command_on_held_out_corpora(capsys):
    call_command("evaluate_classifier", "--corpus-dir", str(CORPORA), "--no-attacks")
    out = capsys.readouterr().out
    assert "held-out rows that training never saw" in out
    assert "en_complaint_airline (eval only)" in out and "target Russian brand tweets" in out


# Texts that probe the batch's shortcuts: a look-alike letter that matches case-insensitively
# (Kelvin sign, long s, dotted capital I, narrow Cyrillic o), the batch separators inside a
# text, the shortest laughs, an emoji, a lone surrogate, an empty text.
TRICKY_TEXTS = [
    "вчера в 19:40 ахаха 🤡 http://x.ru @kolosok",
    "Позавчера привезли не то",
    "ОРУ))) lol",
    "аххааха вот вам забава))",
    "HAHA you clowns",
    "",
    "plain text without anything",
    "\u212aek, what a ſcam, HTTP://x.io",
    "İstanbul order 12345 on 12/05, 1 250 руб",
    "ᲂру с вас, @brand",
    "text with a\x00NUL 12 руб and \ue000 private use",
    "\ud83d broken surrogate 😂",
    "Заказ №482913 привезли 12 марта в 14:30 на ул. Ленина, 5, рейс SU 1234",
]


def _assert_batch_equals_plain(texts):
    values, facts = features.batch_signals(features.TextBatch(texts))
    for i, text in enumerate(texts):
        plain, found = features._text_signals_plain(text, text.lower())
        assert values[i].tolist() == np.asarray(plain, dtype=np.float32).tolist(), text
        assert features.fact_names(facts[i]) == found, text


def test_batched_text_signals_equal_running_every_expression_on_each_text():
    texts = [r["text"] for r in corpus.generate(seed=8, per_class=40)] + TRICKY_TEXTS
    _assert_batch_equals_plain(texts)
    _assert_batch_equals_plain(TRICKY_TEXTS[::-1])
    assert features.batch_signals(features.TextBatch([]))[0].shape == (0, len(features.TEXT_SIGNALS))
    batch = features.TextBatch(TRICKY_TEXTS)
    assert batch.tokens() == [features.tokens(t) for t in TRICKY_TEXTS]
    assert batch.languages() == [features.detect_language(t) for t in TRICKY_TEXTS]


def _held_out_sample(size):
    from negativity.ml import corpora

    _train, test = corpora.split(corpora.read_all(CORPORA), classification.holdout_keys())
    texts = [r.text for rs in test.values() for r in rs]
    return texts[:: max(1, len(texts) // size)]


@pytest.mark.skipif(not CORPORA.exists(), reason="the corpora folder is not beside the repository")
def test_batched_text_signals_equal_the_reference_on_real_held_out_texts():
    _assert_batch_equals_plain(_held_out_sample(4000))


def test_a_batch_classifies_each_text_as_it_would_alone(starter_model):
    """Texts joined into one batch do not leak into each other (bigrams, facts, laughter, the
    separators), also when the per-word cache is emptied in between."""
    texts = TRICKY_TEXTS + [r["text"] for r in corpus.generate(seed=11, per_class=10)]
    alone = [_one(starter_model, t) for t in texts]
    assert starter_model.predict([{"text": t} for t in texts]) == alone
    assert list(starter_model.categories(texts)) == [p.category for p in alone]
    fresh = classifier.TextModel.from_bytes(classification.MODEL_FILE.read_bytes())
    fresh.vectorizer.analyse([[f"w{i}" for i in range(3000)]])  # the word cache outgrows its first size
    assert len(fresh.vectorizer._lid) > 3000
    assert fresh.predict([{"text": t} for t in texts]) == alone


def test_full_word_cache_is_emptied_and_results_stay(starter_model, monkeypatch):
    texts = [r["text"] for r in corpus.generate(seed=12, per_class=10)]
    before = starter_model.predict([{"text": t} for t in texts])
    fresh = classifier.TextModel.from_bytes(classification.MODEL_FILE.read_bytes())
    monkeypatch.setattr(vectorizer, "CACHE_LIMIT", 20)
    for i in range(0, len(texts), 7):
        assert fresh.predict([{"text": t} for t in texts[i : i + 7]]) == before[i : i + 7]
    assert len(fresh.vectorizer._ids) < 20 + 7 * 60


def test_threads_sharing_one_model_get_the_answers_of_one_thread(starter_model, monkeypatch):
    """Ingest threads share the shipped model and its word cache (filled and emptied as they go)."""
    from concurrent.futures import ThreadPoolExecutor

    texts = [r["text"] for r in corpus.generate(seed=13, per_class=25)]
    batches = [texts[i : i + 9] for i in range(0, len(texts), 9)]
    expected = [list(starter_model.categories(b)) for b in batches]
    fresh = classifier.TextModel.from_bytes(classification.MODEL_FILE.read_bytes())
    monkeypatch.setattr(vectorizer, "CACHE_LIMIT", 40)
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _round in range(3):
            assert list(pool.map(lambda b: list(fresh.categories(b)), batches)) == expected
