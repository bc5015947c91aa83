"""Quality of the starter classifier on examples it never saw (another seed of the generator),
and the evaluate_classifier command."""

import csv

from django.core.management import call_command

from negativity.ml import classifier, corpus


def test_starter_corpus_has_hundreds_of_examples_per_category_and_language():
    records = corpus.generate(per_class=400)
    counts = {}
    for r in records:
        counts[(r["label"], r["language"])] = counts.get((r["label"], r["language"]), 0) + 1
    assert len(counts) == 10
    assert min(counts.values()) == 400
    assert len({r["text"] for r in records}) == len(records)


def test_classifier_macro_f1_on_unseen_examples_is_above_threshold(starter_model):
    unseen = corpus.generate(seed=4242, per_class=80)
    predictions = starter_model.predict(unseen)
    report = classifier.evaluate(
        [r["label"] for r in unseen], [p.category for p in predictions], corpus.CATEGORIES
    )
    assert report["macro_f1"] >= 0.9, report
    topic = classifier.evaluate([r["topic"] for r in unseen], [p.topic for p in predictions], corpus.TOPICS)
    assert topic["accuracy"] >= 0.8, topic


def test_holdout_evaluation_travels_with_the_model(starter_model):
    category = starter_model.evaluation["category"]
    assert category["labels"] == corpus.CATEGORIES
    assert category["size"] == 800  # 20 % of 4000
    assert category["macro_f1"] >= 0.9


def test_prediction_explains_itself(starter_model):
    [p] = starter_model.predict(
        [
            {
                "text": "Заказ №482913 привезли 12 марта на 3 часа позже, всё остыло. Верните деньги.",
                "author_age_days": 900,
                "author_followers": 150,
                "author_mentions": 2,
                "author_negative": 0,
            }
        ]
    )
    assert (p.language, p.category, p.sentiment, p.topic) == ("ru", "natural", "negative", "delivery")
    assert p.markers == ["order_number", "date"]
    assert p.terms


def test_new_empty_account_with_boycott_call_is_ordered(starter_model):
    [p] = starter_model.predict(
        [
            {
                "text": "Не покупайте в Колосок! Отравилась после их выпечки, пишем в Роспотребнадзор. Расскажите всем!",
                "author_age_days": 2,
                "author_followers": 0,
                "author_mentions": 0,
                "author_negative": 0,
            }
        ]
    )
    assert p.category == "ordered"
    assert p.alarming == ["отравил", "роспотребнадзор"]


def test_model_round_trips_through_bytes(starter_model):
    again = classifier.loads(classifier.dumps(starter_model))
    text = [{"text": "Best croissant in town, thanks!"}]
    assert again.predict(text)[0].category == starter_model.predict(text)[0].category == "positive"


def test_evaluate_classifier_command_prints_report(tmp_path, capsys):
    path = tmp_path / "eval.csv"
    rows = corpus.generate(seed=77, per_class=10)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["text", "label", "author_age_days", "author_followers"])
        writer.writeheader()
        for r in rows:
            writer.writerow({k: r[k] for k in writer.fieldnames})
    call_command("evaluate_classifier", "--input", str(path))
    out = capsys.readouterr().out
    assert "Model starter on 100 examples" in out
    assert "confusion matrix (rows: true, columns: predicted)" in out
    for label in corpus.CATEGORIES:
        assert label in out
