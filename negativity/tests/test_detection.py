"""Attack detection over plain data (no database)."""

from datetime import UTC, datetime, timedelta

from negativity import detection

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ATTACK = [
    "Не покупайте в Колосок! Отравилась после их выпечки, вся семья в больнице. Обходите стороной!",
    "Не покупайте в Колосок! Отравилась после их выпечки, вся семья в больнице! Обходите стороной",
    "Не покупайте в Колоске! Отравилась после их выпечки, вся семья в больнице. Обходите стороной!!",
    "Люди, не покупайте в Колосок! Отравилась после их выпечки, вся семья в больнице. Обходите стороной!",
    "Не покупайте в Колосок! Отравился после их выпечки, вся семья в больнице. Обходите стороной!",
    "Не покупайте в Колосок!!! Отравилась после их выпечки, вся семья в больнице. Обходите стороной!",
]
OTHERS = [
    "Заказ №48213 привезли на два часа позже, всё остыло",
    "Круассан сегодня чудесный, спасибо!",
    "Во сколько открывается пекарня на Ленина?",
]


def _items(texts, *, new=True, start=0):
    return [
        detection.Item(
            id=start + i,
            source="vk",
            text=t,
            published_at=T0 + timedelta(minutes=3 * i),
            author_id=start + i,
            author_age_days=2 if new else 900,
            author_followers=3 if new else 400,
            author_history=0 if new else 12,
            category="ordered",
        )
        for i, t in enumerate(texts)
    ]


def test_near_duplicate_clusters_group_templated_texts_only():
    clusters = detection.near_duplicate_clusters(ATTACK + OTHERS)
    assert clusters == [[0, 1, 2, 3, 4, 5]]


def test_shared_phrases_are_the_repeated_wording():
    phrases = detection.shared_phrases(ATTACK)
    assert (
        phrases[0]
        == "не покупайте в колосок отравилась после их выпечки вся семья в больнице обходите стороной"
    )


def test_coordinated_cluster_of_new_accounts_is_confident():
    baselines = {"vk": detection.Baseline(mean=0.5, std=0.5)}
    found = detection.coordinated_clusters(_items(ATTACK), baselines)
    assert len(found) == 1
    members, assessment = found[0]
    assert [m.id for m in members] == [0, 1, 2, 3, 4, 5]
    assert assessment.signals["new_account_share"] == 1.0
    assert assessment.signals["authors"] == 6
    assert assessment.confidence >= 0.7


def test_same_texts_from_established_authors_in_a_busy_source_stay_below_threshold():
    baselines = {"vk": detection.Baseline(mean=40.0, std=10.0)}
    items = _items(ATTACK, new=False)
    for item in items:
        item.category = "natural"
    found = detection.coordinated_clusters(items[:5], baselines)
    assert found == []


def test_burst_groups_need_volume_above_baseline_and_new_accounts():
    texts = [f"Ужасный сервис номер {i} и вообще кошмар {i * 7}" for i in range(12)]
    items = _items(texts)
    assert (
        len(
            detection.burst_groups(
                items, {"vk": detection.Baseline(0.5, 0.5)}, since=T0 - timedelta(minutes=1)
            )
        )
        == 1
    )
    assert (
        detection.burst_groups(items, {"vk": detection.Baseline(20.0, 5.0)}, since=T0 - timedelta(minutes=1))
        == []
    )


def test_reposts_by_established_authors_at_usual_volume_are_not_an_attack():
    items = _items(ATTACK * 2, new=False)
    for n, item in enumerate(items):
        item.author_id = 100 + n
    assert detection.coordinated_clusters(items, {"vk": detection.Baseline(mean=10.0, std=3.0)}) == []
