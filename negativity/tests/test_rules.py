"""Pure rules: risk, SLA, routing, playbook variables, row validation (no database)."""

from datetime import UTC, datetime, timedelta

from negativity import rules
from negativity.ml import features


def test_risk_score_ordered_with_alarming_words_and_big_audience_is_high():
    risk, reasons = rules.risk_score(
        rules.RiskInput(
            category="ordered", confidence=1.0, followers=100_000, likes=500, replies=250, alarming=["суд"]
        )
    )
    # 50 (category) + 20*log10(100001)/6 (16.7) + 15 (engagement 1000 -> capped) + 25 (alarming) = 106.7 -> 100
    assert risk == 100
    assert [r["code"] for r in reasons] == ["category", "audience", "virality", "alarming"]


def test_risk_score_positive_without_audience_is_zero():
    risk, reasons = rules.risk_score(rules.RiskInput(category="positive", confidence=0.9))
    assert risk == 0
    assert reasons == []


def test_risk_score_natural_scales_with_confidence():
    risk, _ = rules.risk_score(rules.RiskInput(category="natural", confidence=0.5))
    assert risk == 28  # 35 * (0.6 + 0.4 * 0.5)


def test_sla_deadline_takes_the_highest_matching_risk_band():
    at = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    policies = [("natural", 0, 240), ("natural", 70, 60), ("ordered", 0, 30)]
    assert rules.sla_deadline(
        category="natural", risk=75, received_at=at, policies=policies
    ) == at + timedelta(minutes=60)
    assert rules.sla_deadline(
        category="natural", risk=10, received_at=at, policies=policies
    ) == at + timedelta(minutes=240)
    assert rules.sla_deadline(category="positive", risk=10, received_at=at, policies=policies) is None


def test_rule_matches_when_every_condition_holds():
    mention = rules.RoutedMention("vk", "ordered", "quality", 80, "Не покупайте, будем подавать в суд")
    assert rules.rule_matches(
        [{"field": "category", "value": "ordered"}, {"field": "risk_at_least", "value": "70"}], mention
    )
    assert rules.rule_matches([{"field": "keyword", "value": "роспотребнадзор, суд"}], mention)
    assert not rules.rule_matches([{"field": "source", "value": "telegram"}], mention)
    assert not rules.rule_matches([{"field": "risk_at_least", "value": "81"}], mention)


def test_validate_rule_reports_unknown_fields_and_missing_actions():
    errors = rules.validate_rule([{"field": "mood", "value": "x"}], [])
    assert set(errors) == {"conditions", "actions"}
    assert rules.validate_rule([{"field": "category", "value": "trolling"}], [{"action": "hide"}]) == {}


def test_render_template_keeps_unknown_variables_visible():
    assert (
        rules.render_template(
            "{author}, заказ {order_number} {x}", {"author": "Анна", "order_number": "123456"}
        )
        == "Анна, заказ 123456 {x}"
    )


def test_clean_row_returns_field_errors():
    row, errors = rules.clean_row(
        {"source": "vk", "text": "", "published_at": "вчера", "url": "ftp://x"}, max_text=10
    )
    assert row is None
    assert set(errors) == {"external_id", "text", "published_at", "url", "author"}


def test_clean_row_rejects_text_over_the_limit():
    _row, errors = rules.clean_row(
        {
            "source": "vk",
            "external_id": "1",
            "text": "x" * 11,
            "published_at": "2026-03-01T10:00:00Z",
            "author": {"handle": "a"},
        },
        max_text=10,
    )
    assert errors == {"text": ["At most 10 characters."]}


def test_clean_row_normalises_a_valid_row():
    row, errors = rules.clean_row(
        {
            "source": " VK ",
            "external_id": 7,
            "text": " Привет ",
            "published_at": "2026-03-01T10:00:00+03:00",
            "author": {"handle": "anna", "followers": "15", "created_at": "2026-02-01"},
            "reach": 100,
        },
        max_text=100,
    )
    assert errors == {}
    assert row["source"] == "vk" and row["external_id"] == "7" and row["text"] == "Привет"
    assert row["author_followers"] == 15 and row["reach"] == 100 and row["likes"] is None


def test_features_find_argument_markers_and_order_number():
    text = "Заказ №123456 привезли 12 марта в 19:40, оплатили 560 ₽"
    assert features.argument_markers(text) == ["order_number", "date", "time", "amount"]
    assert features.order_number(text) == "123456"
    assert features.alarming_words("Пишем в Роспотребнадзор, это отравление") == [
        "роспотребнадзор",
        "отравлен",
    ]


def test_detect_language_by_alphabet():
    assert features.detect_language("Хлеб чёрствый") == "ru"
    assert features.detect_language("The bread is stale") == "en"


def test_lemmatise_russian_to_normal_forms():
    assert features.lemmatise("Курьеры опоздали с заказами 2026") == "курьер опоздать с заказ num4"


def test_an_ingest_date_is_read_trimmed_as_a_moment_or_a_day_and_nothing_else():
    moment = rules.parse_datetime_value("  2026-03-01T10:00:00+03:00\n")
    assert moment == datetime(2026, 3, 1, 7, 0, tzinfo=UTC)
    day = rules.parse_datetime_value(" 2026-03-01 ")
    assert (day.year, day.month, day.day, day.hour) == (2026, 3, 1, 0) and day.tzinfo is not None
    for unreadable in ("", "   ", "2026-02-31", "2026-13-01T00:00:00", "yesterday-ish", None, 20260301):
        assert rules.parse_datetime_value(unreadable) is None, unreadable
    assert rules.parse_datetime_value("9999-12-31T23:59:59-05:00") is None  # year 10000 in UTC
