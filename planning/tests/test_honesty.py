"""Honesty flags: a pure function, tested without a database."""

import pytest
from django.utils import translation

from planning.honesty import flag_codes, honesty_flags


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Наш хлеб — 100% гарантия здоровья!", "absolute_promise"),
        ("Гарантируем, что вы похудеете.", "absolute_promise"),
        ("Results guaranteed or your money back", "absolute_promise"),
        ("Самый вкусный круассан в городе", "superlative"),
        ("Лучший хлеб в мире", "superlative"),
        ("The best in the world sourdough", "superlative"),
        ("Мы №1 среди пекарен", "superlative"),
        ("9 из 10 врачей рекомендуют наш хлеб", "unsourced_number"),
        ("Полезнее в 5 раз, чем обычный батон", "unsourced_number"),
        ("9 out of 10 doctors recommend it", "unsourced_number"),
        ("3x faster delivery", "unsourced_number"),
    ],
)
def test_honesty_flags_finds_misleading_claim(text, code):
    assert code in flag_codes(honesty_flags(text))


def test_honesty_flags_clean_text_has_no_flags():
    assert honesty_flags("Свежий ржаной хлеб на закваске, испечён сегодня в 6 утра.") == []
    assert honesty_flags("Fresh rye bread baked this morning.") == []


def test_honesty_flags_number_with_source_is_not_flagged():
    text = "По данным опроса ВЦИОМ 2025 года, 7 из 10 россиян завтракают дома."
    assert "unsourced_number" not in flag_codes(honesty_flags(text))


def test_honesty_flags_partner_publication_without_marking_is_flagged():
    flags = honesty_flags("Попробуйте новые булочки «Колосок»!", kind="partner_publication")
    assert flag_codes(flags) == ["ad_marking_missing"]
    assert "erid" in flags[0].message


def test_honesty_flags_partner_publication_with_label_but_no_erid_is_flagged():
    flags = honesty_flags("Реклама. Попробуйте новые булочки!", kind="ad")
    assert flag_codes(flags) == ["ad_marking_missing"]


def test_honesty_flags_marked_partner_publication_passes():
    text = "Реклама. ООО «Колосок», ИНН 7700000000. erid: 2VtzqwX9aB1"
    assert honesty_flags(text, kind="partner_publication") == []
    assert honesty_flags("Реклама. Булочки!", kind="ad", erid="2VtzqwX9aB1") == []


def test_honesty_flags_post_needs_no_marking():
    assert honesty_flags("Попробуйте новые булочки!", kind="post") == []


def test_honesty_flags_message_in_russian_and_english():
    with translation.override("en"):
        en = honesty_flags("100% гарантия")[0].message
    assert en.startswith("Absolute promise")
    with translation.override("ru"):
        ru = honesty_flags("100% гарантия")[0].message
    assert ru != en and "100% гарантия" in ru


def test_honesty_flags_several_codes_in_stable_order():
    text = "Гарантируем результат! Самый вкусный хлеб. 9 из 10 мам выбирают нас."
    assert flag_codes(honesty_flags(text, kind="ad")) == [
        "absolute_promise",
        "superlative",
        "unsourced_number",
        "ad_marking_missing",
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Наш хлеб лечит гастрит", "health_claim"),
        ("Этот чай излечивает бессонницу", "health_claim"),
        ("Десерт без калорий!", "absolute_promise"),
        ("100% натуральный состав", "absolute_promise"),
        ("Cures insomnia in a week", "health_claim"),
    ],
)
def test_health_claims_and_absolute_promises_are_flagged(text, code):
    assert code in [f.code for f in honesty_flags(text)]


def test_an_honest_text_is_not_flagged_as_a_health_claim():
    assert honesty_flags("Свежий хлеб на закваске, печём каждое утро.") == []
