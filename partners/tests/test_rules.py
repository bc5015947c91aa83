"""Pure rules and the vectorised fit score, without a database."""

from decimal import Decimal

import numpy as np
import pytest

from partners import rules, scoring
from partners.enums import Stage, Verdict


@pytest.fixture(autouse=True)
def _english():
    """Sentences are asserted in English (the source language)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("current", "target", "has_deal", "allowed"),
    [
        ("prospect", "contacted", False, True),
        ("prospect", "completed", False, False),
        ("prospect", "completed", True, False),
        ("negotiating", "agreed", False, False),
        ("negotiating", "agreed", True, True),
        ("active", "completed", True, True),
        ("declined", "prospect", False, True),
        ("contacted", "contacted", False, True),
        ("contacted", "nonsense", False, False),
    ],
)
def test_check_stage_move_follows_pipeline(current, target, has_deal, allowed):
    assert rules.check_stage_move(current=current, target=target, has_deal=has_deal).allowed is allowed


def test_check_stage_move_without_deal_explains_why():
    check = rules.check_stage_move(current="negotiating", target="agreed", has_deal=False)
    assert check.message == "Close a deal with the partner before moving it to “Agreed”."


@pytest.mark.parametrize(
    ("current", "is_offer", "expected"),
    [
        ("prospect", False, Stage.CONTACTED),
        ("prospect", True, Stage.NEGOTIATING),
        ("contacted", True, Stage.NEGOTIATING),
        ("contacted", False, Stage.CONTACTED),
        ("agreed", True, Stage.AGREED),
    ],
)
def test_auto_stage_after_step_only_moves_forward(current, is_offer, expected):
    assert rules.auto_stage_after_step(current=current, is_offer=is_offer) == expected


def results(**kw):
    base = {
        "price": Decimal("10000"),
        "reach": 20000,
        "clicks": 500,
        "conversions": 5,
        "revenue": Decimal("15000"),
        "deliverables": 2,
        "delivered": 2,
    }
    base.update(kw)
    return rules.DealResults(**base)


def test_deal_results_compute_cpa_roi_cpm():
    r = results()
    assert (r.cpa, r.roi, r.cpm) == (Decimal("2000.00"), Decimal("50.00"), Decimal("500.00"))


def test_deal_results_zero_price_has_no_roi():
    assert results(price=Decimal("0")).roi is None


def test_work_again_yes_when_paid_back_and_delivered():
    verdict, reasons = rules.work_again_verdict(results())
    assert verdict == Verdict.YES
    assert "ROI 50.0% against the price." in reasons


def test_work_again_no_without_conversions():
    verdict, _ = rules.work_again_verdict(results(conversions=0, revenue=Decimal("0")))
    assert verdict == Verdict.NO


def test_work_again_maybe_when_loss_is_moderate():
    verdict, _ = rules.work_again_verdict(results(revenue=Decimal("7000")))
    assert verdict == Verdict.MAYBE


def test_work_again_yes_when_cpa_within_goal_even_at_a_loss():
    verdict, _ = rules.work_again_verdict(results(revenue=Decimal("7000")), max_cpa=Decimal("2500"))
    assert verdict == Verdict.YES


def test_work_again_insufficient_without_deliverables():
    assert rules.work_again_verdict(results(deliverables=0, delivered=0))[0] == Verdict.INSUFFICIENT_DATA


def test_rating_from_results_rewards_payback_and_promises():
    assert rules.rating_from_results(results(revenue=Decimal("20000"))) == Decimal("5.0")
    assert rules.rating_from_results(results(revenue=Decimal("0"), delivered=1)) == Decimal("0.8")


def test_blend_rating_averages_with_earlier_deals():
    assert rules.blend_rating(Decimal("4.0"), 3, Decimal("2.0")) == Decimal("3.5")
    assert rules.blend_rating(None, 0, Decimal("2.0")) == Decimal("2.0")


def test_terms_lemmatise_russian_words_and_drop_stop_words():
    assert rules.terms("Любят свежую выпечку и выпечка для детей") == [
        "любить",
        "свежий",
        "выпечка",
        "ребёнок".replace("ё", "е"),
    ]


def candidates(n=3, **overrides):
    data = {
        "ids": np.arange(1, n + 1),
        "audience": np.array([300_000.0, 300_000.0, 300_000.0])[:n],
        "engagement": np.array([3.0, 3.0, 40.0])[:n],
        "platform_audience": np.array([300_000.0, 0.0, 300_000.0])[:n],
        "min_price": np.array([30_000.0, 30_000.0, 30_000.0])[:n],
        "rating": np.array([np.nan, np.nan, np.nan])[:n],
        "past_roi": np.array([np.nan, np.nan, np.nan])[:n],
        "past_deals": np.zeros(n),
        "topic_matches": np.array([3.0, 0.0, 3.0])[:n],
        "topic_terms": np.array([3.0, 2.0, 3.0])[:n],
    }
    data.update(overrides)
    return scoring.Candidates(**data)


CTX = scoring.FitContext(budget=400_000.0, campaign_terms=10, has_channels=True)


def test_score_ranks_on_topic_partner_above_off_topic_and_flags_fake_engagement():
    c = candidates()
    s = scoring.score_candidates(c, CTX)
    assert list(scoring.rank(s, 3)) == [0, 2, 1]
    assert list(s.flags["suspicious_engagement"]) == [False, False, True]
    assert s.score[0] > s.score[2] > s.score[1]


def test_score_rewards_good_track_record():
    c = candidates(
        n=2,
        topic_matches=np.array([1.0, 1.0]),
        rating=np.array([5.0, 1.0]),
        platform_audience=np.array([300_000.0, 300_000.0]),
        engagement=np.array([3.0, 3.0]),
    )
    s = scoring.score_candidates(c, CTX)
    assert s.score[0] > s.score[1]
    assert list(s.flags["poor_track_record"]) == [False, True]


def test_score_flags_dead_audience():
    c = candidates(n=1, engagement=np.array([0.05]))
    s = scoring.score_candidates(c, CTX)
    assert bool(s.flags["dead_audience"][0]) is True
    assert [r["code"] for r in scoring.explain(c, s, 0, CTX)][3] == "risk_er_low"


def test_explain_gives_sentences_for_each_component():
    c = candidates()
    s = scoring.score_candidates(c, CTX)
    reasons = scoring.explain(c, s, 0, CTX)
    assert [r["code"] for r in reasons] == [
        "topics_match",
        "platforms",
        "audience_fits",
        "er_good",
        "cpm_cheap",
    ]
    assert (
        scoring.reason_text("platforms", reasons[1]["params"])
        == "100% of the partner's audience is on the campaign's channels."
    )


def test_score_of_no_candidates_is_empty():
    empty = np.array([])
    c = scoring.Candidates(
        ids=empty,
        audience=empty,
        engagement=empty,
        platform_audience=empty,
        min_price=empty,
        rating=empty,
        past_roi=empty,
        past_deals=empty,
        topic_matches=empty,
        topic_terms=empty,
    )
    s = scoring.score_candidates(c, CTX)
    assert len(s.score) == 0 and len(scoring.rank(s, 10)) == 0


def test_feature_vector_packs_platform_audience_and_topic_codes():
    import struct

    vector = rules.feature_vector(
        topic_terms=["выпечка", "семья"],
        platform_audience={"telegram": 500, "vk": 1000},
        platforms=["vk", "telegram", "ok"],
    )
    values = struct.unpack(f">{3 + rules.TOPIC_SLOTS}d", vector)
    assert values[:3] == (1000.0, 500.0, 0.0)
    assert values[3:5] == (rules.term_code("выпечка"), rules.term_code("семья"))
    assert values[5:] == (0.0,) * (rules.TOPIC_SLOTS - 2)


def test_work_again_reasons_read_russian_numbers():
    from django.utils import translation

    with translation.override("ru"):
        _verdict, reasons = rules.work_again_verdict(results(), max_cpa=Decimal("2500"))
    assert "ROI 50,0% относительно цены." in reasons
    assert any("2\u00a0000,00" in r and "2\u00a0500,00" in r for r in reasons), reasons
