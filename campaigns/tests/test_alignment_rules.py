"""The alignment engine's pure rules, without a database."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import translation

from campaigns import alignment
from campaigns.alignment import CampaignFacts, Thresholds, Window, judge, render_reason

AS_OF = date(2026, 3, 31)
T = Thresholds()


def window(days=30, followers_avg=0, **totals) -> Window:
    return Window(
        days=days,
        totals={k: Decimal(str(v)) for k, v in totals.items()},
        followers_avg=Decimal(followers_avg),
    )


def facts(**overrides) -> CampaignFacts:
    """A healthy running traffic campaign for a sales goal, half-way through."""
    base = {
        "objective": "traffic",
        "status": "running",
        "starts_on": AS_OF - timedelta(days=59),
        "ends_on": AS_OF + timedelta(days=60),
        "as_of": AS_OF,
        "budget": Decimal("200000"),
        "goal_kind": "sales",
        "goal_target_metric": "sales",
        "goal_max_cost_per_result": Decimal("1000"),
        "kpis": (("sales", Decimal("200")),),
        "days_with_data": 60,
        "last_post_on": AS_OF - timedelta(days=1),
        "total": window(
            60,
            impressions=200000,
            reach=120000,
            clicks=6000,
            engagements=9000,
            leads=300,
            sales=100,
            revenue=150000,
            spend=60000,
        ),
        "recent": window(
            30,
            10500,
            impressions=100000,
            reach=60000,
            clicks=3000,
            engagements=4500,
            leads=150,
            sales=55,
            spend=30000,
        ),
        "previous": window(
            30,
            10000,
            impressions=100000,
            reach=60000,
            clicks=3000,
            engagements=4500,
            leads=150,
            sales=45,
            spend=30000,
        ),
    }
    base.update(overrides)
    return CampaignFacts(**base)


def codes(judgement) -> list[str]:
    return [r.code for r in judgement.reasons]


def test_judge_healthy_traffic_campaign_for_sales_goal_is_aligned():
    result = judge(facts(), T)
    assert result.verdict == "aligned"
    assert codes(result) == ["chain", "chain_rate", "chain_rate", "cost_ok", "kpi_on_pace", "on_track"]
    assert result.reasons[0].params["steps"] == ["clicks", "leads", "sales"]
    assert result.reasons[3].params == {"unit": "sales", "cost": "600", "limit": "1000"}


def test_judge_campaign_without_goal_is_misaligned():
    result = judge(facts(goal_kind=None), T)
    assert result.verdict == "misaligned"
    assert codes(result) == ["no_goal"]


def test_judge_objective_that_cannot_serve_goal_kind_is_misaligned():
    result = judge(facts(objective="reach", goal_kind="leads"), T)
    assert result.verdict == "misaligned"
    assert result.reasons[0].code == "objective_cannot_serve"
    with translation.override("en"):
        assert render_reason(result.reasons[0].as_dict()).startswith(
            "The objective “reach” cannot serve a goal of kind “leads”."
        )
    assert result.reasons[0].params["allowed"] == [
        "leads",
        "sales",
        "community_growth",
        "engagement",
        "traffic",
    ]


def test_judge_draft_campaign_has_insufficient_data():
    result = judge(facts(status="draft"), T)
    assert result.verdict == "insufficient_data"
    assert codes(result) == ["chain", "not_started"]


def test_judge_few_days_of_data_is_insufficient_data():
    result = judge(facts(days_with_data=3), T)
    assert result.verdict == "insufficient_data"
    assert result.reasons[-1].params == {"days": 3, "needed": 7}


def test_judge_money_spent_without_results_after_grace_is_zero_effect():
    total = window(60, impressions=200000, reach=120000, clicks=6000, engagements=9000, spend=60000)
    result = judge(facts(total=total), T)
    assert result.verdict == "misaligned"
    assert codes(result)[1] == "zero_effect"
    assert result.reasons[1].params == {"spend": "60000", "days": 60, "unit": "sales"}


def test_judge_spend_without_results_within_grace_is_at_risk():
    total = window(5, impressions=2000, reach=1000, clicks=60, spend=1000)
    f = facts(total=total, starts_on=AS_OF - timedelta(days=9), days_with_data=10, kpis=())
    result = judge(f, T)
    assert result.verdict == "at_risk"
    assert "no_results_yet" in codes(result)


def test_judge_chain_broken_between_clicks_and_leads_is_at_risk():
    total = window(
        60, impressions=200000, reach=120000, clicks=6000, engagements=9000, leads=0, sales=10, spend=5000
    )
    result = judge(facts(total=total, kpis=()), T)
    assert "chain_broken" in codes(result)
    assert result.reasons[1].params == {"from": "clicks", "to": "leads", "volume": "6000"}


def test_judge_cost_per_sale_over_tolerance_is_at_risk_and_over_double_is_misaligned():
    over = facts(total=window(60, clicks=6000, leads=300, sales=100, spend=130000), kpis=())
    assert judge(over, T).verdict == "at_risk"
    assert "cost_over" in codes(judge(over, T))
    far = facts(total=window(60, clicks=6000, leads=300, sales=100, spend=250000), kpis=())
    assert judge(far, T).verdict == "misaligned"
    assert "cost_far_over" in codes(judge(far, T))


def test_judge_cost_falls_back_to_cost_kpi_without_goal_economics():
    f = facts(goal_max_cost_per_result=None, kpis=(("cost_per_sale", Decimal("450")),))
    result = judge(f, T)
    cost = next(r for r in result.reasons if r.code.startswith("cost"))
    assert cost.code == "cost_over"
    assert cost.params == {"unit": "sales", "cost": "600", "limit": "450"}


def test_judge_no_economics_is_only_informative():
    result = judge(facts(goal_max_cost_per_result=None), T)
    assert result.verdict == "aligned"
    assert "no_economics" in codes(result)


def test_judge_kpi_pacing_behind_and_far_behind():
    # Half-way (60 of 120 days): 200 sales expected 100 by now.
    behind = facts(kpis=(("sales", Decimal("140")),))  # expected 70, actual 100: on pace
    assert judge(behind, T).verdict == "aligned"
    at_risk = facts(kpis=(("sales", Decimal("280")),))  # expected 140: pace 0.71
    assert judge(at_risk, T).verdict == "at_risk"
    assert "kpi_behind" in codes(judge(at_risk, T))
    far = facts(kpis=(("sales", Decimal("500")),))  # expected 250: pace 0.4 on the result metric
    assert judge(far, T).verdict == "misaligned"
    assert "kpi_far_behind" in codes(judge(far, T))
    side = facts(kpis=(("reach", Decimal("1000000")),))  # a side KPI far behind only puts it at risk
    assert judge(side, T).verdict == "at_risk"


def test_judge_vanity_growth_without_goal_movement_is_at_risk():
    recent = window(30, 10500, reach=90000, engagements=4500, clicks=3000, leads=150, sales=40, spend=30000)
    result = judge(facts(recent=recent), T)
    assert result.verdict == "at_risk"
    vanity = next(r for r in result.reasons if r.code == "vanity")
    assert vanity.params == {
        "metric": "reach",
        "growth": "50",
        "goal_metric": "sales",
        "goal_now": "1.33",
        "goal_before": "1.50",
    }


def test_judge_vanity_is_not_flagged_for_awareness_goals():
    recent = window(30, 10500, impressions=150000, reach=90000, engagements=4500, spend=30000)
    f = facts(objective="reach", goal_kind="awareness", goal_max_cost_per_result=None, kpis=(), recent=recent)
    assert "vanity" not in codes(judge(f, T))


def test_dead_community_signals_each_and_together():
    quiet = facts(last_post_on=AS_OF - timedelta(days=20))
    assert [r.code for r in alignment.dead_community_signals(quiet, T)] == ["dead_no_posts"]
    never = facts(last_post_on=None)
    assert alignment.dead_community_signals(never, T)[0].params == {"days": None, "limit": 14}
    dull = facts(recent=window(30, 10000, reach=60000, engagements=300, sales=55))
    assert [r.code for r in alignment.dead_community_signals(dull, T)] == [
        "dead_low_engagement",
        "dead_followers_flat",
        "dead_community",
    ]
    collapse = facts(
        recent=window(30, 10500, reach=20000, engagements=4500, sales=55),
        last_post_on=AS_OF - timedelta(days=30),
    )
    signals = [r.code for r in alignment.dead_community_signals(collapse, T)]
    assert signals == ["dead_no_posts", "dead_reach_collapse", "dead_community"]
    assert judge(collapse, T).verdict == "misaligned"


def test_dead_community_thresholds_come_from_workspace_settings():
    quiet = facts(last_post_on=AS_OF - timedelta(days=20))
    assert alignment.dead_community_signals(quiet, Thresholds(dead_no_posts_days=30)) == []


def test_objectives_for_lists_direct_first():
    assert alignment.objectives_for("awareness") == ["community_growth", "engagement", "reach", "traffic"]
    assert alignment.chain_for("sales", "traffic") == (("clicks", "leads", "sales"), "indirect")
    assert alignment.chain_for(None, "traffic") is None


def test_render_reason_chain_in_english_and_russian():
    reason = judge(facts(), T).reasons[0].as_dict()
    with translation.override("en"):
        assert render_reason(reason) == (
            "Objective “traffic” serving a goal of kind “sales”: the campaign is judged by its "
            "clicks -> leads -> sales conversion and cost per sale against the goal's target."
        )
    with translation.override("ru"):
        text = render_reason(reason)
    assert "клики" in text.lower() or "кликов" in text.lower()


def test_render_reason_every_code_renders_without_placeholders():
    samples = [
        judge(facts(goal_kind=None), T),
        judge(facts(objective="reach", goal_kind="leads"), T),
        judge(facts(status="draft"), T),
        judge(facts(days_with_data=2), T),
        judge(facts(total=window(60, clicks=6000, spend=60000)), T),
        judge(facts(recent=window(30, 10500, reach=20000, engagements=100, sales=5), last_post_on=None), T),
        judge(facts(kpis=(("sales", Decimal("500")), ("ctr", Decimal("10")))), T),
        judge(facts(goal_max_cost_per_result=None), T),
    ]
    for lang in ("en", "ru"):
        with translation.override(lang):
            for j in samples:
                for r in j.reasons:
                    text = render_reason(r.as_dict())
                    assert "%(" not in text and text != r.code, (lang, r.code, text)


def test_render_reason_kpi_counts_are_whole_and_costs_are_money_in_both_languages():
    """An expected count by now is a share of the target (668.13 clicks): it reads as a whole
    number; a cost KPI reads as money with its sign; a rate as in the KPI table (its name says %)."""
    clicks = {
        "code": "kpi_behind",
        "params": {"metric": "clicks", "actual": "500", "expected": "668.13", "target": "1500"},
    }
    cost = {
        "code": "kpi_on_pace",
        "params": {"metric": "cost_per_lead", "actual": "545.50", "expected": "600", "target": "600"},
    }
    rate = {
        "code": "kpi_far_behind",
        "params": {"metric": "ctr", "actual": "1.25", "expected": "4", "target": "4"},
    }
    with translation.override("en"):
        assert render_reason(clicks) == (
            'KPI "Clicks" is behind pace: 500 against 668 expected by now (target 1,500).'
        )
        assert (
            render_reason(cost) == 'KPI "Cost per lead" is on pace: ₽545.50 against ₽600.00 expected by now.'
        )
        assert "1.25 against 4.00 expected" in render_reason(rate)
    with translation.override("ru"):
        text = render_reason(clicks)
        assert "500 при ожидаемых к этому дню 668 " in text and "1\u00a0500" in text and "668,13" not in text
        text = render_reason(cost)
        assert "545,50\u00a0₽ при ожидаемых к этому дню 600,00\u00a0₽" in text
        assert "1,25 при ожидаемых к этому дню 4,00" in render_reason(rate)
