"""Attack detection over plain data (no database): the normaliser, clustering, the verdicts."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from negativity import attack_gen, detection
from negativity.detection import normalise

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


def _items(rows, *, category="natural"):
    """Rows in the ingest format (``attack_gen``) as detection items."""
    out = []
    for k, r in enumerate(rows):
        author = r["author"]
        published = datetime.fromisoformat(r["published_at"])
        created = datetime.fromisoformat(author["created_at"])
        history = 3 if author["followers"] >= 20 else 1
        out.append(
            detection.Item(
                k,
                r["source"],
                r["text"],
                published,
                k,
                (published - created).total_seconds() / 86400,
                author["followers"],
                history,
                category,
            )
        )
    return out


# --- normaliser --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "variant",
    [
        "НЕ ПОКУПАЙТЕ В КОЛОСОК!!! Отравилась после их выпечки",
        "не покупайте в колосок 🤮🤮 отравилась после их выпечки 😡",
        "@kolosok_official не покупайте в колосок, отравилась после их выпечки https://vk.cc/abc",
        "Ne pokupayte v Kolosok! Otravilas posle ikh vypechki",
        "Нe пoкупaйтe в Кoлoсoк! Oтрaвилaсь пoслe их выпeчки",  # Latin look-alike letters
        "Не покупайте в Колосок! Отравилсь после их выпечкии",  # typos at the ends
        "не покупайте в #колосок, отравилась после их выпечки.",
    ],
)
def test_normaliser_takes_away_what_an_attack_varies(variant):
    plain = normalise.tokens("Не покупайте в Колосок! Отравилась после их выпечки")
    assert normalise.tokens(variant) == plain


def test_normaliser_keeps_different_words_apart():
    assert normalise.tokens("привезли холодный круассан") != normalise.tokens("курьер нагрубил на кассе")
    assert normalise.tokens("и в на не the a") == []


def test_features_do_not_care_about_the_order_of_phrases():
    a = normalise.features("Отравилась их выпечкой. Обходите стороной! Продают просрочку.")
    b = normalise.features("Продают просрочку. Отравилась их выпечкой. Обходите стороной!")
    assert normalise.jaccard(a, b) >= 0.6


# --- clustering --------------------------------------------------------------------------------
def test_near_duplicate_clusters_group_templated_texts_only():
    clusters = detection.near_duplicate_clusters(ATTACK + OTHERS)
    assert clusters == [[0, 1, 2, 3, 4, 5]]


@pytest.mark.parametrize(
    "styles",
    [
        ("plain",),
        ("typos", "caps", "emoji", "reorder"),
        ("translit", "links", "mentions", "hashtags"),
        ("lookalike", "punctuation", "chatter", "reorder"),
        attack_gen.STYLES,
    ],
)
def test_variants_of_one_attack_land_in_one_cluster(styles):
    rows = attack_gen.attack(size=40, start=T0, styles=styles, styles_per_post=min(3, len(styles)))
    genuine = attack_gen.genuine(count=100, end=T0)
    clusters = detection.near_duplicate_clusters([r["text"] for r in rows + genuine], min_size=5)
    biggest = clusters[0]
    assert sum(1 for i in biggest if i < 40) >= 37  # >= 90 % of the attack in one cluster
    assert all(i < 40 for i in biggest)  # and nothing else
    assert all(i >= 40 for c in clusters[1:] for i in c)  # no second cluster of the attack


def test_one_hundred_different_genuine_complaints_never_form_an_attack():
    rows = attack_gen.genuine(count=100, end=T0, days=7) + attack_gen.outage_wave(count=100, start=T0)
    items = _items(rows)
    baselines = {"vk": detection.Baseline(mean=1.0, std=1.0)}
    assert detection.coordinated_clusters(items, baselines) == []


def test_shared_phrases_are_the_repeated_wording():
    phrases = detection.shared_phrases(ATTACK)
    assert any("покупайте в колосок" in p for p in phrases)
    assert any("после их выпечки" in p for p in phrases)


# --- verdicts ----------------------------------------------------------------------------------
def test_coordinated_cluster_of_new_accounts_is_confident():
    rows = attack_gen.attack(size=12, start=T0, span_minutes=40, styles=("typos", "emoji"))
    found = detection.coordinated_clusters(_items(rows), {"vk": detection.Baseline(mean=0.5, std=0.5)})
    assert len(found) == 1
    members, assessment = found[0]
    assert len(members) == 12
    assert assessment.signals["new_account_share"] == 1.0
    assert assessment.signals["authors"] == 12
    assert assessment.signals["sync_share"] == 1.0
    assert assessment.confidence >= 0.8


def test_old_but_empty_bought_accounts_still_make_an_attack():
    rows = attack_gen.attack(size=20, start=T0, span_minutes=60, accounts="empty")
    found = detection.coordinated_clusters(_items(rows), {"vk": detection.Baseline(mean=0.5, std=0.5)})
    assert [len(m) for m, _a in found] == [20]


def test_same_texts_from_established_authors_are_not_an_attack():
    rows = attack_gen.attack(size=10, start=T0, span_minutes=30)
    items = _items(rows)
    for item in items:
        item.author_age_days, item.author_followers, item.author_history = 900, 400, 12
    assert detection.coordinated_clusters(items, {"vk": detection.Baseline(mean=0.5, std=0.5)}) == []


def test_a_genuine_wave_is_a_crisis_and_a_fresh_accounts_wave_is_a_burst():
    wave = _items(attack_gen.outage_wave(count=60, start=T0, span_minutes=50))
    baselines = {"vk": detection.Baseline(mean=1.0, std=1.0)}
    since = T0 - timedelta(minutes=5)
    [(kind, members, assessment)] = detection.volume_waves(wave, baselines, since=since)
    assert (kind, len(members)) == ("crisis", 60)
    assert assessment.signals["established_share"] == 1.0
    for item in wave:
        item.author_age_days, item.author_followers, item.author_history = 2, 1, 1
    assert [k for k, _m, _a in detection.volume_waves(wave, baselines, since=since)] == ["burst"]
    # the same volume is no wave where it is usual
    assert detection.volume_waves(wave, {"vk": detection.Baseline(mean=30.0, std=10.0)}, since=since) == []


def test_attack_and_wave_in_one_stream_are_told_apart():
    attack = attack_gen.attack(
        size=40, start=T0, span_minutes=50, styles=attack_gen.STYLES, styles_per_post=2
    )
    wave = attack_gen.outage_wave(count=100, start=T0, span_minutes=50)
    rows = attack + wave
    items = _items(rows)
    baselines = {"vk": detection.Baseline(mean=1.0, std=1.0)}
    found = detection.coordinated_clusters(items, baselines)
    assert len(found) == 1
    assert Counter(rows[m.id]["truth"] for m in found[0][0]) == Counter({"attack": 40})
    taken = {m.id for m in found[0][0]}
    waves = detection.volume_waves([i for i in items if i.id not in taken], baselines, since=T0)
    assert [(k, len(m)) for k, m, _a in waves] == [("crisis", 100)]


def test_similar_pairs_are_exactly_every_pair_at_the_threshold():
    """The prefix-filtered join finds the same pairs as comparing every pair (attacks in every
    style, genuine complaints and an outage wave; sizes from one stem up)."""
    from negativity.detection import clusters

    rows = attack_gen.attack(size=40, start=T0, styles=attack_gen.STYLES, styles_per_post=3)
    rows += attack_gen.attack(size=30, start=T0, seed=5, claim=1, language="en", styles=("typos", "reorder"))
    rows += attack_gen.genuine(count=150, end=T0) + attack_gen.outage_wave(count=80, start=T0)
    texts = [r["text"] for r in rows] + ["хлеб", "хлеб батон", "", "хлеб батон булка мякиш"]
    sets = [frozenset(normalise.features(t)) for t in texts]

    def every_pair(threshold):
        return {
            (i, j): sim
            for i in range(len(sets))
            for j in range(i + 1, len(sets))
            if sets[i] and sets[j] and (sim := normalise.jaccard(sets[i], sets[j])) >= threshold
        }

    assert len(every_pair(clusters.THRESHOLD)) > 500
    for threshold in (clusters.THRESHOLD, 0.1, 0.5, 0.9):
        assert clusters.similar_pairs(sets, threshold=threshold) == every_pair(threshold), threshold
